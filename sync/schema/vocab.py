"""The CDSS's fixed vocabularies: roles, order job roles and statuses, and THE order status machine.

This module is the only place the order status machine is written down: the sync service
(``sync.service.logic_orders``), the workstation's reading layer (``workstation.reading.status``) and the
sync bridge all ask it. Two rules beyond the table:

- An order whose result is a signed report (``SIGNED_RESULT_JOB_ROLES``: imaging) reaches CONFIRMED only by
  signing that report, never by a plain status change (RESULT_READY → CONFIRMED through ``/status/`` would
  confirm a report nobody signed).
- Signing walks the order forward along ``MAIN_LINE`` to CONFIRMED, one legal step at a time (each step is
  a history row), from wherever it stands on the main line (ORDERED included).
"""
from __future__ import annotations

#: user roles known to the CDSS (LIS staff confirm lab orders as RIS staff confirm imaging ones)
ROLES = ("DOCTOR", "RIS", "LIS", "NURSE", "SYSTEMMANAGER")

JOB_ROLES = ("RIS", "LIS", "TREATMENT", "CONSULT")

ORDER_STATUSES = ("ORDERED", "ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED", "CANCELLED")

#: the forward path of an order; signing walks it to the end
MAIN_LINE = ("ORDERED", "ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED")

#: legal order status transitions (anything else is refused); CONFIRMED and CANCELLED are final
TRANSITIONS: dict[str, frozenset[str]] = {
    "ORDERED": frozenset({"ACCEPTED", "CANCELLED"}),
    "ACCEPTED": frozenset({"IN_PROGRESS", "CANCELLED"}),
    "IN_PROGRESS": frozenset({"RESULT_READY", "CANCELLED"}),
    # a result handed in may go back to the reader before it is signed; a ready result is not cancelled
    "RESULT_READY": frozenset({"CONFIRMED", "IN_PROGRESS"}),
    "CONFIRMED": frozenset(),
    "CANCELLED": frozenset(),
}

#: departments whose result is a report that gets signed: their orders are CONFIRMED only by signing
SIGNED_RESULT_JOB_ROLES = frozenset({"RIS"})

PRIORITIES = ("ROUTINE", "URGENT", "STAT")

AI_MODEL_CODES = ("M1", "MG", "MM")

AI_DECISIONS = ("accepted", "rejected")

#: kinds of change the client's outbox pushes
OUTBOX_KINDS = ("status", "report", "measurement", "ai_review", "ai_request", "ai_result")


class IllegalTransition(ValueError):
    """A status change the order workflow does not allow (the message names both states)."""


def transition_error(current: str, new: str, *, job_role: str = "RIS", signing: bool = False) -> str | None:
    """Why ``current → new`` is refused, or None when it is allowed.

    ``signing``: the move is a step of signing the report (the only way a signed-result order confirms)."""
    if current not in TRANSITIONS:
        return f"unknown order status {current!r} (expected one of {', '.join(ORDER_STATUSES)})"
    if new not in TRANSITIONS:
        return f"unknown order status {new!r} (expected one of {', '.join(ORDER_STATUSES)})"
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none: the order is closed"
        return f"an order cannot go from {current} to {new} (allowed from {current}: {allowed})"
    if new == "CONFIRMED" and job_role in SIGNED_RESULT_JOB_ROLES and not signing:
        return (f"an order cannot go from {current} to {new} by a status change: "
                f"only signing its report confirms a {job_role} order")
    return None


def can_transition(current: str, new: str, *, job_role: str = "RIS", signing: bool = False) -> bool:
    return transition_error(current, new, job_role=job_role, signing=signing) is None


def check_transition(current: str, new: str, *, job_role: str = "RIS", signing: bool = False) -> str:
    """Return ``new`` if ``current → new`` is allowed, else raise ``IllegalTransition``."""
    error = transition_error(current, new, job_role=job_role, signing=signing)
    if error is not None:
        raise IllegalTransition(error)
    return new


def forward_path(current: str, target: str, *, job_role: str = "RIS", signing: bool = False) -> tuple[str, ...]:
    """The legal steps from ``current`` to ``target``: along ``MAIN_LINE`` when ``target`` is ahead on it
    (e.g. ACCEPTED → CONFIRMED is IN_PROGRESS, RESULT_READY, CONFIRMED), else the single move (checked).
    Raises ``IllegalTransition`` when no legal path leads there."""
    if current == target:
        return ()
    if current in MAIN_LINE and target in MAIN_LINE and MAIN_LINE.index(target) > MAIN_LINE.index(current):
        steps = MAIN_LINE[MAIN_LINE.index(current) + 1: MAIN_LINE.index(target) + 1]
    else:
        steps = (target,)
    prev = current
    for step in steps:
        check_transition(prev, step, job_role=job_role, signing=signing)
        prev = step
    return steps


def signing_path(current: str, *, job_role: str = "RIS") -> tuple[str, ...]:
    """The steps signing takes from ``current`` to CONFIRMED (empty if already CONFIRMED); raises
    ``IllegalTransition`` for a CANCELLED order."""
    return forward_path(current, "CONFIRMED", job_role=job_role, signing=True)
