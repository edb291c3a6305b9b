"""``AiReviewWidget``: the review controls under the AI segmentation panel — Run M1 (progress, cancel),
Accept / Reject with a comment, and Edit (brush / eraser on the label map, saved as a new SEG version).
Thin: the rules are ``workstation.ai_review.service.ReviewService``, the run ``M1Run``, the brush
``viewer.model.label_edit.LabelEditor``; long work runs on a worker thread.
"""
from __future__ import annotations

import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from workstation.ai_review.service import ReviewError

#: the review service's refusals, shown in the interface language (``self.tr`` of the service's own text)
_REFUSALS = (QT_TRANSLATE_NOOP("AiReviewWidget", "say why the segmentation is rejected (a comment is required)"),)


class _Signals(QObject):
    progress = Signal(str, float)
    finished = Signal(object)
    failed = Signal(str)


class BrushFilter(QObject):
    """Left-button strokes on a viewport paint (or erase) through a ``LabelEditor`` while installed."""

    def __init__(self, viewport, editor, widget) -> None:
        super().__init__(viewport)
        self.viewport, self.editor, self.widget = viewport, editor, widget
        self._down = False

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        t = ev.type()
        if t == QEvent.MouseButtonPress and ev.button() == Qt.LeftButton:
            self._down = True
            self._stroke(ev)
            return True
        if t == QEvent.MouseMove and self._down:
            self._stroke(ev)
            return True
        if t == QEvent.MouseButtonRelease and self._down:
            self._down = False
            return True
        return False

    def _stroke(self, ev) -> None:
        vp = self.viewport
        x, y = vp._vtk_xy(ev.position().toPoint())
        self.widget.stroke_at(vp.view.patient_at_display(x, y))


