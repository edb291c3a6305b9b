"""CDSS AI tables: models, inference requests, results (with clinician review) and logs."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync.service.db import ServiceBase, Timestamp, utcnow


class AIModel(ServiceBase):
    __tablename__ = "ai_model"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # M1 / MG / MM
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    required_inputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AIInferenceRequest(ServiceBase):
    __tablename__ = "ai_inference_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_number: Mapped[str] = mapped_column(String(32), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("ai_model.id"))
    ocs_id: Mapped[int | None] = mapped_column(ForeignKey("ocs.id"))
    status: Mapped[str] = mapped_column(String(16))  # PENDING / PROCESSING / COMPLETED / FAILED
    requested_by: Mapped[str] = mapped_column(String(100))
    #: a run a workstation made (its inference job's id: one request per job, however often it is sent)
    job_uid: Mapped[str | None] = mapped_column(String(64), unique=True)
    study_uid: Mapped[str | None] = mapped_column(String(64))  # the DICOM study the run read
    error_message: Mapped[str | None] = mapped_column(Text)  # why a FAILED run failed
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(Timestamp)


class AIInferenceResult(ServiceBase):
    __tablename__ = "ai_inference_result"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ai_inference_request.id"), unique=True)
    result_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    confidence: Mapped[float | None] = mapped_column(Float)
    review_status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/accepted/rejected
    reviewer: Mapped[str | None] = mapped_column(String(100))
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class AIInferenceLog(ServiceBase):
    __tablename__ = "ai_inference_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ai_inference_request.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
