"""Plain data objects shared by the sync client and its users (no ORM, no HTTP)."""
from sync.schema.records import (
    AIResultRecord,
    ConflictRecord,
    DrainReport,
    OrderRecord,
    PatientRecord,
    StudyRecord,
    SyncState,
)
from sync.schema.vocab import AI_DECISIONS, JOB_ROLES, ORDER_STATUSES, OUTBOX_KINDS, ROLES

__all__ = [
    "AI_DECISIONS", "AIResultRecord", "ConflictRecord", "DrainReport", "JOB_ROLES", "ORDER_STATUSES", "OUTBOX_KINDS",
    "OrderRecord", "PatientRecord", "ROLES", "StudyRecord", "SyncState",
]
