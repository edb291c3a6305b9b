"""``BackgroundTask``: run a function on a daemon thread; it reports through a ``queue.Queue``.

The GUI polls ``events()`` from a timer on its own thread (``workstation.ui.queue_pump``), so no Qt
object is ever touched from the worker (emitting Qt signals from plain Python threads crashed PySide6
6.12 at interpreter exit). Events are ``(kind, value)``: ``("progress", x)`` as often as the work reports,
then exactly one ``("done", result)`` or ``("error", message)``.
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)


class BackgroundTask:
    """``fn(report, cancel)``: ``report(value)`` posts a progress event; ``cancel`` is a ``threading.Event``
    the work should check. Runs on its own thread after ``start()``."""

    def __init__(self, fn: Callable[[Callable[[Any], None], threading.Event], Any], name: str = "task"):
        self.fn, self.name = fn, name
        self.cancel_event = threading.Event()
        self.queue: queue.Queue = queue.Queue()
        self.thread: threading.Thread | None = None
        self.finished = False

    def start(self) -> "BackgroundTask":
        self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        """Runs on the task's thread."""
        try:
            result = self.fn(self.queue_progress, self.cancel_event)
        except Exception as exc:  # noqa: BLE001 - shown to the user as a message, never a traceback
            log.info("%s failed", self.name, exc_info=True)
            self.queue.put(("error", str(exc) or type(exc).__name__))
            return
        self.queue.put(("done", result))

    def queue_progress(self, value: Any) -> None:
        """Post a progress event (any thread)."""
        self.queue.put(("progress", value))

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def events(self) -> list[tuple[str, Any]]:
        """Everything posted since the last call; only the newest progress event is kept (the GUI shows
        the latest state). Marks the task finished once its done/error event is taken."""
        out: list[tuple[str, Any]] = []
        while True:
            try:
                ev = self.queue.get_nowait()
            except queue.Empty:
                break
            if ev[0] == "progress" and out and out[-1][0] == "progress":
                out[-1] = ev
            else:
                out.append(ev)
            if ev[0] in ("done", "error"):
                self.finished = True
        return out

    def wait(self, timeout: float | None = None) -> bool:
        if self.thread is not None:
            self.thread.join(timeout)
        return not self.running
