"""Patient imaging history: the patient panel and a timeline of the patient's studies, newest first, with
priors of the same body part marked and offered for comparison."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from workstation.reading.errors import ReadingError
from workstation.reading.priors import best_prior, matching_priors
from workstation.reading.records import Order
from workstation.reading.repository import order_day
from workstation.ui.reading import labels

PRIOR_BACKGROUND = QColor("#e3f2fd")


class HistoryPanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_history")
        self.hub = hub
        self.current: Order | None = None
        self.prior_ids: list[int] = []
        self.name, self.number, self.age_sex = QLabel(self), QLabel(self), QLabel(self)
        f = QFont(self.name.font())
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.name.setFont(f)
        form = QFormLayout()
        form.addRow(self.tr("Patient"), self.name)
        form.addRow(self.tr("Patient number"), self.number)
        form.addRow(self.tr("Age / sex"), self.age_sex)
        self.timeline = QTreeWidget(self)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setHeaderLabels([self.tr("Date"), self.tr("Modality"), self.tr("Body part"),
                                       self.tr("Description"), self.tr("Reading"), self.tr("Comparison")])
        self.timeline.itemSelectionChanged.connect(self._update_buttons)
        self.timeline.itemDoubleClicked.connect(self._open_item)
        self.compare_button = QPushButton(self.tr("Compare with prior"), self)
        self.compare_button.clicked.connect(self.compare_selected)
        self.open_prior_button = QPushButton(self.tr("Open prior images"), self)
        self.open_prior_button.clicked.connect(self._open_selected_images)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.open_prior_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(form)
        lay.addWidget(self.timeline, 1)
        lay.addLayout(buttons)
        hub.order_selected.connect(self.show_order)
        if hasattr(hub, "context_changed"):
            hub.context_changed.connect(self._follow_context)
        hub.orders_changed.connect(lambda: self.current and self.show_order(self.current.id))
        self._update_buttons()

    def show_order(self, order_id: int) -> None:
        try:
            self.current = self.hub.service.get_order(order_id)
            history = self.hub.service.patient_history(self.current.patient.patient_number)
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return
        p = self.current.patient
        age = p.age()
        self.name.setText(p.display_name)
        self.number.setText(p.patient_number)
        self.age_sex.setText(f"{age if age is not None else '—'} / {labels.sex(p.sex)}")
        priors = matching_priors(self.current, history)
        self.prior_ids = [o.id for o in priors]
        best = best_prior(self.current, history)
        self.timeline.clear()
        for o in history:
            st = o.study
            mark = self.tr("current") if o.id == self.current.id else (
                self.tr("prior ★") if best is not None and o.id == best.id else (
                    self.tr("prior") if o.id in self.prior_ids else ""))
            item = QTreeWidgetItem([str(order_day(o)), st.modality if st else "", st.body_part if st else "",
                                    (st.description if st else o.description), labels.reading_status(o.reading_status),
                                    mark])
            item.setData(0, Qt.UserRole, o.id)
            if o.id == self.current.id:
                for c in range(6):
                    fnt = item.font(c)
                    fnt.setBold(True)
                    item.setFont(c, fnt)
            elif o.id in self.prior_ids:
                for c in range(6):
                    item.setBackground(c, QBrush(PRIOR_BACKGROUND))
            self.timeline.addTopLevelItem(item)
            if best is not None and o.id == best.id:
                self.timeline.setCurrentItem(item)
        for local in self._local_priors(p.patient_number, history):   # archive studies without an order
            st = local.study
            item = QTreeWidgetItem([str(st.study_date or ""), st.modality, st.body_part, st.description,
                                    self.tr("no order"), self.tr("local (archive)")])
            item.setData(0, Qt.UserRole + 1, st.study_uid)
            self.timeline.addTopLevelItem(item)
        for c in range(6):
            self.timeline.resizeColumnToContents(c)
        self._update_buttons()

    def _open_item(self, item, _column: int) -> None:
        if item.data(0, Qt.UserRole) is not None:   # an order (a local prior row has none)
            self.hub.select_order(item.data(0, Qt.UserRole))

    def _follow_context(self) -> None:
        """A study without a reading order became the context: show its patient, not the previous one."""
        ctx = self.hub.context
        if ctx.study is None or ctx.order is not None or (
                self.current is None and self.number.text() == ctx.study.patient_number):
            return
        self.current, self.prior_ids = None, []
        self.name.setText(ctx.study.display_name)
        self.number.setText(ctx.study.patient_number)
        self.age_sex.setText("")
        self.timeline.clear()
        try:
            history = self.hub.service.patient_history(ctx.study.patient_number, audit=False)
        except ReadingError:
            history = []
        for o in history:
            st = o.study
            item = QTreeWidgetItem([str(order_day(o)), st.modality if st else "", st.body_part if st else "",
                                    st.description if st else o.description, labels.reading_status(o.reading_status), ""])
            item.setData(0, Qt.UserRole, o.id)
            self.timeline.addTopLevelItem(item)
        for local in self._local_priors(ctx.study.patient_number, history):
            st = local.study
            item = QTreeWidgetItem([str(st.study_date or ""), st.modality, st.body_part, st.description,
                                    self.tr("no order"), self.tr("current") if st.study_uid == ctx.study.study_uid
                                    else self.tr("local (archive)")])
            item.setData(0, Qt.UserRole + 1, st.study_uid)
            self.timeline.addTopLevelItem(item)
        self._update_buttons()

    def _local_priors(self, patient_number: str, history: list[Order]):
        archive = getattr(self.hub, "archive", None)
        if archive is None:
            return []
        from workstation.reading.unmatched import archive_studies, local_priors
        try:
            return local_priors(patient_number, archive_studies(archive, patient_number), history)
        except Exception as exc:  # noqa: BLE001 - the archive is optional here: say it, show the orders
            self.hub.error.emit(str(exc))
            return []

    def timeline_rows(self) -> list[tuple[int, str]]:
        """(order id, comparison mark) for every row, top to bottom (for tests and tools)."""
        return [(self.timeline.topLevelItem(i).data(0, Qt.UserRole), self.timeline.topLevelItem(i).text(5))
                for i in range(self.timeline.topLevelItemCount())]

    def _selected_prior(self) -> int | None:
        it = self.timeline.currentItem()
        oid = it.data(0, Qt.UserRole) if it is not None else None
        return oid if oid in self.prior_ids else None

    def _update_buttons(self) -> None:
        enabled = self._selected_prior() is not None
        self.compare_button.setEnabled(enabled)
        self.open_prior_button.setEnabled(enabled)

    def compare_selected(self) -> None:
        prior = self._selected_prior()
        if self.current is not None and prior is not None:
            self.hub.compare_requested.emit(self.current.id, prior)

    def _open_selected_images(self) -> None:
        prior = self._selected_prior()
        if prior is not None:   # beside the current images, labelled PRIOR: the report stays the current one
            opener = getattr(self.hub, "open_prior_images", None)
            (opener or self.hub.open_images)(prior)
