"""Audit log viewer for SYSTEMMANAGER: newest first, filter by user/action, export to CSV."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.reading.errors import ReadingError


class AuditViewerPanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_audit")
        self.hub = hub
        self.user_filter, self.action_filter = QLineEdit(self), QLineEdit(self)
        self.user_filter.setPlaceholderText(self.tr("User"))
        self.action_filter.setPlaceholderText(self.tr("Action"))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.count = QLabel(self)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([self.tr("Time (UTC)"), self.tr("User"), self.tr("Action"),
                                              self.tr("Target"), self.tr("Patient"), self.tr("Detail"),
                                              self.tr("Workstation")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.refresh_button.clicked.connect(self.refresh)
        self.user_filter.returnPressed.connect(self.refresh)
        self.action_filter.returnPressed.connect(self.refresh)
        self.export_button.clicked.connect(self._export_dialog)
        row = QHBoxLayout()
        for w in (self.user_filter, self.action_filter, self.refresh_button, self.export_button, self.count):
            row.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        self.refresh()

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and hasattr(self, "count"):  # a live language switch
            self.count.setText(self.tr("%n entries", "", self.table.rowCount()))
        super().changeEvent(ev)

    def _filters(self) -> dict:
        return {"username": self.user_filter.text().strip() or None,
                "action": self.action_filter.text().strip() or None}

    def refresh(self) -> None:
        try:
            rows = self.hub.service.audit_entries(limit=5000, **self._filters())
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            rows = []
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            for c, text in enumerate((e.at.isoformat(sep=" ", timespec="seconds"), e.username, e.action, e.target,
                                      e.patient_number, e.detail, e.workstation)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.count.setText(self.tr("%n entries", "", len(rows)))

    def export_to(self, path) -> int:
        try:
            return self.hub.service.export_audit(path, **self._filters())
        except (ReadingError, OSError) as exc:
            self.hub.error.emit(str(exc))
            return 0

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit log"), "audit.csv", "CSV (*.csv)")
        if path:
            n = self.export_to(path)
            self.hub.message.emit(self.tr("%n audit entries exported.", "", n))
            self.refresh()
