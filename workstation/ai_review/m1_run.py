"""Run M1 on a study of the archive from the review screen, and have its SEGs in the archive. No Qt: the
window runs :meth:`M1Run.run` on a worker thread with a progress callback and a cancel event.

It goes through the workstation's inference service (``workstation.inference_jobs.InferenceService``): the
inference queue's workers when the site config names a broker, otherwise the same job in this process. The
job's label SEG (BINARY) and probability SEG (FRACTIONAL) are imported into the archive when it is done,
so they show up in the browser and over the T1c series like any other SEG.

With a ``recorder`` (``workstation.ai_review.backend_runs.RunRecorder``) the job and its outcome are recorded
as the CDSS's AI inference request and result through the sync outbox: on submit, and when it is done, has
failed (with the reason) or was cancelled.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Progress = Callable[[str, float], None]
log = logging.getLogger(__name__)


class M1RunError(RuntimeError):
    """M1 could not run on this study (message says why: no model, a missing sequence, ...)."""


class M1Cancelled(Exception):
    """The user cancelled; nothing was stored."""


@dataclass
class M1Outcome:
    seg_paths: list[Path]  # in the archive
    volumes_ml: dict[str, float]
    model: dict
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class M1Run:
    """M1 on one study through the workstation's inference service (``workstation.inference_jobs``): the
    queue's workers when the site config names a broker, else in this process. ``service``: an
    ``InferenceService`` (default: made from the site config for ``archive``)."""

    def __init__(self, archive, study_uid: str, *, service=None, model=None, poll_s: float = 0.25,
                 recorder=None, patient_id: str = "") -> None:
        self.archive = archive
        self.study_uid = study_uid
        self.model = model
        self.poll_s = poll_s
        self._service = service
        self.recorder = recorder  # RunRecorder: the run as the CDSS's AI request/result (None: not recorded)
        self.patient_id = patient_id
        self.job_id: str | None = None

    def _record(self, event: str, *args, **kw) -> None:
        """Tell the recorder; a recording problem never fails the run (it is logged; the row says why)."""
        if self.recorder is None or self.job_id is None:
            return
        try:
            getattr(self.recorder, event)(self.job_id, *args, **kw)
        except Exception:  # noqa: BLE001
            log.exception("the M1 run %s could not be recorded for the CDSS (%s)", self.job_id, event)

    def service(self):
        if self._service is None:
            from workstation.inference_jobs import InferenceService

            self._service = InferenceService.from_site_config(self.archive, model=self.model)
        return self._service

    def run(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> M1Outcome:
        """Segment the study and store its SEGs in the archive. May run on a worker thread;
        ``progress(stage, fraction)`` is called from it; a set ``cancel`` cancels the job and raises
        :class:`M1Cancelled` (nothing stored)."""
        import time

        from inference.queue.client import CANCELLED, DONE, FAILED

        from workstation.ai_review.seg_index import seg_ref

        cancel = cancel or threading.Event()
        if cancel.is_set():
            raise M1Cancelled()
        svc = self.service()
        try:
            job = svc.submit(self.study_uid)
        except ValueError as exc:
            raise M1RunError(f"M1 could not run: {exc}") from exc
        self.job_id = job
        self._record("submitted", self.study_uid, patient_id=self.patient_id)
        while True:
            st = svc.status(job)
            if st.state in (DONE, FAILED, CANCELLED):
                break
            if cancel.is_set():
                svc.cancel(job)
            if progress is not None and st.stage:
                progress(st.stage, st.fraction)
            time.sleep(self.poll_s)
        if st.state == CANCELLED or cancel.is_set():
            self._record("finished", "cancelled", error="cancelled by the user")
            raise M1Cancelled()
        if st.state == FAILED:
            self._record("finished", "failed", error=st.error or "failed")
            raise M1RunError(f"M1 could not run: {st.error}")
        svc.collect(job)
        result = st.result or {}
        uids = {ref.sop_instance_uid for ref in (seg_ref(p) for p in (result.get("seg"), result.get("probability_seg"))
                                                 if p) if ref is not None}
        uids |= {sop for _series, sop in result.get("seg_uids") or []}  # also when they came from the PACS
        stored = [Path(f) for s in self.archive.series(self.study_uid) if s.modality == "SEG"
                  for f in self.archive.series_files(s.series_instance_uid)
                  if (r := seg_ref(f)) is not None and r.sop_instance_uid in uids]
        if uids and not stored:
            self._record("finished", "failed", error="the SEGs M1 wrote were not stored in the archive")
            raise M1RunError("the SEGs M1 wrote were not stored in the archive")
        self._record("finished", "done", result=result, seg_paths=stored)
        return M1Outcome(stored, dict(result.get("volumes_ml") or {}), dict(result.get("model") or {}),
                         dict(result.get("seconds") or {}), list(result.get("warnings") or []))
