"""The CDSS's fixed vocabularies: roles, order job roles and statuses, the order status machine."""
from __future__ import annotations

#: user roles known to the CDSS (LIS staff confirm lab orders as RIS staff confirm imaging ones)
ROLES = ("DOCTOR", "RIS", "LIS", "NURSE", "SYSTEMMANAGER")

JOB_ROLES = ("RIS", "LIS", "TREATMENT", "CONSULT")

ORDER_STATUSES = ("ORDERED", "ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED", "CANCELLED")

#: legal order status transitions (anything else is refused)
TRANSITIONS: dict[str, frozenset[str]] = {
    "ORDERED": frozenset({"ACCEPTED", "CANCELLED"}),
    "ACCEPTED": frozenset({"IN_PROGRESS", "CANCELLED"}),
    "IN_PROGRESS": frozenset({"RESULT_READY", "CANCELLED"}),
    "RESULT_READY": frozenset({"CONFIRMED", "IN_PROGRESS"}),
    "CONFIRMED": frozenset(),
    "CANCELLED": frozenset(),
}

PRIORITIES = ("ROUTINE", "URGENT", "STAT")

AI_MODEL_CODES = ("M1", "MG", "MM")

AI_DECISIONS = ("accepted", "rejected")

#: kinds of change the client's outbox pushes
OUTBOX_KINDS = ("status", "report", "measurement", "ai_review", "ai_request")


def can_transition(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())
