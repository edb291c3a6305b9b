"""The worklist's "Unmatched / no order" view: archive studies without a reading order, each matched to its
order (automatic when one candidate, the user's pick otherwise) or given a LOCAL reading order. The rules are
in ``workstation.reading.unmatched``."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.reading.errors import ReadingError
from workstation.reading.roles import Action, PermissionDenied
from workstation.reading.unmatched import archive_studies, match_study, unmatched_studies


class UnmatchedStudiesPanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_unmatched")
        self.hub = hub
        self.studies = []
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Patient"), self.tr("Number"),
                                              self.tr("Modality"), self.tr("Body part"), self.tr("Description"),
                                              self.tr("Accession")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.match_button = QPushButton(self.tr("Match to order…"), self)
        self.local_button = QPushButton(self.tr("Create reading order"), self)
        # slots return nothing (a Python bool handed back to Qt upsets PySide's reference counts)
        self.match_button.clicked.connect(lambda: [self.match_selected()] and None)
        self.local_button.clicked.connect(lambda: [self.create_local_selected()] and None)
        self.info = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.match_button)
        buttons.addWidget(self.local_button)
        buttons.addWidget(self.info, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        can = hub.service.can(Action.CHANGE_ORDER_STATUS)
        self.match_button.setEnabled(can)
        self.local_button.setEnabled(can)

    def reload(self, orders) -> int:
        """Show the archive studies no order refers to; returns how many."""
        archive = getattr(self.hub, "archive", None)
        self.studies = unmatched_studies(archive_studies(archive), orders) if archive is not None else []
        self.table.setRowCount(len(self.studies))
        for row, s in enumerate(self.studies):
            cells = [str(s.study_date or ""), s.patient_name.replace("^", " "), s.patient_number, s.modality,
                     s.body_part, s.description, s.accession_number]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, row)
                self.table.setItem(row, col, item)
        return len(self.studies)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.studies[rows[0].row()] if rows else None

    def match_selected(self, choose=None) -> bool:
        """Match the selected study: one candidate is linked; several are offered (``choose(candidates)``
        returns the pick; default: a dialog); none says so."""
        study = self.selected()
        if study is None:
            return False
        orders = self.hub.service.worklist()
        m = match_study(study, orders, [s.study_uid for s in archive_studies(self.hub.archive)])
        if not m.candidates:
            self.info.setText(self.tr("No order matches; create a reading order instead."))
            return False
        pick = m.automatic
        if pick is None:
            pick = (choose or self._choose)(list(m.candidates))
            if pick is None:
                return False
        try:
            self.hub.service.link_study(pick.id, study)
        except (ReadingError, PermissionDenied) as exc:
            self.hub.error.emit(str(exc))
            return False
        self.info.setText(self.tr("Matched to order %d.") % pick.id)
        self.hub.orders_changed.emit()
        return True

    def _choose(self, candidates):
        names = [f"#{o.id} {o.patient.display_name} {o.description or (o.study.description if o.study else '')}"
                 for o in candidates]
        text, ok = QInputDialog.getItem(self, self.tr("Match to order"), self.tr("Several orders fit:"), names, 0,
                                        False)
        return candidates[names.index(text)] if ok else None

    def create_local_selected(self) -> int | None:
        study = self.selected()
        if study is None:
            return None
        try:
            order = self.hub.service.create_local_order(study)
        except (ReadingError, PermissionDenied) as exc:
            self.hub.error.emit(str(exc))
            return None
        self.info.setText(self.tr("Reading order %d created; it syncs with the CDSS.") % order.id)
        self.hub.orders_changed.emit()
        return order.id
