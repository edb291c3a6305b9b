"""``WindowSyncRunner``: the sync client's background runner as the window uses it (no Qt).

Each round's ``SyncState`` goes into ``states`` (a ``queue.Queue`` the GUI polls with a timer). ``sync_now()``
wakes the runner for a round that ignores the retry backoff (the user asked for it). ``resolve()`` waits for a
round in flight, so a resolution never races a push of the same row.

With a ``SyncBridge`` (the reading store is open), rounds go through it: ``bridge.drain()`` (push, then clear
``dirty`` on settled orders) and ``bridge.pull()`` (CDSS orders into the reading store); ``orders_changed`` is
set when a pull created or updated orders, so the GUI can refresh its worklist.
"""
from __future__ import annotations

import logging
import queue
import threading

from sync.client import SyncRunner
from sync.client.client import SyncError
from workstation.syncing.conflicts import ORDER_KINDS, check_choice, reading_keep

log = logging.getLogger(__name__)


class WindowSyncRunner(SyncRunner):
    def __init__(self, client, interval: float = 15.0, *, pull: bool = True, bridge=None, user: str = ""):
        self.states: queue.Queue = queue.Queue()
        super().__init__(client, interval, pull=pull, on_state=self.states.put)
        self.bridge, self.user = bridge, user
        self.orders_changed = threading.Event()
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
                if self.bridge is None:
                    self.client.drain(self._stop, ignore_backoff=force)
                    if self.pull and not self._stop.is_set():
                        self.client.pull_orders()
                else:
                    if force:
                        self.client.drain(self._stop, ignore_backoff=True)
                    self.bridge.drain(self._stop)
                    if self.pull and not self._stop.is_set():
                        outcomes = self.bridge.pull()
                        if outcomes.get("created") or outcomes.get("updated") or outcomes.get("conflict"):
                            self.orders_changed.set()
            except SyncError as exc:  # offline or refused: the state shows it
                log.info("sync round: %s", exc)
            except Exception:  # noqa: BLE001 - a bug must not kill the runner
                log.exception("sync round failed")
            state = self.client.state()
        self.states.put(state)
        return state

    def resolve(self, conflict_id: int, choice: str) -> None:
        """Settle a conflict (``MINE`` / ``THEIRS``, ``workstation.syncing.conflicts``) then push at once. Any
        thread; waits for a round in flight. With the reading store bridged, an order's conflict is settled on both
        sides (``SyncBridge.resolve_conflict``)."""
        check_choice(choice)
        with self._round_lock:
            order = self._local_order(conflict_id) if self.bridge is not None else None
            if order is not None:
                self.bridge.resolve_conflict(order.id, reading_keep(choice), self.user)
            else:
                self.client.resolve_conflict(conflict_id, choice)
        if order is not None:
            self.orders_changed.set()
        self.sync_now()

    def _local_order(self, conflict_id: int):
        """The reading store's order of a CDSS order conflict, or ``None``."""
        conflict = next((c for c in self.client.conflicts() if c.id == conflict_id), None)
        if conflict is None or conflict.kind not in ORDER_KINDS:
            return None
        return next((o for o in self.bridge.repo.orders() if o.remote_id == str(conflict.entity_id)), None)

    def latest_state(self):
        """The newest state posted since the last call, or ``None``."""
        state = None
        while True:
            try:
                state = self.states.get_nowait()
            except queue.Empty:
                return state
