"""``SyncLink``: the workstation's sync while the application runs (no Qt).

It starts the client, the bridge to the reading store and the background runner together from the saved
settings, restarts them when the settings change and stops them at the end. The window's status-bar label
(``workstation.ui.sync_status``) polls ``poll()`` from a timer on the GUI thread; nothing here calls back into
the GUI.

    link = SyncLink(settings, reading_repo=service.repo, reading_user="dr.kim")
    link.apply_settings()      # "off" | "started"; raises SyncStartError (bad URL, local database)
    link.sync_now(); link.conflicts(); link.resolve(conflict_id, MINE | THEIRS)
    state = link.poll()        # the newest SyncState since the last call, or None
    link.take_orders_changed() # True once after a pull changed the reading store
    link.stop()
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from workstation.paths import home_dir

if TYPE_CHECKING:  # the runner brings the HTTP client: imported when the sync starts, not with the window
    from workstation.syncing.runner import WindowSyncRunner

log = logging.getLogger(__name__)


class SyncStartError(RuntimeError):
    """The sync could not start (bad server URL, unusable local outbox database)."""


def local_sync_url() -> str:
    """SQLite database of the sync client's outbox and cache (``<home>/sync.sqlite``)."""
    return f"sqlite:///{home_dir() / 'sync.sqlite'}"


def make_client(settings, local_url: str | None = None):
    """A ``SyncClient`` for the saved server URL and token (the caller checks ``settings.sync_configured``)."""
    from sync.client import SyncClient

    return SyncClient(local_url or local_sync_url(), settings.sync_url.strip().rstrip("/"), settings.sync_token)


class SyncLink:
    def __init__(self, settings, *, reading_repo=None, reading_user: str = "", local_url: str | None = None):
        self.settings = settings
        self.local_url = local_url
        self.reading_repo, self.reading_user = reading_repo, reading_user
        self.client = None
        self.bridge = None
        self.runner: "WindowSyncRunner | None" = None
        self.state = None  # the newest SyncState polled

    @property
    def running(self) -> bool:
        return self.runner is not None

    @property
    def bridged(self) -> bool:
        """The reading store is connected: its changes are pushed and CDSS orders are pulled into it."""
        return self.reading_repo is not None

    def attach_reading(self, repo, user: str = "") -> None:
        """Bridge a reading store (``ReadingRepository``); takes effect at the next ``apply_settings()``."""
        self.reading_repo, self.reading_user = repo, user

    def apply_settings(self) -> str:
        """(Re)start the sync for the saved server and token, or stop it when they are cleared.
        Returns ``"off"`` or ``"started"``; raises ``SyncStartError`` when the client cannot be made."""
        self.stop()
        if not self.settings.sync_configured:
            return "off"
        try:
            self.client = make_client(self.settings, self.local_url)
        except Exception as exc:  # noqa: BLE001 - bad URL / local database: a message, no traceback
            raise SyncStartError(str(exc)) from exc
        if self.reading_repo is not None:
            from workstation.syncing.bridge import SyncBridge

            self.bridge = SyncBridge(self.reading_repo, self.client)
            from workstation.reading.audit import AuditLog  # each sync reports the audit chain's head (issue 23)

            self.client.audit_source = AuditLog(self.reading_repo.session_factory).chain_source()
        self.client.tokens.on_token = self._keep_token  # a refreshed token replaces the saved one
        from workstation.syncing.runner import WindowSyncRunner

        self.state = None
        self.runner = WindowSyncRunner(self.client, self.settings.sync_interval_s, bridge=self.bridge,
                                       user=self.reading_user)
        self.runner.start()
        return "started"

    def _keep_token(self, token: str) -> None:
        """The sync client refreshed the token (the old one is revoked): save the new one (runner thread)."""
        self.settings.sync_token = token
        self.settings.save()

    def sync_now(self) -> None:
        """A round at once, ignoring the retry backoff (any thread)."""
        if self.runner is not None:
            self.runner.sync_now()

    def conflicts(self) -> list:
        """Unsettled conflicts (``ConflictRecord``), oldest first."""
        return self.client.conflicts() if self.client is not None else []

    def resolve(self, conflict_id: int, choice: str) -> None:
        """Settle a conflict with ``MINE`` or ``THEIRS``; waits for a round in flight (call off the GUI thread)."""
        if self.runner is not None:
            self.runner.resolve(conflict_id, choice)

    def poll(self):
        """The newest ``SyncState`` posted since the last call (also kept in ``state``), or ``None``."""
        if self.runner is None:
            return None
        state = self.runner.latest_state()
        if state is not None:
            self.state = state
        return state

    def take_orders_changed(self) -> bool:
        """``True`` once after a round changed the reading store (pulled orders, a settled conflict)."""
        if self.runner is not None and self.runner.orders_changed.is_set():
            self.runner.orders_changed.clear()
            return True
        return False

    def stop(self) -> None:
        """Stop the runner (after the item in flight), the bridge and the client (idempotent)."""
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
                log.debug("sync client engine dispose failed", exc_info=True)
            self.client = None
