"""``AiResultsPanel``: the reading context patient's AI results from the CDSS — genetic (MG), multimodal (MM)
and MRI segmentation (M1) — read-only, beside the images. Thin: fetching, caching and the patient filter are
``workstation.ai_review.backend_results``; the fetch runs on a worker thread and a reply for a patient who is
no longer the current one is dropped.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workstation.ai_review.backend_results import BackendResults, PatientResults, context_patient_id

WARN = QColor("#e0a030")


class _Signals(QObject):
    fetched = Signal(object)


class AiResultsPanel(QWidget):
    """``results``: a ``BackendResults``; ``patient()``: the CDSS id of the reading context's patient (or None)
    and the name to show."""

    def __init__(self, results: BackendResults, patient, parent=None) -> None:
        super().__init__(parent)
        self.results, self._patient = results, patient
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ai-results")
        self._sig = _Signals()
        self._sig.fetched.connect(self.show_results)
        self.current: int | None = None
        self.shown = PatientResults(None)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.note = QLabel(self.tr("Read-only: results of the CDSS's AI models for this patient."))
        self.note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Model"), self.tr("Requested"), self.tr("Result"), self.tr("Review")])
        self.tree.setRootIsDecorated(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.note)
        lay.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.refresh_button)
        lay.addLayout(row)

    def model_title(self, code: str, name: str) -> str:
        titles = {"MG": self.tr("Genetic (MG)"), "MM": self.tr("Multimodal (MM)"),
                  "M1": self.tr("MRI segmentation (M1)")}
        return titles.get(code, f"{name} ({code})")

    def review_text(self, review: str, reviewer: str) -> str:
        text = {"pending": self.tr("not reviewed"), "accepted": self.tr("accepted"),
                "rejected": self.tr("rejected")}.get(review, review)
        return f"{text} ({reviewer})" if reviewer else text

    def refresh(self) -> None:
        """Show the cached results of the context's patient at once, then fetch fresh ones off the GUI thread."""
        patient_id, name = self._patient()
        self.current = patient_id
        self.heading.setText(self.tr("Patient: %s") % name if name else self.tr("No patient open"))
        self.show_results(self.results.cached(patient_id))
        if patient_id is not None:
            self.status.setText(self.tr("Fetching the AI results…"))
            fetch, sig = self.results.fetch, self._sig
            self._pool.submit(lambda: sig.fetched.emit(fetch(patient_id)))

    def show_results(self, res: PatientResults) -> None:
        if res.patient_id != self.current:
            return  # a reply for another patient than the one now open: never shown
        self.shown = res
        self.tree.clear()
        for ln in res.lines:
            item = QTreeWidgetItem([self.model_title(ln.model, ln.model_name), ln.when, ln.summary,
                                    self.review_text(ln.review, ln.reviewer)])
            item.setToolTip(2, ln.summary)
            for d in ln.details:
                QTreeWidgetItem(item, ["", "", d, ""])
            if ln.synthetic:
                warn = QTreeWidgetItem(item, ["", "", self.tr("Trained on synthetic data — not for clinical use"), ""])
                warn.setForeground(2, QBrush(WARN))
                item.setForeground(0, QBrush(WARN))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for c in range(4):
            self.tree.resizeColumnToContents(c)
        self.status.setText(self._status_text(res))

    def _status_text(self, res: PatientResults) -> str:
        if res.patient_id is None:
            return self.tr("Not a CDSS patient: the CDSS has no AI results for this patient.")
        if res.problem and not res.offline:
            return self.tr("The sync with the CDSS is off: no AI results.")
        if res.offline and res.problem:
            return self.tr("Offline — showing the results last fetched (%s)") % res.problem
        if not res.lines:
            return self.tr("No AI results for this patient.")
        return self.tr("Results: %s") % len(res.lines)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def make_panel(ctx):
    """The panel's factory (``workstation.app.panels.PANELS``): follows the reading context's patient."""
    session, hub = ctx.session, ctx.hub
    if hub is None or session.reading is None:
        return None
    from workstation.reading.roles import Action, allowed

    if not allowed(session.reading.user.role, Action.VIEW_IMAGES):
        return None
    results = BackendResults(lambda: getattr(session.sync, "client", None) if session.sync is not None else None)

    def patient():
        ctx_ = hub.context
        p = ctx_.patient
        return context_patient_id(ctx_, session.reading.repo), (p.display_name if p is not None else "")

    panel = AiResultsPanel(results, patient)
    hub.context_changed.connect(panel.refresh)
    panel.refresh()
    return panel
