"""``ReceiveStatus``: the status-bar field and switch of the DICOM receive service
(``workstation.session.receiver.ReceiveService``, no Qt): received instances go into the archive (the study
browser follows it) and are counted here."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

POLL_MS = 300


class ReceiveStatus(QObject):
    """``received(int stored_total)`` on the GUI thread when new instances arrived; ``error(str)``."""

    received = Signal(int)
    error = Signal(str)

    def __init__(self, service, status_bar, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = service.settings
        self.label = QLabel()
        self.label.setObjectName("receive_status")
        status_bar.addPermanentWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.update_label()

    @property
    def running(self) -> bool:
        return self.service.running

    @property
    def stored(self) -> int:
        return self.service.stored

    def start(self) -> bool:
        """Listen on the saved AE title/port; ``False`` (and ``error``) when that is impossible."""
        try:
            self.service.start()
        except (OSError, ValueError) as exc:
            self.error.emit(self.tr("Receive service not started: %s") % exc)
            self.update_label()
            return False
        self._timer.start()
        self.update_label()
        return True

    def stop(self) -> None:
        self._timer.stop()
        self.service.stop()
        self.update_label()

    def _poll(self) -> None:
        """GUI thread: count what the SCP stored since the last tick."""
        if self.service.take_stored():
            self.update_label()
            self.received.emit(self.service.stored)

    def update_label(self) -> None:
        """Re-text the status bar label (also after a language change)."""
        if not self.service.running:
            self.label.setText(self.tr("Receive: off"))
        else:
            self.label.setText(self.tr("Receive: %1 on port %2 · %3 received")
                               .replace("%1", self.settings.dicom_aet).replace("%2", str(self.settings.dicom_port))
                               .replace("%3", str(self.service.stored)))
