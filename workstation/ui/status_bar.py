"""``WorkstationStatusBar``: cursor position/value, messages and a progress bar; ``AiQueueStatus``: the AI
inference queue's depth and throughput."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar


class WorkstationStatusBar(QStatusBar):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cursor_label = QLabel()
        self.cursor_label.setObjectName("cursor_label")
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.addPermanentWidget(self.cursor_label, 1)
        self.addPermanentWidget(self.progress_bar)

    def show_cursor(self, text: str) -> None:
        self.cursor_label.setText(text)

    def show_progress(self, done: int, total: int) -> None:
        if total <= 0 or done >= total:
            self.progress_bar.hide()
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.progress_bar.show()

    def show_error(self, text: str) -> None:
        self.showMessage("⚠ " + text, 15000)


class AiQueueStatus(QObject):
    """The status-bar field of the AI inference queue: ``AI queue: 3 waiting · 2 running · 1.4 jobs/min``.

    The figures are read from the broker by the session's ``FiguresPoller`` on its own thread
    (``workstation.inference_jobs.SessionInference.figures_poller``); this only shows its latest figures from a
    timer on the GUI thread. Hidden while no broker is set (M1 runs in-process)."""

    def __init__(self, inference, status_bar, parent=None, poll_ms: int = 1000) -> None:
        super().__init__(parent)
        self.inference = inference  # SessionInference, or None without an archive
        self.poller = None
        self.label = QLabel()
        self.label.setObjectName("ai_queue_status")
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        if self.inference is None:
            return
        self.poller = self.inference.figures_poller()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        """Show the poller's latest figures (hide the field when there is no broker)."""
        figures = self.poller.latest if self.poller is not None else None
        if figures is None or self.inference is None or not self.inference.broker_configured:
            self.label.hide()
            return
        self.label.setText(self.text(figures))
        self.label.setToolTip(self.tr("Waiting and running AI jobs on the inference servers; jobs finished per "
                                      "minute over the last %1 minutes").replace("%1", f"{figures.window_s / 60:.0f}"))
        self.label.setStyleSheet("color: #c62828;" if figures.error else "")
        self.label.show()

    def text(self, figures) -> str:
        if figures.error:
            return self.tr("AI queue: unreachable (%1)").replace("%1", figures.error)
        return (self.tr("AI queue: %1 waiting · %2 running · %3 jobs/min")
                .replace("%1", str(figures.waiting)).replace("%2", str(figures.running))
                .replace("%3", f"{figures.jobs_per_min:.1f}"))
