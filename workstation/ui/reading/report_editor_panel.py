"""Report editor: findings, impression and tumour fields; templates; every keystroke journaled (crash-safe);
key findings highlighted; the prior report and its differences on their own tab (the report side stays narrow);
sign → read-only, addenda. Every text follows a live language switch (``retranslate``)."""
from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from workstation.reading.errors import ReadingError
from workstation.reading.priors import best_prior
from workstation.reading.records import TUMOR_FIELDS, Order, Report
from workstation.reading.roles import Action
from workstation.reading.templates import apply_template, default_template, load_templates
from workstation.ui.reading import labels
from workstation.ui.reading.keyword_highlighter import KeywordHighlighter
from workstation.ui.reading.prior_report_tab import PriorReportTab
from workstation.ui.reading.sign_guard import SignGuard

EDITABLE_STATUSES = ("ORDERED", "ACCEPTED", "IN_PROGRESS", "RESULT_READY")


class ReportEditorPanel(SignGuard, QWidget):
    saved = Signal(int)

    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_report_editor")
        self.hub = hub
        self.confirm_sign = True
        self.order: Order | None = None
        self.prior: Order | None = None
        self._saved_report = Report()
        self._loading = False
        self.header, self.notice = QLabel(self), QLabel(self)
        self.header.setWordWrap(True)   # a long patient name wraps instead of widening the report side
        self.header.setMinimumHeight(2 * self.header.fontMetrics().lineSpacing() + 2)  # (docks ignore wrapping)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color:#0d47a1")
        self._notices: list = []   # () -> str, each said again in the new language after a switch
        self.templates = QComboBox(self)
        self.templates.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.templates.setMinimumContentsLength(8)   # long template names are elided, not widening the panel
        lang = QLocale().name()[:2]
        for t in sorted(load_templates(), key=lambda t: (t.language != lang, t.name)):
            self.templates.addItem(t.name, t)
        self.apply_button = QPushButton(self)
        self.apply_button.clicked.connect(self.apply_selected_template)
        self.findings, self.impression = QPlainTextEdit(self), QPlainTextEdit(self)
        self.findings.setObjectName("findings")
        self.impression.setObjectName("impression")
        self.impression.setMaximumHeight(110)
        self.highlighters = [KeywordHighlighter(self.findings.document()),
                             KeywordHighlighter(self.impression.document())]
        self.tumor: dict[str, QLineEdit] = {}
        self._tumor_labels: dict[str, QLabel] = {}
        tumor_box = QWidget(self)
        form = QFormLayout(tumor_box)   # one field a row: narrow
        for key in TUMOR_FIELDS:
            edit = QLineEdit(tumor_box)
            edit.textChanged.connect(self._changed)
            self.tumor[key] = edit
            self._tumor_labels[key] = QLabel(tumor_box)
            form.addRow(self._tumor_labels[key], edit)
        self.addenda = QTextBrowser(self)
        self.addenda.setMaximumHeight(90)
        self.findings.textChanged.connect(self._changed)
        self.impression.textChanged.connect(self._changed)


        self.save_button, self.submit_button, self.sign_button = QPushButton(self), QPushButton(self), QPushButton(self)
        self.addendum_button, self.images_button, self.export_button = (QPushButton(self), QPushButton(self),
                                                                        QPushButton(self))
        self.export_button.clicked.connect(self._export_dialog)
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button.clicked.connect(self.submit)
        self.sign_button.clicked.connect(self.sign)
        self.addendum_button.clicked.connect(self._ask_addendum)
        self.images_button.clicked.connect(lambda: self.order and self.hub.open_images(self.order.id))
        self._words = {name: QLabel(self) for name in ("template", "findings", "impression", "addenda")}

        # the report, its tumour fields and the prior report are tabs: the report side stays narrow and the
        # images get most of the window's width (a fixed prior column took ~200 px from them)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report_tabs")
        report = QWidget(self.tabs)
        ll = QVBoxLayout(report)
        ll.setContentsMargins(2, 2, 2, 2)
        trow = QHBoxLayout()
        trow.addWidget(self._words["template"])
        trow.addWidget(self.templates, 1)
        trow.addWidget(self.apply_button)
        ll.addLayout(trow)
        for word, field, stretch in (("findings", self.findings, 3), ("impression", self.impression, 1),
                                     ("addenda", self.addenda, 0)):
            ll.addWidget(self._words[word])
            ll.addWidget(field, stretch)
        self.prior_tab = PriorReportTab(self.tabs)
        self.prior_title, self.prior_view, self.diff_view = self.prior_tab.title, self.prior_tab.view, self.prior_tab.diff
        self.highlighters.append(self.prior_tab.highlighter)
        self.tabs.addTab(report, "")
        self.tabs.addTab(tumor_box, "")
        self.tabs.addTab(self.prior_tab, "")
        grid = QGridLayout()   # two rows of three: fits a narrow dock in both languages
        for n, b in enumerate((self.save_button, self.submit_button, self.sign_button,
                               self.addendum_button, self.export_button, self.images_button)):
            grid.addWidget(b, *divmod(n, 3))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.header)
        lay.addWidget(self.notice)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(grid)
        self.retranslate()
        hub.order_selected.connect(self.load)
        if hasattr(hub, "context_changed"):
            hub.context_changed.connect(self._follow_context)
        hub.compare_requested.connect(lambda _cur, prior: self.show_prior(prior))
        self._set_editable(False)

    # ---- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the panel in the current language (built once, again on ``LanguageChange``)."""
        for name, text in (("template", self.tr("Template")), ("findings", self.tr("Findings")),
                           ("impression", self.tr("Impression")), ("addenda", self.tr("Addenda"))):
            self._words[name].setText(text)
        self.prior_tab.retranslate()
        for key, label in self._tumor_labels.items():
            label.setText(labels.tumor_field(key))
        for n, text in enumerate((self.tr("Report"), self.tr("Tumour"), self.tr("Prior report"))):
            self.tabs.setTabText(n, text)
        for button, text in ((self.apply_button, self.tr("Apply template")), (self.save_button, self.tr("Save draft")),
                             (self.submit_button, self.tr("Result ready")), (self.sign_button, self.tr("Sign")),
                             (self.addendum_button, self.tr("Add addendum")), (self.images_button, self.tr("Open images")),
                             (self.export_button, self.tr("Export…"))):
            button.setText(text)
        self._update_header()
        self._show_notices(self._notices)
        if self.order is not None:   # the template of the new language is offered
            self._select_default_template(self.order, self.prior is not None)
        if self.order is not None or self.prior is not None:
            self._show_prior_report(self.prior)

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and hasattr(self, "_words"):
            self.retranslate()
        super().changeEvent(ev)

    def _show_notices(self, notices: list) -> None:
        """``notices``: callables giving each line in the current language (said again after a switch)."""
        self._notices = list(notices)
        self.notice.setStyleSheet("color:#0d47a1")
        self.notice.setText("\n".join(n() for n in self._notices))
        self.notice.setVisible(bool(self._notices))

    # ---- loading -----------------------------------------------------------------------------
    def load(self, order_id: int) -> None:
        if self.order is not None and self.order.id == order_id:
            return
        self.flush()
        svc = self.hub.service
        try:
            order = svc.get_order(order_id)
            if svc.can(Action.VIEW_REPORT):
                report = svc.open_report(order_id)
            else:
                summary = svc.report_summary(order_id)
                report = Report(impression=summary.impression)
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return
        self.order, self._saved_report = order, report
        notice = []
        editable = (svc.can(Action.WRITE_REPORT) and not report.confirmed and order.status in EDITABLE_STATUSES)
        shown = report
        if editable:
            entry = self.hub.journal.recover(order_id, report)
            if entry is not None:
                shown = entry.report
                at = entry.saved_at.strftime("%Y-%m-%d %H:%M:%S")
                notice.append(lambda: self.tr("Recovered unsaved typing from %s (UTC); save to keep it.") % at)
        if report.confirmed:
            notice.append(lambda: self.tr("Signed by %1 at %2 — read-only; changes go in an addendum.")
                          .replace("%1", report.signed_by).replace("%2", f"{report.signed_at:%Y-%m-%d %H:%M}"))
        if not svc.can(Action.VIEW_REPORT):
            notice.append(lambda: self.tr("Your role sees the report summary only."))
        self._fill(shown)
        self._set_editable(editable)
        p = order.patient
        self._update_header()
        self._show_notices(notice)
        self.prior = None
        history = svc.patient_history(p.patient_number, audit=False) if svc.can(Action.VIEW_REPORT) else []
        self._select_default_template(order, best_prior(order, history) is not None)
        if svc.can(Action.VIEW_REPORT):
            prior = best_prior(order, history)
            if prior is not None:
                self.show_prior(prior.id)
                return
        self._show_prior_report(None)

    def _follow_context(self) -> None:
        """A study without a reading order became the context: no other patient's report stays open."""
        ctx = self.hub.context
        if ctx.study is None or ctx.order is not None or self.order is None:
            return
        self.flush()
        self.order, self._saved_report, self.prior = None, Report(), None
        self._fill(Report())
        self._set_editable(False)
        self.header.setText(html.escape(ctx.header()))
        self._show_notices([lambda: self.tr("This study has no reading order: give it one on the worklist's "
                                            "Unmatched / no order tab.")])
        self._show_prior_report(None)

    def _select_default_template(self, order: Order, follow_up: bool) -> None:
        """Templates follow the study: modality and body part (a CT head order gets the CT head template)."""
        st = order.study
        items = [self.templates.itemData(i) for i in range(self.templates.count())]
        t = default_template(items, st.modality if st else "", st.body_part if st else "", QLocale().name()[:2],
                             follow_up)
        if t is not None:
            self.templates.setCurrentIndex(items.index(t))

    def _update_header(self) -> None:
        """Patient, ID, study date and the order's live status (Draft after a saved draft)."""
        order = self.order
        if order is None:
            ctx = getattr(self.hub, "context", None)
            if ctx is None or ctx.study is None:
                self.header.clear()
            return
        p, st = order.patient, order.study
        self.header.setText(f"<b>{html.escape(p.display_name)}</b> ({html.escape(p.patient_number)}) — "
                            + (f"{st.study_date} {st.modality} {st.body_part} — " if st else "")
                            + f"{labels.order_status(order.status)} / {labels.reading_status(order.reading_status)}")

    def _fill(self, r: Report) -> None:
        self._loading = True
        try:
            self.findings.setPlainText(r.findings)
            self.impression.setPlainText(r.impression)
            for key, edit in self.tumor.items():
                v = r.tumor.get(key, "")
                edit.setText("" if v is None else str(v))
            self.addenda.setPlainText("\n\n".join(
                f"[v{a.version} {a.signed_at:%Y-%m-%d %H:%M} {a.author}] {a.text}" for a in r.addenda))
        finally:
            self._loading = False

    def _set_editable(self, editable: bool) -> None:
        svc = self.hub.service
        for w in (self.findings, self.impression, *self.tumor.values()):
            w.setReadOnly(not editable)
        for w in (self.templates, self.apply_button, self.save_button, self.submit_button):
            w.setEnabled(editable)
        self.sign_button.setEnabled(editable and svc.can(Action.SIGN_REPORT))
        signed = self.order is not None and self._saved_report.confirmed
        self.addendum_button.setEnabled(signed and svc.can(Action.SIGN_REPORT))
        self.images_button.setEnabled(self.order is not None and svc.can(Action.VIEW_IMAGES))
        self.export_button.setEnabled(self.order is not None and svc.can(Action.EXPORT_REPORT))

    def is_editable(self) -> bool:
        return not self.findings.isReadOnly()

    # ---- editing -----------------------------------------------------------------------------
    def current_report(self) -> Report:
        tumor = {k: v for k, v in self._saved_report.tumor.items() if k not in self.tumor}  # measurements, rano
        tumor.update({k: e.text().strip() for k, e in self.tumor.items() if e.text().strip()})
        return Report(self.findings.toPlainText(), self.impression.toPlainText(), tumor,
                      list(self._saved_report.work_notes), version=self._saved_report.version)

    def has_unsaved_changes(self) -> bool:
        return self.order is not None and self.current_report().content() != self._saved_report.content()

    def _changed(self) -> None:
        if self._loading or self.order is None or not self.is_editable():
            return
        self.hub.journal.write(self.order.id, self.current_report(), self.hub.service.user.username,
                               self._saved_report.version)   # every change, durably: a crash loses nothing
        self._update_diff()

    def apply_selected_template(self) -> None:
        t = self.templates.currentData()
        if t is not None and self.is_editable():
            merged = apply_template(t, self.current_report())
            self._fill(merged)
            self._changed()

    def insert_into_report(self, change) -> bool:
        """Apply ``change(report) -> Report`` to the report shown (what is typed is kept) and save it as the
        draft: the Measurements panel inserts its measurements and lesion table this way."""
        if self.order is None or not self.is_editable():
            return False
        new = change(self.current_report())
        self._saved_report = dataclasses.replace(self._saved_report, tumor=new.tumor)  # keys beyond the form
        self._fill(new)
        return self.save_draft()

    def save_draft(self) -> bool:
        if self.order is None or not self.is_editable():
            return False
        try:
            order = self.hub.service.save_draft(self.order.id, self.current_report())
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return False
        self.hub.journal.discard(self.order.id)
        self.order, self._saved_report = order, order.report
        self._update_header()
        if hasattr(self.hub, "refresh_order"):
            self.hub.refresh_order(order.id)
        self._show_notices([])
        self.saved.emit(order.id)
        self.hub.orders_changed.emit()
        return True

    def flush(self) -> None:
        """Save what is typed before leaving this order (the journal already holds it)."""
        if self.order is not None and self.is_editable() and self.has_unsaved_changes():
            self.save_draft()

    def submit(self) -> None:
        if self.has_unsaved_changes() and not self.save_draft():
            return
        self._act(lambda: self.hub.service.submit(self.order.id))

    def sign(self) -> None:
        """Sign after the checks of ``SignGuard``: no other patient on screen, confirmation naming the
        patient, the signer's password when local users exist."""
        if self.order is None or not self.sign_checks_pass():
            return
        if self.has_unsaved_changes() and not self.save_draft():
            return
        self._act(lambda: self.hub.service.sign(self.order.id))

    def add_addendum(self, text: str) -> None:
        self._act(lambda: self.hub.service.add_addendum(self.order.id, text))

    def _ask_addendum(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Addendum"), self.tr("Addendum text"))
        if ok and text.strip():
            self.add_addendum(text)

    def _act(self, fn) -> None:
        try:
            order = fn()
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return
        oid, self.order = order.id, None
        self.hub.journal.discard(oid)
        self.load(oid)
        if hasattr(self.hub, "refresh_order"):
            self.hub.refresh_order(oid)
        self.hub.orders_changed.emit()

    def export_to(self, path) -> bool:
        """Write the report as JSON (role-checked and audited by the service)."""
        try:
            self.hub.service.export_report(self.order.id, path)
        except (ReadingError, OSError) as exc:
            self.hub.error.emit(str(exc))
            return False
        self.hub.message.emit(self.tr("Report exported to %s") % path)
        return True

    def _export_dialog(self) -> None:
        if self.order is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), f"report-{self.order.id}.json",
                                              "JSON (*.json)")
        if path:
            self.export_to(path)

    # ---- prior -------------------------------------------------------------------------------
    def show_prior(self, order_id: int) -> None:
        try:
            self.prior = self.hub.service.get_order(order_id)
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return
        self._show_prior_report(self.prior)

    def _show_prior_report(self, prior: Order | None) -> None:
        self.tabs.setTabEnabled(2, prior is not None)  # the prior report's tab says at a glance whether there is one
        self.prior_tab.show_prior(prior, self.current_report())

    def _update_diff(self) -> None:
        self.prior_tab.update_diff(self.prior, self.current_report())
