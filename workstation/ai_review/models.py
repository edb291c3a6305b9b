"""The review table: one row per decision on an AI segmentation (append-only; the latest row of a SEG is its
status, earlier rows stay as its history). No Qt."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.db.base import Base


class AiReviewRow(Base):
    __tablename__ = "ai_review_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seg_sop_instance_uid: Mapped[str] = mapped_column(String(64), index=True)  # the SEG reviewed
    seg_series_instance_uid: Mapped[str] = mapped_column(String(64))
    study_instance_uid: Mapped[str] = mapped_column(String(64), index=True)
    patient_id: Mapped[str] = mapped_column(String(64), index=True)
    study_date: Mapped[str] = mapped_column(String(8), default="")
    source_series_uid: Mapped[str] = mapped_column(String(64), default="")
    model_name: Mapped[str] = mapped_column(String(128), default="")
    model_version: Mapped[str] = mapped_column(String(64), default="")
    decision: Mapped[str] = mapped_column(String(16))  # accepted / rejected
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(100))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime)
    edited_seg_sop_instance_uid: Mapped[str] = mapped_column(String(64), default="")  # the new version, if edited
    volumes_json: Mapped[str] = mapped_column(Text, default="{}")  # {segment label: mL} of the SEG accepted
    remote_result_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the backend's AI result
    outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the queued review, when queued


class AiBackendRunRow(Base):
    """An M1 run this workstation made (its inference job), as recorded for the CDSS: one row per job; the
    outbox ids of its ``ai_request`` and ``ai_result`` items once queued (``not_queued`` says why not)."""

    __tablename__ = "ai_backend_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_uid: Mapped[str] = mapped_column(String(64), unique=True)
    study_instance_uid: Mapped[str] = mapped_column(String(64), index=True)
    patient_id: Mapped[str] = mapped_column(String(64), default="")  # DICOM PatientID
    model: Mapped[str] = mapped_column(String(8), default="M1")  # the CDSS model code
    requested_by: Mapped[str] = mapped_column(String(100), default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(16), default="running")  # running / done / failed / cancelled
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    seg_sop_instance_uid: Mapped[str] = mapped_column(String(64), default="", index=True)  # the label SEG
    probability_seg_sop_instance_uid: Mapped[str] = mapped_column(String(64), default="")
    result_json: Mapped[str] = mapped_column(Text, default="{}")  # the result_data recorded for the CDSS
    remote_patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    remote_order_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    request_outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result_outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviews_queued: Mapped[int] = mapped_column(Integer, default=0)
    not_queued: Mapped[str] = mapped_column(String(200), default="")
