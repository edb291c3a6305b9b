"""``WorkstationStatusBar``: cursor position/value, messages and a progress bar."""
from __future__ import annotations

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
