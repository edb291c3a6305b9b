"""``HelpDialog``: the viewport's keyboard and mouse shortcuts (from ``viewer.model.shortcuts``)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from viewer.model.shortcuts import KEY_BINDINGS, MOUSE_BINDINGS, WINDOW_BINDINGS


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


class HelpDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.resize(620, 640)
        self.table = QTableWidget(0, 2, self)
        self.retranslate()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)

    def retranslate(self) -> None:
        """Title, headers and every row in the current language (again on a live language switch)."""
        self.setWindowTitle(self.tr("Keyboard and mouse shortcuts"))
        rows = [(k, _tr(d)) for k, _a, d in KEY_BINDINGS + WINDOW_BINDINGS] + [(_tr(m), _tr(d)) for m, d in MOUSE_BINDINGS]
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([self.tr("Key / mouse"), self.tr("Action")])
        for r, (key, desc) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(key))
            self.table.setItem(r, 1, QTableWidgetItem(desc))

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and hasattr(self, "table"):
            self.retranslate()
        super().changeEvent(ev)
