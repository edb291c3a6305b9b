"""This workstation's M1 runs recorded as the CDSS's AI inference requests and results (issue 20). No Qt.

When M1 runs on a study (``M1Run``: in this process or on the inference queue), ``RunRecorder`` keeps a row
of ``ai_backend_run`` for the job and queues, in the sync outbox:

1. ``ai_request`` when the job is submitted — model M1, the CDSS patient and order of the study, the study
   UID, the job's id (one CDSS request per job, however often it is sent), who and when;
2. ``ai_result`` when the job ends, queued *after* the request (its server id is not known offline) — done:
   the SEG series/instance UIDs, the model's name, version and checksum, the volume of each label in mL;
   failed or cancelled: a failed request with the reason;
3. ``ai_review`` for each review of the run's SEG (``queue_review``, called by ``ReviewService``), queued
   after the result, so it becomes the CDSS result's review.

The outbox sends them in that order when the service is reachable and maps the server's ids. A study the
CDSS does not know (no order of this workstation's reading store links it to a CDSS patient), or a
workstation without the sync configured, keeps the row with the reason in ``not_queued``; what was not
queued is queued at the next event of the run once the sync is there.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.ai_review.models import AiBackendRunRow

log = logging.getLogger(__name__)

#: CDSS ids of a study: (patient id, order id or None), or None when the CDSS does not know it
CdssIds = Callable[[str], "tuple[int, int | None] | None"]
MODEL_CODE = "M1"
FINISHED = ("done", "failed", "cancelled")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _iso(t: datetime | None) -> str | None:
    return t.replace(microsecond=0).isoformat() if t is not None else None


@dataclass(frozen=True)
class BackendRun:
    job_uid: str
    study_instance_uid: str
    state: str
    error: str
    seg_sop_instance_uid: str
    request_outbox_id: int | None
    result_outbox_id: int | None
    not_queued: str
    result_data: dict


def _run(row: AiBackendRunRow) -> BackendRun:
    return BackendRun(row.job_uid, row.study_instance_uid, row.state, row.error, row.seg_sop_instance_uid,
                      row.request_outbox_id, row.result_outbox_id, row.not_queued, json.loads(row.result_json or "{}"))


def reading_store_ids(repo) -> CdssIds:
    """CDSS ids of a study from the reading store (``ReadingRepository``): the CDSS order that links it."""
    def ids(study_uid: str):
        for order in repo.orders_for_study(study_uid):
            if order.patient.remote_id:
                return int(order.patient.remote_id), int(order.remote_id) if order.remote_id else None
        return None

    return ids


def result_data(study_uid: str, result: dict, seg_refs: list) -> dict:
    """What the CDSS keeps of a done M1 job: SEG UIDs, model (name, version, checksum), volumes in mL.
    ``seg_refs``: the job's SEGs as stored (``SegRef``); the label SEG is the one the job names ``seg``."""
    from workstation.ai_review.seg_index import seg_ref

    model = dict(result.get("model") or {})
    named = seg_ref(result["seg"]) if result.get("seg") and Path(result["seg"]).is_file() else None
    label = next((r for r in seg_refs if named is not None and r.sop_instance_uid == named.sop_instance_uid),
                 next((r for r in seg_refs if r.segmentation_type == "BINARY"), seg_refs[0] if seg_refs else None))
    return {
        "study_uid": study_uid,
        "seg_series_uid": label.series_instance_uid if label else None,
        "seg_sop_instance_uid": label.sop_instance_uid if label else None,
        "seg_instance_uids": [r.sop_instance_uid for r in seg_refs],
        "seg_series_uids": sorted({r.series_instance_uid for r in seg_refs}),
        "model": {k: model[k] for k in ("name", "version", "sha256", "weights_sha256", "disclaimer", "backend",
                                        "device") if k in model},
        "volumes_ml": {str(k): round(float(v), 3) for k, v in (result.get("volumes_ml") or {}).items()},
        "warnings": [str(w)[:300] for w in (result.get("warnings") or [])][:20],
        "source": "workstation",
    }


