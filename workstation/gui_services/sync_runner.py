"""``WindowSyncRunner``: the sync client's background runner as the window uses it (no Qt).

Each round's ``SyncState`` goes into ``states`` (a ``queue.Queue`` the GUI polls with a timer). ``sync_now()``
wakes the runner for a round that ignores the retry backoff (the user asked for it). Conflict resolutions run
on the runner's thread too (``resolve()``), so the client is only ever used by one thread besides reads.
"""
from __future__ import annotations

import logging
import queue
import threading

from sync.client import SyncRunner
from sync.client.client import SyncError

log = logging.getLogger(__name__)


class WindowSyncRunner(SyncRunner):
    def __init__(self, client, interval: float = 15.0, *, pull: bool = True):
        self.states: queue.Queue = queue.Queue()
        super().__init__(client, interval, pull=pull, on_state=self.states.put)
        self._force = threading.Event()
        self._round_lock = threading.Lock()

    def sync_now(self) -> None:
        """Sync at once, even while waiting out a backoff (any thread)."""
        self._force.set()
        self.poke()

    def run_once(self):
        """One drain (+ pull) round; runs on the runner's thread."""
        force = self._force.is_set()
        self._force.clear()
        with self._round_lock:
            try:
                self.client.drain(self._stop, ignore_backoff=force)
                if self.pull and not self._stop.is_set():
                    self.client.pull_orders()
            except SyncError as exc:  # offline or refused: the state shows it
                log.info("sync round: %s", exc)
            except Exception:  # noqa: BLE001 - a bug must not kill the runner
                log.exception("sync round failed")
            state = self.client.state()
        self.states.put(state)
        return state

    def resolve(self, conflict_id: int, choice: str) -> None:
        """Settle a conflict (``"mine"`` / ``"theirs"``) then push at once. Any thread; waits for a round in flight."""
        with self._round_lock:
            self.client.resolve_conflict(conflict_id, choice)
        self.sync_now()

    def latest_state(self):
        """The newest state posted since the last call, or ``None``."""
        state = None
        while True:
            try:
                state = self.states.get_nowait()
            except queue.Empty:
                return state
