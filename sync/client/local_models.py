"""The client's own tables in the workstation's local database: outbox, sync state, conflict copies and
the cache of pulled rows. Own declarative base; created by the client (``create_all``) on first use."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class ClientBase(DeclarativeBase):
    metadata = MetaData(naming_convention={"pk": "pk_%(table_name)s", "ix": "ix_%(column_0_label)s",
                                           "uq": "uq_%(table_name)s_%(column_0_name)s"})


class OutboxItem(ClientBase):
    """One local change waiting to reach the service. ``status``: pending, done, conflict or failed."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idem_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    base_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SyncStateRow(ClientBase):
    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_success: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    orders_cursor_time: Mapped[str | None] = mapped_column(String(40))
    orders_cursor_id: Mapped[int] = mapped_column(Integer, default=0)


class ConflictCopy(ClientBase):
    """A refused local change kept beside the server's copy until the user picks one."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outbox_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(Integer)
    local_payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    local_base_version: Mapped[int | None] = mapped_column(Integer)
    server_copy: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(String(10))
    followup_outbox_id: Mapped[int | None] = mapped_column(Integer)


class CachedRow(ClientBase):
    """The newest server copy known of a patient, order, study or AI result (``kind``)."""

    __tablename__ = "sync_cache"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    pulled_at: Mapped[datetime] = mapped_column(DateTime)
    #: the version last handed out by a pull (a push reply or a 409 copy updates ``data`` but not this)
    pulled_version: Mapped[int | None] = mapped_column(Integer)
