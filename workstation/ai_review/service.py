"""The neurosurgeon's review of an AI segmentation: accept or reject with a comment, optionally after editing
the label map (saved as a new SEG version that references the original). No Qt.

Each decision is a row of ``ai_review_decision`` (who, when, which model and version, which SEG, the mL of
what was accepted), a line of the audit log (``AuditLog.append``, the hash chain) and — when the SEG is the
result of a backend AI request (``remote_result_id``), or of an M1 run of this workstation recorded for the
CDSS (``runs``: ``backend_runs.RunRecorder``, queued after that run's result) — the AI result's review queued
in the sync outbox (``SyncClient.enqueue("ai_review", ...)``, pushed by the sync runner). Nothing is ever
deleted: a rejected SEG stays in the archive and on the screen, marked rejected; a later decision adds a row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.ai_review.models import AiReviewRow
from workstation.ai_review.seg_index import SegRef

DECISIONS = ("accepted", "rejected")
#: the audit log's action for a decision on an AI result
AUDIT_AI_REVIEW = "ai_review"
MAX_COMMENT = 2000


class ReviewError(ValueError):
    """The review cannot be stored (message says why)."""


@dataclass(frozen=True)
class Review:
    id: int
    seg_sop_instance_uid: str
    decision: str
    comment: str
    reviewer: str
    reviewed_at: datetime
    model_name: str
    model_version: str
    study_instance_uid: str
    study_date: str
    patient_id: str
    edited_seg_sop_instance_uid: str
    volumes_ml: dict[str, float]
    remote_result_id: int | None
    outbox_id: int | None

    @property
    def queued(self) -> bool:
        return self.outbox_id is not None

    def line(self) -> str:
        """One line for the screen: ``ACCEPTED by dr_kim 2026-12-02 09:10 — comment``."""
        text = f"{self.decision.upper()} by {self.reviewer} {self.reviewed_at:%Y-%m-%d %H:%M} UTC"
        if self.edited_seg_sop_instance_uid:
            text += " (edited)"
        return text + (f" — {self.comment}" if self.comment else "")


def _review(row: AiReviewRow) -> Review:
    return Review(row.id, row.seg_sop_instance_uid, row.decision, row.comment, row.reviewer, row.reviewed_at,
                  row.model_name, row.model_version, row.study_instance_uid, row.study_date, row.patient_id,
                  row.edited_seg_sop_instance_uid, json.loads(row.volumes_json or "{}"), row.remote_result_id,
                  row.outbox_id)


def model_of(seg) -> tuple[str, str]:
    """``(model name, version)`` from a SEG's algorithm identification (``viewer.io.seg.SegObject``)."""
    for s in seg.segments:
        if s.algorithm:
            name, _, version = s.algorithm.rpartition(" ")
            return (name or s.algorithm), (version if name else "")
    return "", ""


