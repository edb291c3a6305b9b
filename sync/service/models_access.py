"""Service bookkeeping: users with their role, API tokens (stored hashed, with a lifetime and a revocation),
applied idempotency keys, and the audit-chain heads the workstations report with each sync."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sync.service.db import ServiceBase, Timestamp, utcnow


class ApiUser(ServiceBase):
    __tablename__ = "api_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)


class ApiToken(ServiceBase):
    __tablename__ = "api_token"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("api_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    #: the token is refused from then on (None: tokens issued before lifetimes existed; they never expire)
    expires_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    #: why: logout, refreshed, role_changed, user_disabled
    revoked_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class IdempotencyRecord(ServiceBase):
    """A write that was applied, stored in the same transaction as the change it made."""

    __tablename__ = "sync_idempotency"

    idem_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class AuditHead(ServiceBase):
    """The head of a workstation's tamper-evident audit chain, as reported with a sync.

    ``anchor_ok`` is False when the workstation's chain no longer contains the head it reported before
    (its hash at the earlier reported row differs, or the chain got shorter): local rewriting shows here."""

    __tablename__ = "workstation_audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workstation: Mapped[str] = mapped_column(String(200), index=True)
    reported_by: Mapped[str] = mapped_column(String(100))
    last_row_id: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    anchor_ok: Mapped[bool] = mapped_column(default=True)
    problem: Mapped[str | None] = mapped_column(String(500), nullable=True)
    received_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
