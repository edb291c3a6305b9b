"""CDSS clinical tables: patients, encounters, orders (``ocs``), their history and imaging studies."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sync.service.db import ServiceBase, Timestamp, utcnow


class Patient(ServiceBase):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)


class Encounter(ServiceBase):
    __tablename__ = "encounter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    encounter_type: Mapped[str] = mapped_column(String(20))  # OUTPATIENT / INPATIENT / EMERGENCY
    status: Mapped[str] = mapped_column(String(20))
    attending_doctor: Mapped[str | None] = mapped_column(String(100))
    admitted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Order(ServiceBase):
    """An OCS order of any department; ``worker_result`` holds the department's result (RIS: the report)."""

    __tablename__ = "ocs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ocs_number: Mapped[str] = mapped_column(String(32), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounter.id"))
    job_role: Mapped[str] = mapped_column(String(16), index=True)
    job_type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16), index=True)
    priority: Mapped[str] = mapped_column(String(10), default="ROUTINE")
    doctor_name: Mapped[str | None] = mapped_column(String(100))
    worker_name: Mapped[str | None] = mapped_column(String(100))
    worker_result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    in_progress_at: Mapped[datetime | None] = mapped_column(Timestamp)
    result_ready_at: Mapped[datetime | None] = mapped_column(Timestamp)
    confirmed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    cancelled_at: Mapped[datetime | None] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_ocs_updated_at_id", "updated_at", "id"),)


class OrderHistory(ServiceBase):
    """One row per change of an order (status transition or result update)."""

    __tablename__ = "ocs_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ocs_id: Mapped[int] = mapped_column(ForeignKey("ocs.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # STATUS / RESULT / MEASUREMENT
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)  # the order's version after this change
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ImagingStudy(ServiceBase):
    """DICOM metadata of the study of one RIS order (1:1)."""

    __tablename__ = "imaging_study"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ocs_id: Mapped[int] = mapped_column(ForeignKey("ocs.id"), unique=True)
    study_uid: Mapped[str] = mapped_column(String(64), unique=True)
    modality: Mapped[str] = mapped_column(String(16))
    body_part: Mapped[str | None] = mapped_column(String(64))
    study_date: Mapped[date | None] = mapped_column(Date, index=True)
    series_count: Mapped[int] = mapped_column(Integer, default=0)
    instance_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
