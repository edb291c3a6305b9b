"""``SyncStatus``: the status-bar field of the CDSS sync. The sync itself is ``workstation.syncing.SyncLink``
(no Qt); this polls it from a timer on the GUI thread and shows ``status_parts`` translated."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from workstation.syncing.link import SyncStartError
from workstation.syncing.status import needs_attention, status_parts

POLL_MS = 250


class SyncStatus(QObject):
    """``state_changed(object SyncState)`` on the GUI thread after every sync round; ``orders_changed()`` when
    a round changed the reading store."""

    state_changed = Signal(object)
    orders_changed = Signal()

    def __init__(self, link, status_bar, parent=None) -> None:
        super().__init__(parent)
        self.link = link
        self.label = QLabel()
        self.label.setObjectName("sync_status")
        status_bar.addPermanentWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._show_off()

    # what tests and dialogs read of the link
    @property
    def client(self):
        return self.link.client

    @property
    def bridge(self):
        return self.link.bridge

    @property
    def state(self):
        return self.link.state

    def sync_now(self) -> None:
        self.link.sync_now()

    def apply_settings(self) -> None:
        """(Re)start the sync for the saved server and token; ``Sync: off`` when they are cleared."""
        self._timer.stop()
        try:
            started = self.link.apply_settings() == "started"
        except SyncStartError as exc:
            self.label.setText(self.tr("Sync: cannot start (%s)") % exc)
            return
        if not started:
            self._show_off()
            return
        self.label.setText(self.tr("Sync: connecting…"))
        self.label.setToolTip(self.link.settings.sync_url)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.link.stop()

    def _show_off(self) -> None:
        self.label.setText(self.tr("Sync: off"))
        self.label.setToolTip(self.tr("Set the CDSS server and your token in Sync settings"))

    def refresh_label(self) -> None:
        """Re-text the label (after a language change)."""
        if not self.link.running:
            self._show_off()
        elif self.link.state is None:
            self.label.setText(self.tr("Sync: connecting…"))
        else:
            self.label.setText(self.tr("Sync: %s") % self.summary(self.link.state))

    def summary(self, state) -> str:
        """``SyncState.summary()`` in the interface language (same parts, same order)."""
        texts = []
        for key, value in status_parts(state):
            if key == "online":
                texts.append(self.tr("online"))
            elif key == "offline":
                texts.append(self.tr("offline"))
            elif key == "waiting":
                texts.append(self.tr("1 change waiting") if value == 1
                             else self.tr("%1 changes waiting").replace("%1", str(value)))
            elif key == "conflicts":
                texts.append(self.tr("1 conflict to resolve") if value == 1
                             else self.tr("%1 conflicts to resolve").replace("%1", str(value)))
            elif key == "refused":
                texts.append(self.tr("%1 refused").replace("%1", str(value)))
            elif key == "last_sync":
                texts.append(self.tr("last sync %s UTC") % value)
            elif key == "never_synced":
                texts.append(self.tr("never synced"))
            else:
                texts.append(str(value))
        return " · ".join(texts)

    def _poll(self) -> None:
        state = self.link.poll()
        if state is None:
            return
        self.label.setText(self.tr("Sync: %s") % self.summary(state))
        if self.link.take_orders_changed():
            self.orders_changed.emit()
        self.label.setStyleSheet("color: #c62828;" if needs_attention(state) else "")
        self.state_changed.emit(state)
