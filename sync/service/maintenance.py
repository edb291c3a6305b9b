"""Housekeeping of the service's own tables."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, delete

from sync.service.db import utcnow
from sync.service.models_access import IdempotencyRecord

#: how long an applied write's key is remembered (a retry later than this would be applied again)
IDEMPOTENCY_RETENTION = timedelta(days=30)


def prune_idempotency(engine: Engine, older_than: timedelta = IDEMPOTENCY_RETENTION) -> int:
    """Forget idempotency keys older than ``older_than``; returns how many were removed."""
    with engine.begin() as conn:
        res = conn.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - older_than))
        return res.rowcount