class AiReviewWidget(QWidget):
    def __init__(self, panel, service_factory, archive, parent=None, inference=None) -> None:
        super().__init__(parent)
        self.inference = inference  # the session's SessionInference: one inference service per session
        self.panel = panel
        self.manager = panel.manager
        self.archive = archive
        self._service_factory = service_factory
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ai-review")
        self._cancel: threading.Event | None = None
        self._sig = _Signals()
        self._sig.progress.connect(self._on_progress)
        self._sig.finished.connect(self._on_m1_done)
        self._sig.failed.connect(self._on_failed)
        self.editor = None
        self._filter = None
        self.review_line = QLabel()
        self.review_line.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e05050;")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comment (required to reject)"))
        self.accept_button = QPushButton(self.tr("Accept"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setCheckable(True)
        self.brush = QRadioButton(self.tr("Brush"))
        self.eraser = QRadioButton(self.tr("Eraser"))
        self.brush.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.brush)
        group.addButton(self.eraser)
        self.radius = QDoubleSpinBox()
        self.radius.setRange(0.5, 30.0)
        self.radius.setValue(3.0)
        self.radius.setSuffix(" mm")
        self.run_button = QPushButton(self.tr("Run M1 on this study"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.stage = QLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.review_line)
        lay.addWidget(self.comment)
        lay.addWidget(self.error)
        row = QHBoxLayout()
        for w in (self.accept_button, self.reject_button, self.edit_button):
            row.addWidget(w)
        lay.addLayout(row)
        row = QHBoxLayout()
        for w in (self.brush, self.eraser, self.radius):
            row.addWidget(w)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        lay.addWidget(self.progress)
        lay.addWidget(self.stage)
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        self.edit_button.toggled.connect(self.set_editing)
        self.run_button.clicked.connect(self.run_m1)
        self.cancel_button.clicked.connect(self.cancel_m1)
        self.manager.changed.connect(self.refresh)
        panel.choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.manager.grid.active_changed.connect(lambda _i: self.refresh())
        self.refresh()

    # ---- review ------------------------------------------------------------------------------
    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and hasattr(self, "review_line"):  # a live language switch
            self.refresh()
        super().changeEvent(ev)

    def service(self):
        return self._service_factory()

    def review_text(self, ref) -> str:
        svc = self.service()
        latest = svc.latest(ref.sop_instance_uid) if svc is not None else None
        return self.review_line_of(latest) if latest is not None else self.tr("Not reviewed yet")

    def review_line_of(self, review) -> str:
        """``Review.line()`` in the interface language: decision, reviewer, time (UTC), edited, comment."""
        decision = {"accepted": self.tr("ACCEPTED"), "rejected": self.tr("REJECTED")}.get(
            review.decision, review.decision.upper())
        text = self.tr("%s by %s %s UTC") % (decision, review.reviewer, f"{review.reviewed_at:%Y-%m-%d %H:%M}")
        if review.edited_seg_sop_instance_uid:
            text += self.tr(" (edited)")
        return text + (f" — {review.comment}" if review.comment else "")

    def refresh(self) -> None:
        cur = self.panel.current()
        has = cur is not None and self.service() is not None
        for w in (self.accept_button, self.reject_button, self.edit_button, self.comment):
            w.setEnabled(has)
        for w in (self.brush, self.eraser, self.radius):
            w.setVisible(self.edit_button.isChecked())
        self.review_line.setText(self.review_text(cur[0]) if has else "")
        self.run_button.setEnabled(self._cancel is None and self._study_uid() is not None)
        self.cancel_button.setVisible(self._cancel is not None)
        self.progress.setVisible(self._cancel is not None)

    def decide(self, decision: str) -> None:
        cur = self.panel.current()
        svc = self.service()
        if cur is None or svc is None:
            return
        ref, overlay = cur
        vol = self.manager.grid.active_viewport().state.volume
        study_date = (vol.metadata.get("study_date") or vol.metadata.get("StudyDate") or "") if vol else ""
        try:
            if self.editor is not None and self.editor.changed:
                from viewer.io.seg import read_seg
                from workstation.ai_review.seg_index import seg_ref

                files = self.archive.series_files(vol.series_instance_uid)
                new = svc.save_edited(ref, overlay.seg, self.editor.labels, vol, files,
                                      Path(tempfile.gettempdir()) / "cdss-edited-segs")
                new_ref = seg_ref(new)
                result = svc.review(new_ref, read_seg(new, source=vol), decision, self.comment.text(),
                                    study_date=study_date, edited_from=ref.path)
                self.set_editing(False)
                self.edit_button.setChecked(False)
                self.manager.add_seg_file(new)
            else:
                result = svc.review(ref, overlay.seg, decision, self.comment.text(), study_date=study_date)
        except (ReviewError, ValueError) as exc:
            self.error.setText(self.tr(str(exc)))  # said beside the buttons; nothing was stored
            return
        self.error.clear()
        self.comment.clear()
        self.manager.message.emit(self.review_line_of(result))
        self.panel.refresh_current()
        self.refresh()

    # ---- editing -----------------------------------------------------------------------------
    def set_editing(self, on: bool) -> None:
        from viewer.io.seg import on_grid
        from viewer.model.label_edit import LabelEditor

        vp = self.manager.grid.active_viewport()
        if self._filter is not None:
            vp_old = self._filter.viewport
            vp_old.removeEventFilter(self._filter)
            self._filter = None
        if self.editor is not None:
            self.editor_stack.remove(self.editor.layer)
            for layer in self._hidden:
                layer.set_visible(True)
            self.editor = None
        cur = self.panel.current()
        if on and cur is not None and vp.state.volume is not None:
            _ref, overlay = cur
            labels = vp.state.volume.with_voxels(on_grid(overlay.seg.label_map(), vp.state.volume))
            self.editor = LabelEditor(labels, overlay.seg.colors(), opacity=overlay.opacity, name="edit")
            self._hidden = list(overlay.label_layers)
            for layer in self._hidden:
                layer.set_visible(False)
            self.editor_stack = vp.state.layers
            self.manager.redraw_on_layer_changes(vp.state)
            vp.state.layers.add(self.editor.layer)
            self._filter = BrushFilter(vp, self.editor, self)
            vp.installEventFilter(self._filter)
        self.refresh()

    def stroke_at(self, xyz) -> None:
        if self.editor is None:
            return
        s = self.manager.grid.active_viewport().state
        normal = np.cross(s.basis.right, s.basis.up)
        label = 1 if not self.panel.current() else min(sg.number for sg in self.panel.current()[1].seg.segments)
        if self.eraser.isChecked():
            self.editor.erase(xyz, self.radius.value(), normal)
        else:
            self.editor.paint(xyz, self.radius.value(), label, normal)
        self.editor.refresh_layer(self.editor_stack)

    # ---- M1 ----------------------------------------------------------------------------------
    def _study_uid(self) -> str | None:
        vol = self.manager.grid.active_viewport().state.volume
        return vol.study_instance_uid if vol is not None and self.archive is not None else None

    def _patient_id(self) -> str:
        vol = self.manager.grid.active_viewport().state.volume
        return str(vol.metadata.get("patient_id") or "") if vol is not None else ""

    def run_m1(self) -> None:
        from workstation.ai_review.m1_run import M1Run

        study = self._study_uid()
        if study is None or self._cancel is not None:
            return
        self._cancel = cancel = threading.Event()
        sig, inference, archive = self._sig, self.inference, self.archive
        review = self.service()  # its recorder: the run becomes the CDSS's AI request/result (sync outbox)
        recorder, patient = getattr(review, "runs", None), self._patient_id()

        def work() -> None:
            from workstation.ai_review.m1_run import M1Cancelled, M1RunError

            try:  # the session's service for the current Settings (broker or in-process), made here: off the GUI
                job = M1Run(archive, study, service=inference.service() if inference is not None else None,
                            recorder=recorder, patient_id=patient)
                sig.finished.emit(job.run(lambda stage, f: sig.progress.emit(stage, f), cancel))
            except M1Cancelled:
                sig.failed.emit(self.tr("M1 cancelled; nothing stored."))
            except M1RunError as exc:
                sig.failed.emit(str(exc))
            except Exception as exc:  # noqa: BLE001 - shown, never a traceback
                sig.failed.emit(f"{type(exc).__name__}: {exc}")

        self.stage.setText(self.tr("Starting M1…"))
        self._pool.submit(work)
        self.refresh()

    def cancel_m1(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.stage.setText(self.tr("Cancelling…"))

    def _on_progress(self, stage: str, fraction: float) -> None:
        self.stage.setText(f"M1: {stage}")
        self.progress.setValue(int(round(100 * fraction)))

    def _on_m1_done(self, outcome) -> None:
        self._cancel = None
        vols = ", ".join(f"{k} {v:.1f} mL" for k, v in outcome.volumes_ml.items())
        self.stage.setText(self.tr("M1 done: %s") % vols)
        for path in outcome.seg_paths:
            self.manager.add_seg_file(path)
        self.refresh()

    def _on_failed(self, text: str) -> None:
        self._cancel = None
        self.stage.setText(text)
        self.refresh()

    def shutdown(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


def review_service_factory(ctx):
    """A callable giving the session's ``ReviewService`` (None without a logged-in reader or database)."""
    made = []

    def factory():
        session = ctx.session
        if session.reading is None or session.database is None:
            return None
        if not made:
            from workstation.ai_review.backend_runs import RunRecorder, reading_store_ids
            from workstation.ai_review.service import ReviewService

            sync = getattr(session.sync, "client", None) if session.sync is not None else None
            runs = RunRecorder(session.database.session_factory, sync, reading_store_ids(session.reading.repo),
                               session.reading.user.username)
            made.append(ReviewService(session.database.session_factory, session.reading.audit, session.reading.user,
                                      archive=session.archive, sync=sync, runs=runs))
        svc = made[0]
        if session.sync is not None:  # the sync client comes and goes with the settings
            svc.sync = svc.runs.sync = getattr(session.sync, "client", None)
        return svc

    return factory
