"""``DicomReceiver``: the receive service (C-STORE SCP) of the window; received instances go into the
archive (the study browser follows the archive), counts show in the status bar."""
from __future__ import annotations

import queue

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

POLL_MS = 300


class DicomReceiver(QObject):
    """``received(int stored_total)`` on the GUI thread when new instances arrived."""

    received = Signal(int)
    error = Signal(str)

    def __init__(self, archive, settings, status_bar, parent=None) -> None:
        super().__init__(parent)
        self.archive, self.settings = archive, settings
        self.scp = None
        self._outcomes: queue.Queue = queue.Queue()
        self.stored = 0
        self.label = QLabel()
        self.label.setObjectName("receive_status")
        status_bar.addPermanentWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.update_label()

    @property
    def running(self) -> bool:
        return self.scp is not None

    def start(self) -> bool:
        """Listen on the saved AE title/port; ``False`` (and ``error``) when that is impossible."""
        from workstation.dicom_net.scp import StorageSCP

        self.stop()
        try:
            self.scp = StorageSCP(self.archive, self.settings.dicom_aet, self.settings.dicom_port,
                                  on_outcome=lambda outcome, aet: self._outcomes.put(outcome.status)).start()
        except (OSError, ValueError) as exc:
            self.scp = None
            self.error.emit(self.tr("Receive service not started: %s") % exc)
            self.update_label()
            return False
        self._timer.start()
        self.update_label()
        return True

    def stop(self) -> None:
        self._timer.stop()
        if self.scp is not None:
            self.scp.stop()
            self.scp = None
        self.update_label()

    def _poll(self) -> None:
        """GUI thread: count what the SCP stored since the last tick."""
        new = 0
        while True:
            try:
                status = self._outcomes.get_nowait()
            except queue.Empty:
                break
            new += status == "stored"
        if new:
            self.stored += new
            self.update_label()
            self.received.emit(self.stored)

    def update_label(self) -> None:
        """Re-text the status bar label (also after a language change)."""
        if self.scp is None:
            self.label.setText(self.tr("Receive: off"))
        else:
            self.label.setText(self.tr("Receive: %1 on port %2 · %3 received")
                               .replace("%1", self.settings.dicom_aet).replace("%2", str(self.settings.dicom_port))
                               .replace("%3", str(self.stored)))
