"""``SyncManager``: runs the CDSS sync in the background while the window is open and shows its state in
the status bar (``SyncState.summary()``, polled from a queue by a timer on the GUI thread)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from workstation.gui_services.sync_glue import make_client
from workstation.gui_services.sync_runner import WindowSyncRunner

log = logging.getLogger(__name__)
POLL_MS = 250


class SyncManager(QObject):
    """``state_changed(object SyncState)`` on the GUI thread after every sync round."""

    state_changed = Signal(object)
    orders_changed = Signal()  # the reading store got CDSS orders (bridged only)

    def __init__(self, settings, status_bar, parent=None, local_url: str | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.local_url = local_url
        self.client = None
        self.bridge = None
        self.reading_repo, self.reading_user = None, ""
        self.runner: WindowSyncRunner | None = None
        self.state = None
        self.label = QLabel()
        self.label.setObjectName("sync_status")
        status_bar.addPermanentWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._show_off()

    def _show_off(self) -> None:
        self.label.setText(self.tr("Sync: off"))
        self.label.setToolTip(self.tr("Set the CDSS server and your token in Sync settings"))

    def attach_reading(self, repo, user: str = "") -> None:
        """Bridge the reading store (``ReadingRepository``): its local changes are queued for the CDSS and pulled
        CDSS orders land in it (``SyncBridge``). Takes effect at the next ``apply_settings()``."""
        self.reading_repo, self.reading_user = repo, user

    @property
    def running(self) -> bool:
        return self.runner is not None

    def apply_settings(self) -> None:
        """(Re)start the sync for the saved server and token; stop it when they are cleared."""
        self.stop()
        if not self.settings.sync_configured:
            self._show_off()
            return
        try:
            self.client = make_client(self.settings, self.local_url)
        except Exception as exc:  # noqa: BLE001 - bad URL / local database: a message, no traceback
            self.label.setText(self.tr("Sync: cannot start (%s)") % exc)
            return
        if self.reading_repo is not None:
            from workstation.syncing.bridge import SyncBridge

            self.bridge = SyncBridge(self.reading_repo, self.client)
        self.state = None
        self.runner = WindowSyncRunner(self.client, self.settings.sync_interval_s, bridge=self.bridge,
                                       user=self.reading_user)
        self.label.setText(self.tr("Sync: connecting…"))
        self.label.setToolTip(self.settings.sync_url)
        self.runner.start()
        self._timer.start()

    def sync_now(self) -> None:
        if self.runner is not None:
            self.runner.sync_now()

    def conflicts(self) -> list:
        return self.client.conflicts() if self.client is not None else []

    def resolve(self, conflict_id: int, choice: str) -> None:
        """``choice``: ``"mine"`` (send my version on top of the server's) or ``"theirs"``."""
        if self.runner is not None:
            self.runner.resolve(conflict_id, choice)

    def refresh_label(self) -> None:
        """Re-text the status bar label (after a language change)."""
        if self.runner is None:
            self._show_off()
        elif self.state is None:
            self.label.setText(self.tr("Sync: connecting…"))
        else:
            self.label.setText(self.tr("Sync: %s") % self.summary(self.state))

    def summary(self, state) -> str:
        """``SyncState.summary()`` in the interface language (same parts, same order)."""
        parts = [self.tr("online") if state.online else self.tr("offline")]
        if state.pending:
            parts.append(self.tr("1 change waiting") if state.pending == 1
                         else self.tr("%1 changes waiting").replace("%1", str(state.pending)))
        if state.conflicts:
            parts.append(self.tr("1 conflict to resolve") if state.conflicts == 1
                         else self.tr("%1 conflicts to resolve").replace("%1", str(state.conflicts)))
        if state.failed:
            parts.append(self.tr("%1 refused").replace("%1", str(state.failed)))
        parts.append(self.tr("last sync %s UTC") % f"{state.last_success:%H:%M}" if state.last_success
                     else self.tr("never synced"))
        if not state.online and state.last_error:
            parts.append(state.last_error.split(":")[0])
        return " · ".join(parts)

    def _poll(self) -> None:
        if self.runner is None:
            return
        state = self.runner.latest_state()
        if state is None:
            return
        self.state = state
        self.label.setText(self.tr("Sync: %s") % self.summary(state))
        if self.runner.orders_changed.is_set():
            self.runner.orders_changed.clear()
            self.orders_changed.emit()
        self.label.setStyleSheet("" if state.online and not state.conflicts else "color: #c62828;")
        self.state_changed.emit(state)

    def stop(self) -> None:
        self._timer.stop()
        if self.runner is not None:
            self.runner.stop(timeout=20)
            self.runner = None
        if self.bridge is not None:
            self.bridge.close()
            self.bridge = None
        if self.client is not None:
            try:
                self.client.engine.dispose()
            except Exception:  # noqa: BLE001
                pass
            self.client = None
