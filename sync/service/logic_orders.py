"""Order changes: status transitions, report edits, measurements. Each writes an ``ocs_history`` row,
bumps the order's version, and refuses a write based on a stale version (409 with the server copy)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.schema.vocab import signing_path, transition_error
from sync.service.auth import Principal
from sync.service.db import utcnow
from sync.service.errors import ApiError
from sync.service.models import Order, OrderHistory
from sync.service.permissions import may_see_order, may_transition
from sync.service.schemas import Measurement, ReportUpdate, StatusChange
from sync.service.views import order_view

STAMP = {"ACCEPTED": "accepted_at", "IN_PROGRESS": "in_progress_at", "RESULT_READY": "result_ready_at",
         "CONFIRMED": "confirmed_at", "CANCELLED": "cancelled_at"}


def lock_order(session: Session, order_id: int, user: Principal) -> Order:
    """The order, row-locked for this transaction (404 when missing or not visible to the role)."""
    order = session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None or not may_see_order(user.role, order.job_role):
        raise ApiError(404, "not_found", f"order {order_id} not found")
    return order


def check_version(order: Order, base_version: int | None, user: Principal) -> None:
    if base_version is not None and base_version != order.version:
        raise ApiError(409, "stale_version",
                       f"order {order.id} changed on the server (your edit is based on version "
                       f"{base_version}, the server has version {order.version})",
                       current=order_view(order, user.role))


def _history(session: Session, order: Order, user: Principal, action: str, old: str | None,
             new: str | None, reason: str | None = None) -> None:
    session.add(OrderHistory(ocs_id=order.id, action=action, from_status=old, to_status=new,
                             actor=user.username, reason=reason, version=order.version, created_at=utcnow()))


def _set_status(session: Session, order: Order, user: Principal, new: str, reason: str | None,
                action: str = "STATUS") -> None:
    old = order.status
    now = utcnow()
    order.status = new
    setattr(order, STAMP[new], now)
    if new == "CANCELLED":
        order.cancel_reason = reason
    order.worker_name = order.worker_name or user.display_name
    _bump(order, now)
    _history(session, order, user, action, old, new, reason)


def _bump(order: Order, now=None) -> None:
    order.version += 1
    order.updated_at = now or utcnow()


def change_status(session: Session, order: Order, user: Principal, change: StatusChange) -> dict[str, Any]:
    check_version(order, change.base_version, user)
    if not may_transition(user.role, order.job_role, change.status):
        raise ApiError(403, "forbidden", f"role {user.role} may not set a {order.job_role} order to "
                                         f"{change.status}")
    error = transition_error(order.status, change.status, job_role=order.job_role)
    if error is not None:  # the one status machine: sync.schema.vocab (CONFIRMED of a RIS order: signing only)
        raise ApiError(409, "illegal_transition", f"order {order.id}: {error}", current=order_view(order, user.role))
    if change.status == "CANCELLED" and not (change.reason or "").strip():
        raise ApiError(422, "invalid", "a cancellation needs a reason")
    _set_status(session, order, user, change.status, change.reason)
    return order_view(order, user.role)


def _require_ris_open(order: Order, user: Principal) -> None:
    if order.job_role != "RIS":
        raise ApiError(422, "invalid", f"order {order.id} is a {order.job_role} order, not an imaging order")
    if order.status in ("CANCELLED", "CONFIRMED") or (order.worker_result or {}).get("_confirmed"):
        raise ApiError(409, "closed", f"order {order.id} is {order.status}; its report can no longer change",
                       current=order_view(order, user.role))


def update_report(session: Session, order: Order, user: Principal, upd: ReportUpdate) -> dict[str, Any]:
    """Write the given report fields into ``worker_result``; ``sign`` signs and confirms the order."""
    check_version(order, upd.base_version, user)
    _require_ris_open(order, user)
    wr = dict(order.worker_result or {})
    for name in ("findings", "impression", "tumor", "work_notes"):
        value = getattr(upd, name)
        if value is not None:
            wr[name] = value
    now = utcnow()
    if upd.sign:
        if not ((wr.get("impression") or "").strip() or (wr.get("findings") or "").strip()):
            raise ApiError(422, "invalid", "a report needs findings or an impression before it can be signed")
        wr.update({"_confirmed": True, "signed_by": user.username, "signed_at": now.isoformat()})
    order.worker_result = wr
    _bump(order, now)
    _history(session, order, user, "RESULT", order.status, order.status, "signed" if upd.sign else "draft saved")
    if upd.sign:  # signing walks the order to CONFIRMED, each legal step with its history row
        for step in signing_path(order.status, job_role=order.job_role):
            _set_status(session, order, user, step, None, action="SIGN")
    return order_view(order, user.role)


def add_measurement(session: Session, order: Order, user: Principal, m: Measurement) -> dict[str, Any]:
    """Append a measurement to ``worker_result.measurements`` (the idempotency key makes retries safe)."""
    check_version(order, m.base_version, user)
    _require_ris_open(order, user)
    wr = dict(order.worker_result or {})
    entry = m.model_dump(exclude={"base_version"})
    entry["by"] = user.username
    wr["measurements"] = [*wr.get("measurements", []), entry]
    order.worker_result = wr
    _bump(order)
    _history(session, order, user, "MEASUREMENT", order.status, order.status, f"{m.kind} {m.uuid}")
    return order_view(order, user.role)
