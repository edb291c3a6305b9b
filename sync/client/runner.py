"""``SyncRunner``: a background thread that keeps the outbox draining and the orders fresh.

Every ``interval`` seconds (or at once after ``poke()``) it drains the outbox, then pulls changed orders when
``pull`` is on, and hands the new ``SyncState`` to ``on_state`` (called on the runner's thread: a Qt caller
forwards it with a queued signal). While the service is away the outbox's own backoff decides when the next
push is tried; local work goes on meanwhile.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sync.client.client import SyncClient, SyncError
from sync.schema.records import OrderRecord, SyncState

log = logging.getLogger("sync.client")


class SyncRunner:
    def __init__(self, client: SyncClient, interval: float = 15.0, *, pull: bool = True,
                 on_state: Callable[[SyncState], None] | None = None,
                 on_orders: Callable[[list[OrderRecord]], None] | None = None):
        self.client, self.interval, self.pull = client, interval, pull
        self.on_state, self.on_orders = on_state, on_orders
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "SyncRunner":
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="sync-runner", daemon=True)
            self._thread.start()
        return self

    def poke(self) -> None:
        """Sync now (e.g. right after the user saved something)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current item; waits for the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.interval)
            self._wake.clear()

    def run_once(self) -> SyncState:
        """One drain (+ pull) round; runs on the runner's thread (or any worker thread)."""
        try:
            self.client.drain(self._stop)
            if self.pull and not self._stop.is_set():
                orders = self.client.pull_orders()
                if orders and self.on_orders:
                    self.on_orders(orders)
        except SyncError as exc:  # offline or refused: recorded in the state, tried again next round
            log.info("sync round: %s", exc)
        except Exception:  # a bug must not kill the runner; it shows up in the log and the state
            log.exception("sync round failed")
        state = self.client.state()
        if self.on_state:
            self.on_state(state)
        return state
