"""``TaskPump``: runs a ``BackgroundTask`` and hands its events to slots on the GUI thread (a QTimer polls
the task's queue; no Qt object is touched by the worker)."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from workstation.gui_services.background import BackgroundTask

POLL_MS = 50


class TaskPump(QObject):
    """Signals (GUI thread): ``progress(object)``, ``done(object)``, ``failed(str)``, ``ended()`` (after either)."""

    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, task: BackgroundTask, parent=None) -> None:
        super().__init__(parent)
        self.task = task
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def start(self) -> "TaskPump":
        self.task.start()
        self._timer.start()
        return self

    def cancel(self) -> None:
        self.task.cancel()

    @property
    def running(self) -> bool:
        return not self.task.finished

    def poll(self) -> None:
        for kind, value in self.task.events():
            if kind == "progress":
                self.progress.emit(value)
            elif kind == "done":
                self._timer.stop()
                self.done.emit(value)
                self.ended.emit()
            elif kind == "error":
                self._timer.stop()
                self.failed.emit(value)
                self.ended.emit()