class RunRecorder:
    """``sync``: the sync client (``enqueue``) or None (sync off; may be set later). ``cdss_ids(study_uid)``:
    the CDSS patient and order of a study (``reading_store_ids``), None when unknown. ``user``: who runs."""

    def __init__(self, session_factory: sessionmaker[Session], sync=None, cdss_ids: CdssIds | None = None,
                 user: str = "") -> None:
        self._sf = session_factory
        self.sync = sync
        self.cdss_ids = cdss_ids
        self.user = user

    # ---- the run's events (any thread) -------------------------------------------------------------------
    def submitted(self, job_uid: str, study_uid: str, *, patient_id: str = "") -> BackendRun:
        """The job was submitted (again: the queue collapses a repeat into the same job, recorded once)."""
        with self._sf.begin() as s:
            row = s.scalar(select(AiBackendRunRow).where(AiBackendRunRow.job_uid == job_uid))
            if row is None:
                row = AiBackendRunRow(job_uid=job_uid, study_instance_uid=study_uid, patient_id=patient_id,
                                      model=MODEL_CODE, requested_by=self.user, requested_at=_now(), state="running",
                                      error="", seg_sop_instance_uid="", probability_seg_sop_instance_uid="",
                                      result_json="{}", reviews_queued=0, not_queued="")
                s.add(row)
            self._queue_missing(s, row)
            return _run(row)

    def finished(self, job_uid: str, state: str, *, result: dict | None = None, error: str = "",
                 seg_paths: list[Path] = ()) -> BackendRun | None:
        """The job ended: ``done`` (its ``result`` and the SEGs stored), ``failed`` (``error``) or ``cancelled``."""
        if state not in FINISHED:
            raise ValueError(f"a finished run is one of {FINISHED}, got {state!r}")
        from workstation.ai_review.seg_index import seg_ref

        refs = [r for r in (seg_ref(p) for p in seg_paths) if r is not None]
        with self._sf.begin() as s:
            row = s.scalar(select(AiBackendRunRow).where(AiBackendRunRow.job_uid == job_uid))
            if row is None:
                return None
            if row.state not in FINISHED:
                row.state, row.finished_at, row.error = state, _now(), (error or "")[:2000]
                if state == "done":
                    data = result_data(row.study_instance_uid, result or {}, refs)
                    row.result_json = json.dumps(data)
                    row.seg_sop_instance_uid = data["seg_sop_instance_uid"] or ""
                    row.probability_seg_sop_instance_uid = next(
                        (r.sop_instance_uid for r in refs if r.sop_instance_uid != row.seg_sop_instance_uid), "")
            self._queue_missing(s, row)
            return _run(row)

    def queue_review(self, seg_sop_instance_uid: str, decision: str, comment: str) -> int | None:
        """Queue a review of a SEG this workstation's M1 made as the CDSS result's review (after the result);
        the outbox id, or None when the SEG is no recorded run's or its run could not be queued."""
        with self._sf.begin() as s:
            row = self._row_of_seg(s, seg_sop_instance_uid)
            if row is None:
                return None
            self._queue_missing(s, row)
            if row.result_outbox_id is None or row.state != "done":
                return None
            # each review moves the CDSS result one version on: the first is made on version 1
            item = self._enqueue("ai_review", None, {"decision": decision, "comment": comment or None},
                                 base_version=1 + row.reviews_queued, after=row.result_outbox_id)
            if item is not None:
                row.reviews_queued += 1
            return item

    # ---- reading back --------------------------------------------------------------------------------------
    def run(self, job_uid: str) -> BackendRun | None:
        with self._sf() as s:
            row = s.scalar(select(AiBackendRunRow).where(AiBackendRunRow.job_uid == job_uid))
            return _run(row) if row else None

    def run_of_seg(self, seg_sop_instance_uid: str) -> BackendRun | None:
        with self._sf() as s:
            row = self._row_of_seg(s, seg_sop_instance_uid)
            return _run(row) if row else None

    @staticmethod
    def _row_of_seg(s: Session, uid: str) -> AiBackendRunRow | None:
        if not uid:
            return None
        return s.scalars(select(AiBackendRunRow).where(
            (AiBackendRunRow.seg_sop_instance_uid == uid) | (AiBackendRunRow.probability_seg_sop_instance_uid == uid))
            .order_by(AiBackendRunRow.id.desc())).first()

    # ---- queueing ------------------------------------------------------------------------------------------
    def _enqueue(self, kind: str, entity_id, payload: dict, *, base_version=None, after=None) -> int | None:
        try:
            return int(self.sync.enqueue(kind, entity_id, payload, base_version, after=after))
        except Exception:  # noqa: BLE001 - the run and its row stand; the reason is logged
            log.exception("could not queue %s for the CDSS", kind)
            return None

    def _queue_missing(self, s: Session, row: AiBackendRunRow) -> None:
        """Queue what of the run is not queued yet: the request, then (once ended) its outcome."""
        if self.sync is None:
            row.not_queued = "the sync with the CDSS is off"
            return
        if row.remote_patient_id is None:
            ids = self.cdss_ids(row.study_instance_uid) if self.cdss_ids is not None else None
            if ids is None:
                row.not_queued = "the CDSS has no order of this study"
                return
            row.remote_patient_id, row.remote_order_id = ids
        if row.request_outbox_id is None:
            payload = {"patient_id": row.remote_patient_id, "model": row.model, "ocs_id": row.remote_order_id,
                       "study_uid": row.study_instance_uid, "job_uid": row.job_uid,
                       "requested_at": _iso(row.requested_at)}
            row.request_outbox_id = self._enqueue("ai_request", row.remote_patient_id, payload)
        if row.request_outbox_id is not None and row.state in FINISHED and row.result_outbox_id is None:
            if row.state == "done":
                body = {"status": "COMPLETED", "result_data": json.loads(row.result_json or "{}"),
                        "completed_at": _iso(row.finished_at)}
            else:
                reason = row.error or ("cancelled by the user" if row.state == "cancelled" else "failed")
                body = {"status": "FAILED", "error": reason[:2000], "completed_at": _iso(row.finished_at)}
            row.result_outbox_id = self._enqueue("ai_result", None, body, after=row.request_outbox_id)
        row.not_queued = "" if row.request_outbox_id is not None else "could not be queued (see the log)"
