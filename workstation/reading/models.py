"""Tables of the reading workflow (Alembic branch ``reading``). They stand alone: orders link to the
archive's studies by StudyInstanceUID, never by foreign key. Times are stored as naive UTC."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.db.base import Base


class PatientRow(Base):
    __tablename__ = "reading_patients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_number: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(8), default="")
    remote_id: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class OrderRow(Base):
    """A RIS order (OCS). ``worker_result`` is the report, as in the CDSS."""
    __tablename__ = "reading_orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    remote_id: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("reading_patients.id"), index=True)
    job_role: Mapped[str] = mapped_column(String(16), default="RIS")
    status: Mapped[str] = mapped_column(String(16), default="ORDERED", index=True)
    priority: Mapped[str] = mapped_column(String(16), default="ROUTINE")
    ordered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    description: Mapped[str] = mapped_column(String(400), default="")
    ordering_doctor: Mapped[str] = mapped_column(String(200), default="")
    worker_result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    dirty: Mapped[bool] = mapped_column(Boolean, default=False)
    remote_version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # CDSS row version last seen

    patient: Mapped[PatientRow] = relationship(lazy="joined")
    study: Mapped[StudyRow | None] = relationship(back_populates="order", lazy="joined", uselist=False)


class StudyRow(Base):
    """The imaging study of one RIS order (1:1), DICOM metadata only."""
    __tablename__ = "reading_studies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("reading_orders.id"), unique=True)
    study_uid: Mapped[str] = mapped_column(String(64), index=True)
    study_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    modality: Mapped[str] = mapped_column(String(16), default="")
    body_part: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(String(200), default="")
    series_count: Mapped[int] = mapped_column(Integer, default=0)
    instance_count: Mapped[int] = mapped_column(Integer, default=0)
    remote_id: Mapped[str | None] = mapped_column(String(64), nullable=True)

    order: Mapped[OrderRow] = relationship(back_populates="study")


class OrderHistoryRow(Base):
    """One row per status change (CDSS ``OCSHistory``)."""
    __tablename__ = "reading_order_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("reading_orders.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(String(400), default="")


class ReportVersionRow(Base):
    """Every signed state of a report: version 1 is the signature, later versions are addenda."""
    __tablename__ = "reading_report_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("reading_orders.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # signed | addendum
    worker_result: Mapped[dict] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ConflictRow(Base):
    """A remote update that met unsynced local edits; both sides kept for a person to resolve."""
    __tablename__ = "reading_sync_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("reading_orders.id"), index=True)
    local: Mapped[dict] = mapped_column(JSON)
    remote: Mapped[dict] = mapped_column(JSON)
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class UserRow(Base):
    __tablename__ = "reading_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """Append-only (database triggers refuse UPDATE and DELETE; see the branch's first migration)."""
    __tablename__ = "reading_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    patient_number: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    workstation: Mapped[str] = mapped_column(String(200), default="")
    #: hash chain (``workstation.reading.audit_chain``): the previous row's ``row_hash`` and this row's
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
