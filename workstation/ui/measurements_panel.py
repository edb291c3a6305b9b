"""``MeasurementsPanel``: the measurement toolbar (select, length, angle, ellipse and freehand ROI, point,
arrow, RANO bidimensional; undo, redo, delete; key image; insert into the report), the lesion named for the
next RANO measurement, the active study's measurements, and the patient's lesion table with the RANO
category it suggests (shown as a suggestion, never a diagnosis). Thin: the work is in
``workstation.ui.measure_controller``, ``workstation.measurements`` and ``viewer.measure``."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QTableWidget,
                               QTableWidgetItem, QToolBar, QVBoxLayout, QWidget)

from viewer.measure.volumes import lesion_volumes_ml
from workstation.measurements.lesions import Lesion
from workstation.measurements.report_text import _cell, WORDS, insert_into_report, measurement_line
from workstation.measurements.study_sets import StudySets, lesion_table
from workstation.ui.measure_controller import MeasureController

TOOLS = (("select", "Select"), ("length", "Length"), ("angle", "Angle"), ("ellipse", "Ellipse"),
         ("polygon", "Freehand"), ("point", "Point"), ("arrow", "Arrow"), ("bidimensional", "RANO"))


class MeasurementsPanel(QWidget):
    def __init__(self, controller: MeasureController, store, archive=None, hub=None, language: str = "en",
                 parent=None) -> None:
        super().__init__(parent)
        self.controller, self.store, self.archive, self.hub, self.language = controller, store, archive, hub, language
        self.table_data = None
        self.report_editor = None  # () -> the report editor panel (set by make_panel), or None
        self.toolbar = QToolBar(self)
        group = QActionGroup(self)
        self.tool_actions: dict[str, QAction] = {}
        for key, text in TOOLS:
            a = QAction(self.tr(text), self, checkable=True)
            a.triggered.connect(lambda _c=False, k=key: controller.set_tool(k))
            group.addAction(a)
            self.toolbar.addAction(a)
            self.tool_actions[key] = a
        self.tool_actions["select"].setChecked(True)
        self.toolbar.addSeparator()
        for text, shortcut, slot in ((self.tr("Undo"), QKeySequence.Undo, controller.undo),
                                     (self.tr("Redo"), QKeySequence.Redo, controller.redo),
                                     (self.tr("Delete"), None, controller.delete_selected),
                                     (self.tr("Key image"), None, self.mark_key_image)):
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(shortcut)
                a.setShortcutContext(Qt.WindowShortcut)
            a.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(a)
        self.lesion = QComboBox(editable=True)
        self.lesion.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.lesion.setMinimumContentsLength(6)  # the panel stays narrow: the images keep the window's width
        self.lesion.lineEdit().setPlaceholderText(self.tr("lesion name for RANO"))  # (a combo's own widens it)
        self.role = QComboBox()
        self.role.addItem(self.tr("target"), "target")
        self.role.addItem(self.tr("non-target"), "non-target")
        self.add_lesion = QPushButton(self.tr("Name lesion"))
        self.text = QLineEdit(placeholderText=self.tr("text of a point or arrow"))
        self.list = QListWidget()
        self.table = QTableWidget(0, 4)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.insert = QPushButton(self.tr("Insert into report"))
        self.status = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.toolbar)
        row = QHBoxLayout()
        for w in (self.lesion, self.role, self.add_lesion):
            row.addWidget(w)
        lay.addLayout(row)
        lay.addWidget(self.text)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.suggestion)
        lay.addWidget(self.insert)
        lay.addWidget(self.status)
        self.add_lesion.clicked.connect(self.name_lesion)
        self.lesion.currentTextChanged.connect(lambda _t: self._annotation_text())
        self.text.textChanged.connect(lambda _t: self._annotation_text())
        self.insert.clicked.connect(self.insert_into_report)
        controller.changed.connect(self.refresh)
        self.refresh()

    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch: the list, the lesion table and the report text follow the new language."""
        if ev.type() == QEvent.LanguageChange and hasattr(self, "status"):
            self.language = "ko" if QLocale().name().startswith("ko") else "en"
            self.refresh()
        super().changeEvent(ev)

    # ---- state → widgets ---------------------------------------------------------------------
    def _patient(self) -> str:
        vol = self.controller.active_volume()
        return vol.metadata.get("patient_id", "") if vol is not None else ""

    def _annotation_text(self) -> None:
        self.controller.set_annotation_text(self.text.text().strip(), self.lesion.currentText().strip())

    def refresh(self) -> None:
        mset = self.controller.current_set()
        self.list.clear()
        ms = list(mset) if mset is not None else []
        for m in ms:
            self.list.addItem(measurement_line(m, self.language) if m.values or m.label else m.kind)
        for (_study, lesion), ml in lesion_volumes_ml(ms).items():
            self.list.addItem(f"{WORDS[self.language]['volume']} {lesion}: {ml:.2f} mL")
        patient = self._patient()
        names = [l.name for l in self.store.lesions(patient)] if patient else []
        current = self.lesion.currentText()
        if [self.lesion.itemText(i) for i in range(self.lesion.count())] != names:
            self.lesion.blockSignals(True)
            self.lesion.clear()
            self.lesion.addItems(names)
            self.lesion.setEditText(current)
            self.lesion.blockSignals(False)
        self._fill_table(lesion_table(self.store, self.archive, patient) if patient else None)
        errors = getattr(self.controller.sets, "errors", [])
        self.status.setText(errors[-1] if errors else "")

    def _fill_table(self, table) -> None:
        self.table_data = table
        w = WORDS[self.language]
        if table is None:
            self.table.setRowCount(0)
            self.suggestion.setText(self.tr("Name a lesion and measure it with RANO to track it across studies."))
            return
        cols = [(k, i) for k, i in (("baseline", table.baseline_index), ("nadir", table.nadir_index),
                                    ("current", table.current_index)) if i is not None]
        self.table.setColumnCount(1 + len(cols))
        self.table.setHorizontalHeaderLabels([w["lesion"]] + [
            f"{w[k]}\n{table.visits[i].study_date or ''}" for k, i in cols])
        self.table.setRowCount(len(table.rows) + 1)
        for r, row in enumerate(table.rows):
            self.table.setItem(r, 0, QTableWidgetItem(f"{row.lesion.name} ({w[row.lesion.role]})"))
            for c, (_k, i) in enumerate(cols, start=1):
                self.table.setItem(r, c, QTableWidgetItem(_cell(row.cells[i], w)))
        last = len(table.rows)
        self.table.setItem(last, 0, QTableWidgetItem(w["spd"]))
        for c, (_k, i) in enumerate(cols, start=1):
            self.table.setItem(last, c, QTableWidgetItem("—" if table.spd[i] is None else f"{table.spd[i]:.0f}"))
        self.table.resizeColumnsToContents()
        change = "" if table.change_from_baseline_pct is None else f" ({table.change_from_baseline_pct:+.0f}% {w['from_baseline']})"
        self.suggestion.setText(f"<b>{w['suggests']}: {table.suggestion}</b> — {w[table.suggestion]}{change}<br>"
                                f"<i>{table.note if self.language == 'en' else _ko_note()}</i>")

    # ---- actions -----------------------------------------------------------------------------
    def name_lesion(self) -> None:
        name, patient = self.lesion.currentText().strip(), self._patient()
        if not name or not patient:
            self.status.setText(self.tr("Open a series and type a lesion name first."))
            return
        self.store.add_lesion(patient, Lesion(name, self.role.currentData()))
        self._annotation_text()
        self.refresh()

    def mark_key_image(self) -> None:
        vp = self.controller.grid.active_viewport()
        vol = vp.state.volume
        if vol is None or not vol.sop_instance_uids or vp.state.plane not in ("native", "acquired"):
            self.status.setText(self.tr("Key images are native slices: show the series in its own plane."))
            return
        k = min(len(vol.sop_instance_uids) - 1, vp.state.slice_index)
        self.store.add_key_image(vol.study_instance_uid, vol.sop_instance_uids[k], vol.series_instance_uid)
        self.status.setText(self.tr("Key image marked: image %d") % (k + 1))

    def insert_into_report(self) -> None:
        mset = self.controller.current_set()
        hub = self.hub
        if hub is None or hub.current_order_id is None or mset is None:
            self.status.setText(self.tr("Select the order in the worklist and measure on its study first."))
            return
        ms, table, lang = list(mset), self.table_data, self.language
        editor = self.report_editor() if self.report_editor is not None else None
        if editor is not None and editor.order is not None and editor.order.id == hub.current_order_id:
            if not editor.insert_into_report(lambda r: insert_into_report(r, ms, table, lang)):
                self.status.setText(self.tr("The report cannot be edited (signed, or your role)."))
                return
        else:
            service = hub.service
            try:
                report = service.open_report(hub.current_order_id)
                service.save_draft(hub.current_order_id, insert_into_report(report, ms, table, lang))
            except Exception as exc:  # noqa: BLE001 - a refused save (role, signed report): say why
                self.status.setText(str(exc))
                return
            hub.orders_changed.emit()
        self.status.setText(self.tr("Measurements inserted into the report draft."))


def _ko_note() -> str:
    from workstation.measurements.lesions import SUGGESTION_NOTE_KO

    return SUGGESTION_NOTE_KO


def report_language(settings) -> str:
    lang = getattr(settings, "language", "system")
    if lang == "system":
        return "ko" if QLocale.system().name().startswith("ko") else "en"
    return "ko" if lang == "ko" else "en"


def make_panel(ctx):
    """The panel's factory (``workstation.app.panels.PANELS``): None without an archive."""
    archive = ctx.session.archive
    if archive is None:
        return None
    from workstation.measurements.store import MeasurementStore

    store = MeasurementStore.of(archive)
    user = ctx.session.user
    sets = StudySets(store, author=getattr(user, "username", "") if user else "")
    controller = MeasureController(ctx.controller.grid, sets, parent=ctx.controller)
    ctx.controller.series_opened.connect(lambda _i, _v: controller.ensure())
    panel = MeasurementsPanel(controller, store, archive, ctx.hub, report_language(ctx.session.settings))
    panel.measure_controller = controller
    docks = getattr(ctx.main_window, "docks", {})
    panel.report_editor = lambda: docks["reading_report"].widget() if "reading_report" in docks else None
    return panel