class ReviewService:
    """``user``: the logged-in reviewer (``username``, ``role``); ``may_review(role) -> bool`` the rule (default:
    roles that may view images, i.e. radiologists and doctors). ``sync``: anything with
    ``enqueue(kind, entity_id, payload, base_version)`` (a ``SyncClient``), or None offline/unconfigured."""

    def __init__(self, session_factory: sessionmaker[Session], audit, user, *, archive=None, sync=None,
                 may_review=None, runs=None) -> None:
        self._sf = session_factory
        self.audit = audit
        self.user = user
        self.archive = archive
        self.sync = sync
        self.runs = runs  # RunRecorder: this workstation's M1 runs as CDSS requests/results
        self._may_review = may_review or _view_images

    # ---- deciding ----------------------------------------------------------------------------
    def review(self, ref: SegRef, seg, decision: str, comment: str = "", *, study_date: str = "",
               patient_id: str = "", edited_from: Path | None = None, remote_result_id: int | None = None,
               base_version: int | None = None) -> Review:
        """Store ``decision`` on the SEG ``ref`` (``seg``: it read with ``viewer.io.seg.read_seg``), audit it and
        queue it for the backend. ``edited_from``: ``ref`` is a new version edited from that SEG (already
        written by :meth:`save_edited`). May run on a worker thread."""
        if decision not in DECISIONS:
            raise ReviewError(f"a decision is one of {DECISIONS}, got {decision!r}")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise ReviewError(f"the comment is longer than {MAX_COMMENT} characters")
        if decision == "rejected" and not comment:
            raise ReviewError("say why the segmentation is rejected (a comment is required)")
        if not self._may_review(getattr(self.user, "role", None)):
            self.audit.append(self.user.username, "permission_denied", ref.sop_instance_uid, patient_id,
                              "AI review refused for this role")
            raise ReviewError(f"{self.user.username} ({getattr(self.user, 'role', '')}) may not review AI results")
        name, version = model_of(seg)
        original = ref
        if edited_from is not None:
            from workstation.ai_review.seg_index import seg_ref

            original = seg_ref(edited_from) or ref
        volumes = {s.label: round(s.volume_ml, 3) for s in seg.segments}
        if not study_date and self.archive is not None:
            found = self.archive.find_studies(study_instance_uid=ref.study_instance_uid)
            study_date = found[0].study_date if found else ""
        row = AiReviewRow(
            seg_sop_instance_uid=original.sop_instance_uid, seg_series_instance_uid=original.series_instance_uid,
            study_instance_uid=ref.study_instance_uid, patient_id=patient_id or seg.patient_id,
            study_date=study_date or "", source_series_uid=(ref.source_series_uids or ("",))[0],
            model_name=name, model_version=version, decision=decision, comment=comment,
            reviewer=self.user.username, reviewed_at=datetime.now(timezone.utc).replace(tzinfo=None),
            edited_seg_sop_instance_uid=ref.sop_instance_uid if edited_from is not None else "",
            volumes_json=json.dumps(volumes), remote_result_id=remote_result_id)
        with self._sf.begin() as s:
            s.add(row)
            s.flush()
            row_id = row.id
        detail = f"{decision} SEG {original.sop_instance_uid} model {name} {version}".strip()
        if edited_from is not None:
            detail += f"; edited version {ref.sop_instance_uid}"
        if comment:
            detail += f"; comment: {comment[:200]}"
        self.audit.append(self.user.username, AUDIT_AI_REVIEW, original.sop_instance_uid, row.patient_id, detail)
        outbox = self._queue(remote_result_id, decision, comment, base_version, original.sop_instance_uid)
        if outbox is not None:
            with self._sf.begin() as s:
                s.get(AiReviewRow, row_id).outbox_id = outbox
        with self._sf() as s:
            return _review(s.get(AiReviewRow, row_id))

    def _queue(self, remote_result_id, decision, comment, base_version, seg_uid="") -> int | None:
        if remote_result_id is None and self.runs is not None:  # a local M1 run: after its recorded result
            return self.runs.queue_review(seg_uid, decision, comment or "")
        if self.sync is None or remote_result_id is None:
            return None
        payload = {"decision": decision, "comment": comment or None}
        return int(self.sync.enqueue("ai_review", int(remote_result_id), payload, base_version or 1))

    def save_edited(self, original: SegRef, seg, labels_kji: np.ndarray, source_volume, source_files,
                    out_dir: Path) -> Path:
        """Write an edited label map (on the source series' grid) as a new SEG version referencing
        ``original``, and put it in the archive when there is one. Returns the new file. May run on a worker
        thread."""
        import pydicom

        from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg

        specs = [SegmentSpec(s.number, s.label, s.color, s.algorithm) for s in seg.segments]
        derived = pydicom.dcmread(str(original.path), stop_before_pixels=True)
        title = (original.series_description or "AI SEG")[:50]
        path = Path(out_dir) / f"{original.sop_instance_uid}_edited_{datetime.now():%Y%m%d%H%M%S%f}.dcm"
        write_label_seg(labels_kji, source_headers(source_files, source_volume), specs, path,
                        series_description=f"{title} (edited)", derived_from=derived, creator=self.user.username)
        if self.archive is not None:
            outcome = self.archive.ingest_file(path)
            if outcome.status not in ("stored", "duplicate"):
                raise ReviewError(f"the edited SEG was not stored: {outcome.reason or outcome.status}")
            if outcome.path:
                return Path(outcome.path)
        return path

    # ---- reading back ------------------------------------------------------------------------
    def latest(self, seg_sop_instance_uid: str) -> Review | None:
        """The current decision on a SEG (its own, or on a version edited from it)."""
        with self._sf() as s:
            row = s.scalars(select(AiReviewRow).where(
                (AiReviewRow.seg_sop_instance_uid == seg_sop_instance_uid)
                | (AiReviewRow.edited_seg_sop_instance_uid == seg_sop_instance_uid))
                .order_by(AiReviewRow.id.desc()).limit(1)).first()
            return _review(row) if row else None

    def history(self, seg_sop_instance_uid: str) -> list[Review]:
        with self._sf() as s:
            rows = s.scalars(select(AiReviewRow).where(AiReviewRow.seg_sop_instance_uid == seg_sop_instance_uid)
                             .order_by(AiReviewRow.id)).all()
            return [_review(r) for r in rows]

    def patient_reviews(self, patient_id: str) -> list[Review]:
        with self._sf() as s:
            rows = s.scalars(select(AiReviewRow).where(AiReviewRow.patient_id == patient_id)
                             .order_by(AiReviewRow.id)).all()
            return [_review(r) for r in rows]


def _view_images(role) -> bool:
    from workstation.reading.roles import Action, allowed

    try:
        return role is not None and allowed(role, Action.VIEW_IMAGES)
    except Exception:  # noqa: BLE001 - an unknown role may not
        return False
