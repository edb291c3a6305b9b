"""The RIS order status machine of the CDSS (OCS): ORDERED → ACCEPTED → IN_PROGRESS → RESULT_READY →
CONFIRMED, or CANCELLED. Every other move is refused with a message that names both states."""
from __future__ import annotations

from enum import StrEnum

from workstation.reading.errors import ReadingError


class OrderStatus(StrEnum):
    ORDERED = "ORDERED"
    ACCEPTED = "ACCEPTED"
    IN_PROGRESS = "IN_PROGRESS"
    RESULT_READY = "RESULT_READY"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class IllegalTransition(ReadingError, ValueError):
    """A status change the order workflow does not allow."""


#: legal next states; CONFIRMED and CANCELLED are final (a signed report changes only by addendum)
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.ORDERED: frozenset({OrderStatus.ACCEPTED, OrderStatus.CANCELLED}),
    OrderStatus.ACCEPTED: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.RESULT_READY, OrderStatus.CANCELLED}),
    # a result handed in may go back to the reader for changes before it is signed (as in the CDSS service,
    # ``sync.schema.vocab.TRANSITIONS``, a result that is ready is no longer cancelled)
    OrderStatus.RESULT_READY: frozenset({OrderStatus.CONFIRMED, OrderStatus.IN_PROGRESS}),
    OrderStatus.CONFIRMED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def parse_status(value: str | OrderStatus) -> OrderStatus:
    try:
        return OrderStatus(str(value).upper())
    except ValueError:
        names = ", ".join(s.value for s in OrderStatus)
        raise IllegalTransition(f"unknown order status {value!r} (expected one of {names})") from None


def check_transition(current: str | OrderStatus, new: str | OrderStatus) -> OrderStatus:
    """Return ``new`` as an ``OrderStatus`` if ``current → new`` is allowed, else raise ``IllegalTransition``."""
    cur, nxt = parse_status(current), parse_status(new)
    if nxt not in TRANSITIONS[cur]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[cur])) or "none: the order is closed"
        raise IllegalTransition(
            f"an order cannot go from {cur.value} to {nxt.value} (allowed from {cur.value}: {allowed})")
    return nxt


def path_to(current: str | OrderStatus, target: str | OrderStatus) -> list[OrderStatus]:
    """The forward steps from ``current`` to ``target`` along the main line (e.g. ACCEPTED → CONFIRMED is
    IN_PROGRESS, RESULT_READY, CONFIRMED); raises ``IllegalTransition`` when ``target`` is not ahead."""
    line = [OrderStatus.ORDERED, OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.RESULT_READY,
            OrderStatus.CONFIRMED]
    cur, tgt = parse_status(current), parse_status(target)
    if cur == tgt:
        return []
    if cur in line and tgt in line and line.index(tgt) > line.index(cur):
        return line[line.index(cur) + 1: line.index(tgt) + 1]
    check_transition(cur, tgt)
    return [tgt]
