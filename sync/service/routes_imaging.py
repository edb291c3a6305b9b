"""``/api/imaging/studies/``: a patient's imaging history and the reading-status worklists."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from sync.service.auth import Principal, require
from sync.service.errors import ApiError
from sync.service.models import ImagingStudy, Order
from sync.service.permissions import ENDPOINT_ROLES as R
from sync.service.routes_common import MAX_ID, MAX_PAGE_SIZE, sessions
from sync.service.views import report_status, study_view

router = APIRouter(prefix="/api/imaging")

ORDERINGS = {
    "study_date": (ImagingStudy.study_date.asc(), ImagingStudy.id.asc()),
    "-study_date": (ImagingStudy.study_date.desc(), ImagingStudy.id.desc()),
    "id": (ImagingStudy.id.asc(),),
    "-id": (ImagingStudy.id.desc(),),
}


@router.get("/studies/", summary="studies; filters: patient, has_report (unread), report_status draft|signed")
def list_studies(request: Request, user: Principal = Depends(require(*R["list_studies"])),
                 patient_id: int | None = Query(None, ge=1, le=MAX_ID),
                 ordering: Literal["study_date", "-study_date", "id", "-id"] = "-study_date",
                 has_report: bool | None = None, report_status_: Literal["draft", "signed"] | None =
                 Query(None, alias="report_status"),
                 page: int = Query(1, ge=1, le=MAX_ID), page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE)):
    stmt = select(ImagingStudy, Order).join(Order, Order.id == ImagingStudy.ocs_id)
    if patient_id:
        stmt = stmt.where(Order.patient_id == patient_id)
    stmt = stmt.order_by(*ORDERINGS[ordering])
    with sessions(request) as s:
        rows = s.execute(stmt).all()
    # reading status lives in the order's worker_result JSON: filter here, then page
    if has_report is not None:
        rows = [r for r in rows if (report_status(r[1].worker_result) != "none") == has_report]
    if report_status_ is not None:
        rows = [r for r in rows if report_status(r[1].worker_result) == report_status_]
    count = len(rows)
    start = (page - 1) * page_size
    results = [study_view(st, o, user.role) for st, o in rows[start:start + page_size]]
    nxt = str(request.url.include_query_params(page=page + 1)) if start + page_size < count else None
    return JSONResponse({"count": count, "next": nxt, "results": results})


@router.get("/studies/{study_id}/")
def get_study(request: Request, study_id: int = Path(ge=1, le=MAX_ID),
              user: Principal = Depends(require(*R["get_study"]))):
    with sessions(request) as s:
        row = s.execute(select(ImagingStudy, Order).join(Order, Order.id == ImagingStudy.ocs_id)
                        .where(ImagingStudy.id == study_id)).first()
    if row is None:
        raise ApiError(404, "not_found", f"imaging study {study_id} not found")
    return study_view(row[0], row[1], user.role)
