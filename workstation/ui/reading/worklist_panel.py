"""Worklist: tabs by reading status (all / unread / draft / signed), filters, a sortable table.
Selecting a row selects the order; double-clicking opens its images."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView,
                               QLineEdit, QPushButton, QTabBar, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from workstation.reading.errors import ReadingError
from workstation.reading.records import Order, ReadingStatus, WorklistFilter
from workstation.reading.repository import order_day
from workstation.reading.status import OrderStatus
from workstation.ui.reading import labels

TABS = (None, ReadingStatus.UNREAD, ReadingStatus.DRAFT, ReadingStatus.SIGNED)
PRIORITY_COLOURS = {"STAT": "#c62828", "URGENT": "#ef6c00"}


class WorklistPanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_worklist")
        self.hub = hub
        self._orders: list[Order] = []
        self.tabs = QTabBar(self)
        for _ in TABS:
            self.tabs.addTab("")
        self.tabs.addTab("")   # Unmatched / no order: archive studies without a reading order
        from workstation.ui.reading.unmatched_panel import UnmatchedStudiesPanel
        self.unmatched = UnmatchedStudiesPanel(hub, self)
        self.unmatched.hide()
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

        self.date_from_on, self.date_from = QCheckBox(self.tr("From"), self), QDateEdit(self)
        self.date_to_on, self.date_to = QCheckBox(self.tr("To"), self), QDateEdit(self)
        for on, edit in ((self.date_from_on, self.date_from), (self.date_to_on, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            on.toggled.connect(edit.setEnabled)
            on.toggled.connect(lambda _c: self.refresh())
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.modality, self.body_part = QComboBox(self), QComboBox(self)
        self.priority, self.order_status = QComboBox(self), QComboBox(self)
        self.patient = QLineEdit(self)
        self.patient.setPlaceholderText(self.tr("Patient name or number"))
        self.patient.setClearButtonEnabled(True)
        self.patient.textChanged.connect(lambda _t: self.refresh())
        self.priority.addItem(self.tr("Any priority"), None)
        for p in ("ROUTINE", "URGENT", "STAT"):
            self.priority.addItem(labels.priority(p), p)
        self.order_status.addItem(self.tr("Any order status"), None)
        for s in OrderStatus:
            self.order_status.addItem(labels.order_status(s.value), s.value)
        for combo in (self.modality, self.body_part, self.priority, self.order_status):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)

        self.table = QTableWidget(0, 10, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Patient"), self.tr("Number"), self.tr("Age/Sex"), self.tr("Modality"),
            self.tr("Body part"), self.tr("Description"), self.tr("Priority"), self.tr("Order status"),
            self.tr("Reading")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open_row(row))

        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for w in (self.date_from_on, self.date_from, self.date_to_on, self.date_to, self.modality, self.body_part):
            row1.addWidget(w)
        row1.addStretch(1)
        for w in (self.patient, self.priority, self.order_status, self.refresh_button):
            row2.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tabs)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.unmatched, 1)
        self.setMinimumHeight(260)
        hub.orders_changed.connect(self.reload)
        self.reload()

    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch: the tabs' counts and the rows' statuses in the new language."""
        if ev.type() == QEvent.LanguageChange and hasattr(self, "unmatched"):
            self.refresh()
        super().changeEvent(ev)

    # ---- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read every order (for the filter choices and tab counts), then apply the filters."""
        try:
            self._orders = self.hub.service.worklist()
        except ReadingError as exc:
            self._orders = []
            self.hub.error.emit(str(exc))
        try:   # the archive's studies without an order (the "Unmatched / no order" tab)
            self.unmatched.reload(self._orders)
        except Exception as exc:  # noqa: BLE001 - an unreadable archive: say so, keep the orders
            self.hub.error.emit(str(exc))
        self._fill_choices(self.modality, self.tr("Any modality"), {o.study.modality for o in self._orders if o.study})
        self._fill_choices(self.body_part, self.tr("Any body part"),
                           {o.study.body_part for o in self._orders if o.study})
        self.refresh()

    @staticmethod
    def _fill_choices(combo: QComboBox, any_text: str, values: set[str]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, None)
        for v in sorted(x for x in values if x):
            combo.addItem(v, v)
        i = combo.findData(keep)
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)

    def current_filter(self) -> WorklistFilter:
        def day(on: QCheckBox, edit: QDateEdit) -> date | None:
            return edit.date().toPython() if on.isChecked() else None
        return WorklistFilter(reading_status=TABS[min(len(TABS) - 1, max(0, self.tabs.currentIndex()))],
                              date_from=day(self.date_from_on, self.date_from), date_to=day(self.date_to_on, self.date_to),
                              modality=self.modality.currentData(), body_part=self.body_part.currentData(),
                              patient=self.patient.text().strip() or None, priority=self.priority.currentData(),
                              order_status=self.order_status.currentData())

    def refresh(self) -> None:
        flt = self.current_filter()
        base = WorklistFilter(**{**flt.__dict__, "reading_status": None})
        in_filters = [o for o in self._orders if base.matches(o)]
        names = (self.tr("All"), self.tr("Unread"), self.tr("Draft"), self.tr("Signed"))
        for i, (status, name) in enumerate(zip(TABS, names)):
            n = sum(1 for o in in_filters if status is None or o.reading_status == status)
            self.tabs.setTabText(i, f"{name} ({n})")
        unmatched_tab = self.tabs.currentIndex() == len(TABS)
        if unmatched_tab:   # read afresh when looked at: studies arrive by import and C-STORE at any time
            try:
                self.unmatched.reload(self._orders)
            except Exception as exc:  # noqa: BLE001 - an unreadable archive: say so, keep the orders
                self.hub.error.emit(str(exc))
        unmatched_name = self.tr("Unmatched / no order")
        self.tabs.setTabText(len(TABS), f"{unmatched_name} ({len(self.unmatched.studies)})")
        self.table.setVisible(not unmatched_tab)
        self.unmatched.setVisible(unmatched_tab)
        if unmatched_tab:
            return
        self.show_orders([o for o in in_filters if flt.matches(o)])

    def show_orders(self, orders: list[Order]) -> None:
        selected = self.selected_order_id()
        # refilling (a tab or filter change) never changes the reading context: only a user's pick does
        self.table.blockSignals(True)
        try:
            self._fill_rows(orders, selected)
        finally:
            self.table.blockSignals(False)

    def _fill_rows(self, orders: list[Order], selected: int | None) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(orders))
        for row, o in enumerate(orders):
            st, p = o.study, o.patient
            age = p.age()
            cells = [str(order_day(o)) if order_day(o) != date.min else "", p.display_name, p.patient_number,
                     f"{age if age is not None else '—'}/{labels.sex(p.sex)}", st.modality if st else "",
                     st.body_part if st else "", st.description if st else o.description,
                     labels.priority(o.priority), labels.order_status(o.status), labels.reading_status(o.reading_status)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, o.id)
                if col == 7 and o.priority in PRIORITY_COLOURS:
                    item.setForeground(QColor(PRIORITY_COLOURS[o.priority]))
                    f = QFont(item.font())
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        current = getattr(self.hub, "current_order_id", None)   # the reading context's order, when listed
        target = current if current is not None else selected
        self.table.clearSelection()                              # never a row of another patient by accident
        if target is not None:
            self.select_order(target, emit=False)

    # ---- selection ---------------------------------------------------------------------------
    def visible_order_ids(self) -> list[int]:
        return [self.table.item(r, 0).data(Qt.UserRole) for r in range(self.table.rowCount())]

    def selected_order_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(Qt.UserRole) if rows else None

    def select_order(self, order_id: int, emit: bool = True) -> bool:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.UserRole) == order_id:
                self.table.blockSignals(not emit)
                self.table.selectRow(r)
                self.table.blockSignals(False)
                return True
        return False

    def _selection_changed(self) -> None:
        oid = self.selected_order_id()
        if oid is not None and oid != self.hub.current_order_id:
            self.hub.select_order(oid)

    def _open_row(self, row: int) -> None:
        self.hub.open_images(self.table.item(row, 0).data(Qt.UserRole))
