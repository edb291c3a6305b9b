"""The RIS order status machine, as the reading layer uses it. The machine itself lives in
``sync.schema.vocab`` (one table for the CDSS service, the sync bridge and the workstation); this module
gives it the reading layer's types: ``OrderStatus`` values and ``IllegalTransition`` as a ``ReadingError``.

ORDERED → ACCEPTED → IN_PROGRESS → RESULT_READY → CONFIRMED, or CANCELLED; CONFIRMED only by signing."""
from __future__ import annotations

from enum import StrEnum

from sync.schema import vocab
from workstation.reading.errors import ReadingError

OrderStatus = StrEnum("OrderStatus", {s: s for s in vocab.ORDER_STATUSES})  # type: ignore[misc]
OrderStatus.__doc__ = "The CDSS order statuses (``sync.schema.vocab.ORDER_STATUSES``)."
OrderStatus.__module__ = __name__


class IllegalTransition(ReadingError, vocab.IllegalTransition):
    """A status change the order workflow does not allow."""


#: legal next states (``sync.schema.vocab.TRANSITIONS`` with the reading layer's enum)
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus(a): frozenset(OrderStatus(b) for b in nxt) for a, nxt in vocab.TRANSITIONS.items()}


def parse_status(value: str | OrderStatus) -> OrderStatus:
    try:
        return OrderStatus(str(value).upper())
    except ValueError:
        names = ", ".join(s.value for s in OrderStatus)
        raise IllegalTransition(f"unknown order status {value!r} (expected one of {names})") from None


def _checked(call, *args, **kw):
    try:
        return call(*args, **kw)
    except vocab.IllegalTransition as exc:
        raise IllegalTransition(str(exc)) from None


def check_transition(current: str | OrderStatus, new: str | OrderStatus, *, signing: bool = True) -> OrderStatus:
    """Return ``new`` as an ``OrderStatus`` if the edge ``current → new`` exists, else raise
    ``IllegalTransition``. ``signing=False`` also refuses CONFIRMED (a plain status change never confirms);
    ``ReadingRepository.change_status`` refuses it itself and uses this for the edges signing walks."""
    cur, nxt = parse_status(current), parse_status(new)
    return OrderStatus(_checked(vocab.check_transition, cur.value, nxt.value, signing=signing))


def check_change(current: str | OrderStatus, new: str | OrderStatus) -> OrderStatus:
    """A status change asked for by a user: as ``check_transition`` but CONFIRMED is refused (only signing)."""
    return check_transition(current, new, signing=False)


def path_to(current: str | OrderStatus, target: str | OrderStatus) -> list[OrderStatus]:
    """The forward steps from ``current`` to ``target`` along the main line (e.g. ACCEPTED → CONFIRMED is
    IN_PROGRESS, RESULT_READY, CONFIRMED: signing's walk); raises ``IllegalTransition`` when ``target`` is not
    reachable."""
    cur, tgt = parse_status(current), parse_status(target)
    return [OrderStatus(s) for s in _checked(vocab.forward_path, cur.value, tgt.value, signing=True)]
