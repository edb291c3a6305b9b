"""audit hash chain: prev_hash/row_hash on reading_audit, existing rows chained, a user_state row per user

Revision ID: reading_0003
Revises: reading_0002
Create Date: 2026-12-02 08:00:00

The hashing here is a frozen copy of format 1 of ``workstation.reading.audit_chain.canonical`` (a migration
must not change when the code does). The append-only triggers are dropped for the backfill and created again.
"""
from __future__ import annotations

import hashlib
import json
import socket
from datetime import datetime, timezone
from types import SimpleNamespace

from alembic import op
import sqlalchemy as sa


revision = 'reading_0003'
down_revision = 'reading_0002'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
AUDIT_MESSAGE = "the audit log is append-only"


def _canonical(r, prev: str) -> bytes:
    return json.dumps({"id": r.id, "at": r.at.strftime("%Y-%m-%dT%H:%M:%S.%f"), "username": r.username or "",
                       "action": r.action or "", "target": r.target or "", "patient_number": r.patient_number or "",
                       "detail": r.detail or "", "workstation": r.workstation or "", "prev": prev},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _triggers(create: bool) -> None:
    dialect = op.get_bind().dialect.name
    for verb in ("UPDATE", "DELETE"):
        name = f"reading_audit_no_{verb.lower()}"
        if not create:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif dialect == "sqlite":
            op.execute(f"CREATE TRIGGER {name} BEFORE {verb} ON reading_audit "
                       f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END")
        elif dialect in ("mysql", "mariadb"):
            op.execute(f"CREATE TRIGGER {name} BEFORE {verb} ON reading_audit FOR EACH ROW "
                       f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{AUDIT_MESSAGE}'")


def upgrade() -> None:
    _triggers(create=False)
    with op.batch_alter_table('reading_audit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    audit = sa.table('reading_audit', sa.column('id', sa.Integer()), sa.column('at', sa.DateTime()),
                     *(sa.column(c, sa.String()) for c in ('username', 'action', 'target', 'patient_number',
                                                           'detail', 'workstation', 'prev_hash', 'row_hash')))
    prev, last_id = GENESIS, 0
    for r in bind.execute(sa.select(audit).order_by(audit.c.id)).all():
        at = r.at.replace(microsecond=0)
        h = hashlib.sha256(_canonical(SimpleNamespace(**{**r._mapping, "at": at}), prev)).hexdigest()
        bind.execute(audit.update().where(audit.c.id == r.id).values(at=at, prev_hash=prev, row_hash=h))
        prev, last_id = h, r.id
    # the users as they are now become the chain's baseline of roles (later changes are rows of their own)
    users = sa.table('reading_users', sa.column('username', sa.String()), sa.column('role', sa.String()),
                     sa.column('active', sa.Boolean()), sa.column('password_hash', sa.String()))
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    for u in bind.execute(sa.select(users).order_by(users.c.username)).all():
        last_id += 1
        fp = hashlib.sha256(u.password_hash.encode("utf-8")).hexdigest()[:16]
        row = SimpleNamespace(id=last_id, at=now, username="migration", action="user_state",
                              target=f"user {u.username}", patient_number="", workstation=socket.gethostname(),
                              detail=f"role={u.role} active={'yes' if u.active else 'no'} credential={fp}")
        h = hashlib.sha256(_canonical(row, prev)).hexdigest()
        bind.execute(audit.insert().values(**vars(row), prev_hash=prev, row_hash=h))
        prev = h
    _triggers(create=True)


def downgrade() -> None:
    _triggers(create=False)
    with op.batch_alter_table('reading_audit', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
    _triggers(create=True)
