"""SQLAlchemy models of the local archive: Patient → Study → Series → Instance.

Columns are the attributes a worklist, a study browser and a C-FIND SCP filter on; each of those is
indexed. Tables are prefixed ``archive_`` so they never collide with other parts' tables.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from workstation.db.base import Base

UID = String(64)


def exact(length: int):
    """A string compared exactly (case and accents) on MySQL/MariaDB too, whose default collation is
    case-insensitive: patient IDs ``ab12`` and ``AB12`` are two patients."""
    from sqlalchemy.dialects import mysql

    return String(length).with_variant(mysql.VARCHAR(length, charset="utf8mb4", collation="utf8mb4_bin"),
                                       "mysql", "mariadb")


class Patient(Base):
    __tablename__ = "archive_patient"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(exact(64), unique=True)
    patient_name: Mapped[str] = mapped_column(String(324), default="", index=True)
    birth_date: Mapped[str] = mapped_column(String(8), default="", index=True)
    sex: Mapped[str] = mapped_column(String(16), default="")


class Study(Base):
    __tablename__ = "archive_study"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_pk: Mapped[int] = mapped_column(ForeignKey("archive_patient.id", ondelete="CASCADE"), index=True)
    study_instance_uid: Mapped[str] = mapped_column(UID, unique=True)
    study_date: Mapped[str] = mapped_column(String(8), default="", index=True)
    study_time: Mapped[str] = mapped_column(String(16), default="")
    study_description: Mapped[str] = mapped_column(String(64), default="", index=True)
    accession_number: Mapped[str] = mapped_column(String(16), default="", index=True)
    study_id: Mapped[str] = mapped_column(String(16), default="")
    modalities: Mapped[str] = mapped_column(String(64), default="", index=True)
    body_part: Mapped[str] = mapped_column(String(64), default="", index=True)
    referring_physician: Mapped[str] = mapped_column(String(324), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Series(Base):
    __tablename__ = "archive_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_pk: Mapped[int] = mapped_column(ForeignKey("archive_study.id", ondelete="CASCADE"), index=True)
    series_instance_uid: Mapped[str] = mapped_column(UID, unique=True)
    series_number: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    series_description: Mapped[str] = mapped_column(String(64), default="", index=True)
    modality: Mapped[str] = mapped_column(String(16), default="", index=True)
    body_part: Mapped[str] = mapped_column(String(64), default="", index=True)
    orientation: Mapped[str] = mapped_column(String(16), default="", index=True)
    instance_count: Mapped[int] = mapped_column(Integer, default=0, index=True)


class Instance(Base):
    __tablename__ = "archive_instance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_pk: Mapped[int] = mapped_column(ForeignKey("archive_series.id", ondelete="CASCADE"), index=True)
    sop_instance_uid: Mapped[str] = mapped_column(UID, unique=True)
    sop_class_uid: Mapped[str] = mapped_column(UID, default="", index=True)
    instance_number: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    transfer_syntax_uid: Mapped[str] = mapped_column(UID, default="", index=True)
    number_of_frames: Mapped[int] = mapped_column(Integer, default=1)
    stored_path: Mapped[str] = mapped_column(String(512))  # relative to the archive's store/ folder
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 hex of the stored file
    source: Mapped[str] = mapped_column(String(1024), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    #: the viewer's reduced header (geometry, display, pixel data offset; ``viewer.io.indexed``), JSON;
    #: NULL for rows indexed before it existed and files the viewer must read itself
    image_record: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeidMapping(Base):
    """What a de-identified export replaced, kept locally so re-exports stay consistent and a
    de-identified series can be traced back here (never exported)."""

    __tablename__ = "archive_deid_map"
    __table_args__ = (UniqueConstraint("kind", "original", name="uq_archive_deid_map_kind_original"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "uid" or "patient"
    original: Mapped[str] = mapped_column(exact(255))
    replacement: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ArchiveMeta(Base):
    """Key/value facts about the archive itself, e.g. ``store_id``: which archive folder (file store)
    this database indexes, so a database is never reconciled against somebody else's folder."""

    __tablename__ = "archive_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(1024), default="")


class ImportedSource(Base):
    """A file on disk already imported (path, size, mtime → instance), so importing the same folder
    again needs one ``stat`` per file instead of reading and parsing it."""

    __tablename__ = "archive_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the absolute path
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    sop_instance_uid: Mapped[str] = mapped_column(UID, index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    head_hash: Mapped[str] = mapped_column(String(64), server_default="")  # sha256 of the first 4 KiB
