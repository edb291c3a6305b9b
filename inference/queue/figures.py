"""Queue depth and throughput of the inference queue, for the workstation's status bar (Qt-free).

* waiting: the jobs in the Redis list of each queue (``LLEN gpu``, ``LLEN cpu``);
* running: the jobs handed to a worker and not yet acknowledged (Celery acknowledges late, so that is
  Kombu's ``unacked`` hash: a running job, or one of a killed worker that Redis will hand out again);
* jobs/min: the jobs finished in the last ``window_s`` seconds (the workers log each completion time in
  ``app_keys.DONE_LOG``), divided by the window in minutes.

:class:`FiguresPoller` reads them on its own thread every few seconds (a Redis round trip must never
block the GUI thread); the status bar only reads :attr:`FiguresPoller.latest`.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from .app_keys import DONE_LOG

log = logging.getLogger(__name__)

UNACKED_KEY = "unacked"  # Kombu's Redis transport: delivered, not yet acknowledged messages
WINDOW_S = 600.0


@dataclass
class QueueFigures:
    depth: dict[str, int] = field(default_factory=dict)  # waiting jobs per queue
    jobs_per_min: float = 0.0  # finished in the last window, per minute
    running: int = 0
    window_s: float = WINDOW_S
    error: str = ""  # the broker could not be read (the figures are then zero)

    @property
    def waiting(self) -> int:
        return sum(self.depth.values())

    def text(self) -> str:
        if self.error:
            return f"AI queue: unreachable ({self.error})"
        return f"AI queue: {self.waiting} waiting · {self.running} running · {self.jobs_per_min:.1f} jobs/min"


def rate_per_min(times: list[float], now: float, window_s: float = WINDOW_S) -> float:
    """Jobs per minute: the completions within the last ``window_s`` seconds over the window."""
    recent = [t for t in times if now - window_s <= t <= now + 60]
    return len(recent) / (window_s / 60.0)


def read_figures(redis, queues, now: float | None = None, window_s: float = WINDOW_S) -> QueueFigures:
    """The figures from the broker's Redis (a few cheap commands in one round trip)."""
    now = time.time() if now is None else now
    pipe = redis.pipeline(transaction=False)
    for q in queues:
        pipe.llen(q)
    pipe.hlen(UNACKED_KEY)
    pipe.lrange(DONE_LOG, 0, 999)
    *lengths, unacked, done = pipe.execute()
    return QueueFigures({q: int(n) for q, n in zip(queues, lengths)},
                        round(rate_per_min([float(t) for t in done], now, window_s), 2), int(unacked), window_s)


class FiguresPoller:
    """Calls ``read()`` (a function returning :class:`QueueFigures`) every ``interval_s`` on a daemon thread;
    :attr:`latest` is the last figures (``None`` before the first read). A failed read gives figures with
    ``error`` set, and the poller keeps going."""

    def __init__(self, read: Callable[[], QueueFigures], interval_s: float = 5.0) -> None:
        self._read = read
        self.interval_s = interval_s
        self.latest: QueueFigures | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "FiguresPoller":
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="inference-figures", daemon=True)
            self._thread.start()
        return self

    def poll_now(self) -> None:
        """Read again as soon as possible (e.g. right after a submit)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.latest = self._read()
            except Exception as exc:  # noqa: BLE001 - broker away: show it, keep polling
                log.debug("inference queue figures: %s", exc)
                self.latest = QueueFigures(error=str(exc).splitlines()[0][:80] or type(exc).__name__)
            self._wake.wait(self.interval_s)
            self._wake.clear()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
