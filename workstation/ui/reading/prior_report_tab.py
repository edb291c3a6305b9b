"""The report editor's "Prior report" tab: the prior report of the same body part, and its differences from the
report being written, updated as it is written (the diff itself: ``workstation.reading.report_diff``).
Its texts belong to the editor's translation context ("ReportEditorPanel")."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from workstation.reading.records import TUMOR_FIELDS, Order, Report
from workstation.reading.report_diff import diff_html, diff_reports
from workstation.ui.reading import labels
from workstation.ui.reading.keyword_highlighter import KeywordHighlighter


class PriorReportTab(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.view, self.diff = QTextBrowser(self), QTextBrowser(self)
        self.highlighter = KeywordHighlighter(self.view.document())
        self.differences = QLabel(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.differences)
        lay.addWidget(self.diff, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.differences.setText(QCoreApplication.translate("ReportEditorPanel", "Differences from the prior"))

    def show_prior(self, prior: Order | None, current: Report) -> None:
        """The prior's report (or that there is none) and its differences from ``current``."""
        if prior is None:
            self.title.setText(QCoreApplication.translate("ReportEditorPanel", "No prior report of the same body part."))
            self.view.clear()
            self.diff.clear()
            return
        st = prior.study
        self.title.setText(QCoreApplication.translate("ReportEditorPanel", "Prior report: %s") % (
            f"{st.study_date} {st.modality} {st.body_part}" if st else str(prior.id)))
        r = prior.report
        findings = QCoreApplication.translate("ReportEditorPanel", "Findings")
        impression = QCoreApplication.translate("ReportEditorPanel", "Impression")
        self.view.setPlainText(f"{findings}:\n{r.findings}\n\n{impression}:\n{r.impression}")
        self.update_diff(prior, current)

    def update_diff(self, prior: Order | None, current: Report) -> None:
        if prior is None:
            return
        if not current.has_content():
            self.diff.setPlainText(QCoreApplication.translate("ReportEditorPanel", "The differences appear as you write."))
            return
        titles = {"findings": QCoreApplication.translate("ReportEditorPanel", "Findings"),
                  "impression": QCoreApplication.translate("ReportEditorPanel", "Impression"),
                  "tumor": QCoreApplication.translate("ReportEditorPanel", "Tumour")}
        names = {k: labels.tumor_field(k) for k in TUMOR_FIELDS}
        self.diff.setHtml(diff_html(diff_reports(prior.report, current, names), titles))
