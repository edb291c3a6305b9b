"""``/api/patients/`` and ``/api/ocs/``: reading patients and orders, changing orders."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import and_, func, or_, select

from sync.service import logic_orders as logic
from sync.service.auth import Principal, require
from sync.service.errors import ApiError
from sync.service.models import Order, OrderHistory, Patient
from sync.service.permissions import ENDPOINT_ROLES as R
from sync.service.permissions import VISIBLE_JOB_ROLES
from sync.service.routes_common import MAX_ID, MAX_PAGE_SIZE, naive_utc, run_write, sessions
from sync.service.schemas import Measurement, OrderStatus, ReportUpdate, StatusChange
from sync.service.views import history_view, iso, order_view, patient_view

router = APIRouter(prefix="/api")
def obj_id():
    return Path(ge=1, le=MAX_ID)
def idem_key():
    return Header(default=None, alias="Idempotency-Key", max_length=64)


@router.get("/patients/", summary="patients, page by page")
def list_patients(request: Request, user: Principal = Depends(require(*R["list_patients"])),
                  page: int = Query(1, ge=1, le=MAX_ID), page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE)):
    with sessions(request) as s:
        count = s.scalar(select(func.count()).select_from(Patient))
        rows = s.scalars(select(Patient).order_by(Patient.id).offset((page - 1) * page_size).limit(page_size))
        results = [patient_view(p) for p in rows]
    nxt = str(request.url.include_query_params(page=page + 1)) if page * page_size < count else None
    return JSONResponse({"count": count, "next": nxt, "results": results})


@router.get("/patients/{patient_id}/")
def get_patient(request: Request, patient_id: int = obj_id(), user: Principal = Depends(require(*R["get_patient"]))):
    with sessions(request) as s:
        p = s.get(Patient, patient_id)
    if p is None:
        raise ApiError(404, "not_found", f"patient {patient_id} not found")
    return patient_view(p)


@router.get("/ocs/", summary="orders by (updated_at, id), cursor-paged for incremental pulls")
def list_orders(request: Request, user: Principal = Depends(require(*R["list_orders"])),
                job_role: Literal["RIS", "LIS", "TREATMENT", "CONSULT"] | None = None,
                status: OrderStatus | None = None, patient_id: int | None = Query(None, ge=1, le=MAX_ID),
                updated_since: datetime | None = None, after_id: int = Query(0, ge=0, le=MAX_ID),
                page_size: int = Query(500, ge=1, le=MAX_PAGE_SIZE)):
    stmt = select(Order)
    visible = VISIBLE_JOB_ROLES.get(user.role)
    if visible is not None:
        stmt = stmt.where(Order.job_role.in_(visible))
    if job_role:
        stmt = stmt.where(Order.job_role == job_role)
    if status:
        stmt = stmt.where(Order.status == status)
    if patient_id:
        stmt = stmt.where(Order.patient_id == patient_id)
    since = naive_utc(updated_since)
    if since is not None:
        stmt = stmt.where(or_(Order.updated_at > since, and_(Order.updated_at == since, Order.id > after_id)))
    stmt = stmt.order_by(Order.updated_at, Order.id).limit(page_size)
    with sessions(request) as s:
        rows = list(s.scalars(stmt))
    results = [order_view(o, user.role) for o in rows]
    nxt = None
    if len(rows) == page_size:
        nxt = str(request.url.include_query_params(updated_since=iso(rows[-1].updated_at), after_id=rows[-1].id))
    return JSONResponse({"next": nxt, "results": results})  # already JSON-ready: skip jsonable_encoder


@router.get("/ocs/{order_id}/")
def get_order(request: Request, order_id: int = obj_id(), user: Principal = Depends(require(*R["get_order"]))):
    with sessions(request) as s:
        o = s.get(Order, order_id)
    if o is None or (VISIBLE_JOB_ROLES.get(user.role) and o.job_role not in VISIBLE_JOB_ROLES[user.role]):
        raise ApiError(404, "not_found", f"order {order_id} not found")
    return order_view(o, user.role)


@router.get("/ocs/{order_id}/history/")
def order_history(request: Request, order_id: int = obj_id(),
                  user: Principal = Depends(require(*R["order_history"]))):
    with sessions(request) as s:
        o = s.get(Order, order_id)
        if o is None or (VISIBLE_JOB_ROLES.get(user.role) and o.job_role not in VISIBLE_JOB_ROLES[user.role]):
            raise ApiError(404, "not_found", f"order {order_id} not found")
        rows = s.scalars(select(OrderHistory).where(OrderHistory.ocs_id == order_id).order_by(OrderHistory.id))
        return {"results": [history_view(h) for h in rows]}


@router.post("/ocs/{order_id}/status/", summary="move an order along its status machine (history row written)")
def change_status(request: Request, body: StatusChange, order_id: int = obj_id(), key: str | None = idem_key(),
                  user: Principal = Depends(require(*R["change_status"]))):
    return run_write(request, user, key, body, lambda s: logic.lock_order(s, order_id, user),
                     lambda s, o: logic.change_status(s, o, user, body))


@router.patch("/ocs/{order_id}/report/", summary="edit (or sign) the report in a RIS order's worker_result")
def update_report(request: Request, body: ReportUpdate, order_id: int = obj_id(), key: str | None = idem_key(),
                  user: Principal = Depends(require(*R["update_report"]))):
    return run_write(request, user, key, body, lambda s: logic.lock_order(s, order_id, user),
                     lambda s, o: logic.update_report(s, o, user, body))


@router.post("/ocs/{order_id}/measurements/", summary="append a measurement (patient LPS mm) to a RIS order")
def add_measurement(request: Request, body: Measurement, order_id: int = obj_id(), key: str | None = idem_key(),
                    user: Principal = Depends(require(*R["add_measurement"]))):
    return run_write(request, user, key, body, lambda s: logic.lock_order(s, order_id, user),
                     lambda s, o: logic.add_measurement(s, o, user, body))
