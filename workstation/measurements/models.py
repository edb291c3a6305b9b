"""Tables of the measurements (own Alembic branch ``measurements``): each measurement as its JSON
(``viewer.measure.measurement.Measurement.to_dict``) with the columns it is looked up by, the patient's
named lesions, a non-target lesion's state per study, and the study's key images."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workstation.db.base import Base


class MeasurementRow(Base):
    __tablename__ = "measurements_annotation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)  # Measurement.id
    patient_id: Mapped[str] = mapped_column(String(64), index=True, default="")
    study_uid: Mapped[str] = mapped_column(String(64), index=True, default="")
    series_uid: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(24))
    lesion: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class LesionRow(Base):
    __tablename__ = "measurements_lesion"
    __table_args__ = (UniqueConstraint("patient_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(200), default="")


class LesionStateRow(Base):
    __tablename__ = "measurements_lesion_state"
    __table_args__ = (UniqueConstraint("lesion_id", "study_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesion_id: Mapped[int] = mapped_column(ForeignKey("measurements_lesion.id", ondelete="CASCADE"))
    study_uid: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))


class KeyImageRow(Base):
    __tablename__ = "measurements_key_image"
    __table_args__ = (UniqueConstraint("study_uid", "sop_instance_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_uid: Mapped[str] = mapped_column(String(64))
    series_uid: Mapped[str] = mapped_column(String(64), default="")
    sop_instance_uid: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(200), default="")
