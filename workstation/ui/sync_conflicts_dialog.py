"""``SyncConflictsDialog``: each change the CDSS refused as stale, with my version and the server's side by
side; "Keep mine" sends mine on top of the server's version, "Take theirs" keeps the server's. Nothing is
overwritten until one of them is pressed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QVBoxLayout)

from workstation.gui_services.background import BackgroundTask
from workstation.syncing.conflicts import MINE, THEIRS, conflict_sides, conflict_title
from workstation.ui.queue_pump import TaskPump

ID_ROLE = Qt.UserRole


class SyncConflictsDialog(QDialog):
    def __init__(self, sync, parent=None) -> None:
        """``sync``: the session's ``SyncLink`` (``conflicts()``, ``resolve(id, MINE | THEIRS)``)."""
        super().__init__(parent)
        self.setObjectName("sync_conflicts_dialog")
        self.sync = sync
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.list = QListWidget(self)
        self.list.setMaximumHeight(110)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.mine = QPlainTextEdit(self)
        self.theirs = QPlainTextEdit(self)
        for edit in (self.mine, self.theirs):
            edit.setReadOnly(True)
        self.keep_mine = QPushButton(self.tr("Keep mine"), self)
        self.take_theirs = QPushButton(self.tr("Take theirs"), self)
        self.keep_mine.clicked.connect(lambda: self._resolve(MINE))
        self.take_theirs.clicked.connect(lambda: self._resolve(THEIRS))
        self.empty = QLabel(self.tr("No conflicts: every change reached the CDSS or is waiting to be sent."))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828;")
        sides = QGridLayout()
        sides.addWidget(QLabel(self.tr("My version (this workstation)")), 0, 0)
        sides.addWidget(QLabel(self.tr("Server version (CDSS)")), 0, 1)
        sides.addWidget(self.mine, 1, 0)
        sides.addWidget(self.theirs, 1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.list)
        lay.addLayout(sides, 1)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self.resize(900, 560)
        self.conflicts: dict[int, object] = {}
        self.pump: TaskPump | None = None
        self.reload()

    def reload(self) -> None:
        self.conflicts = {c.id: c for c in self.sync.conflicts()}
        self.list.clear()
        for c in self.conflicts.values():
            item = QListWidgetItem(conflict_title(c))
            item.setData(ID_ROLE, c.id)
            self.list.addItem(item)
        self.empty.setVisible(not self.conflicts)
        if self.conflicts:
            self.list.setCurrentRow(0)
        self._show_current()

    def current(self):
        item = self.list.currentItem()
        return self.conflicts.get(item.data(ID_ROLE)) if item is not None else None

    def _show_current(self) -> None:
        c = self.current()
        mine, theirs = conflict_sides(c) if c is not None else ("", "")
        self.mine.setPlainText(mine)
        self.theirs.setPlainText(theirs)
        self.keep_mine.setEnabled(c is not None)
        self.take_theirs.setEnabled(c is not None)

    def _resolve(self, choice: str) -> None:
        """Settle the shown conflict off the GUI thread (it waits for a sync round in flight), then reload."""
        c = self.current()
        if c is None or (self.pump is not None and self.pump.running):
            return
        self.keep_mine.setEnabled(False)
        self.take_theirs.setEnabled(False)
        sync = self.sync
        self.pump = TaskPump(BackgroundTask(lambda _r, _c: sync.resolve(c.id, choice), "resolve-conflict"), self)
        self.pump.failed.connect(lambda m: self.message.setText(self.tr("Not settled: %s") % m))
        self.pump.ended.connect(self.reload)
        self.pump.start()

    @property
    def busy(self) -> bool:
        return self.pump is not None and self.pump.running
