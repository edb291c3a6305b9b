"""``/api/ai/``: models, the models a patient's data allows, inference requests, results and review."""
from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from sqlalchemy import select

from sync.service.auth import Principal, require
from sync.service.db import utcnow
from sync.service.errors import ApiError
from sync.service.models import (AIInferenceLog, AIInferenceRequest, AIInferenceResult, AIModel, ImagingStudy,
                                 Order, Patient)
from sync.service.permissions import ENDPOINT_ROLES as R
from sync.service.routes_common import MAX_ID, naive_utc, run_write, sessions
from sync.service.schemas import AIReview, AIRunRequest
from sync.service.views import ai_model_view, ai_request_view, ai_result_full_view

router = APIRouter(prefix="/api/ai")
def obj_id():
    return Path(ge=1, le=MAX_ID)


@router.get("/models/")
def list_ai_models(request: Request, user: Principal = Depends(require(*R["list_ai_models"]))):
    with sessions(request) as s:
        return {"results": [ai_model_view(m) for m in s.scalars(select(AIModel).order_by(AIModel.id))]}


def patient_inputs(s, patient_id: int) -> set[str]:
    """The kinds of data a patient has: MRI (an MR study), GENETIC / PROTEIN (lab orders)."""
    have: set[str] = set()
    if s.scalar(select(ImagingStudy.id).join(Order, Order.id == ImagingStudy.ocs_id)
                .where(Order.patient_id == patient_id, ImagingStudy.modality == "MR").limit(1)):
        have.add("MRI")
    for job_type in s.scalars(select(Order.job_type).where(Order.patient_id == patient_id,
                                                           Order.job_role == "LIS").distinct()):
        if job_type in ("GENETIC", "PROTEIN"):
            have.add(job_type)
    return have


@router.get("/models/available/", summary="models whose required inputs the patient has")
def available_ai_models(request: Request, patient_id: int = Query(ge=1, le=MAX_ID),
                        user: Principal = Depends(require(*R["available_ai_models"]))):
    with sessions(request) as s:
        if s.get(Patient, patient_id) is None:
            raise ApiError(404, "not_found", f"patient {patient_id} not found")
        have = patient_inputs(s, patient_id)
        models = [m for m in s.scalars(select(AIModel).order_by(AIModel.id))
                  if m.is_active and set(m.required_inputs or []) <= have]
        return {"patient_inputs": sorted(have), "results": [ai_model_view(m) for m in models]}


@router.get("/requests/")
def list_ai_requests(request: Request, patient_id: int | None = Query(None, ge=1, le=MAX_ID),
                     user: Principal = Depends(require(*R["list_ai_requests"]))):
    stmt = select(AIInferenceRequest, AIModel.code).join(AIModel, AIModel.id == AIInferenceRequest.model_id)
    if patient_id:
        stmt = stmt.where(AIInferenceRequest.patient_id == patient_id)
    with sessions(request) as s:
        rows = s.execute(stmt.order_by(AIInferenceRequest.id)).all()
        results = []
        for req, code in rows:
            item = ai_request_view(req, code)
            res = s.scalar(select(AIInferenceResult).where(AIInferenceResult.request_id == req.id))
            item["result_id"] = res.id if res else None
            results.append(item)
    return {"results": results}


def _lock_patient(s, patient_id: int) -> Patient:
    p = s.scalar(select(Patient).where(Patient.id == patient_id).with_for_update())
    if p is None:
        raise ApiError(404, "not_found", f"patient {patient_id} not found")
    return p


def client_time(text: str | None) -> datetime | None:
    """A time a workstation sends (ISO 8601; naive is UTC) as the database keeps it (naive UTC)."""
    if text is None:
        return None
    try:
        return naive_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise ApiError(422, "invalid", "the time is not a valid ISO 8601 date and time") from None


def _new_request(s, p: Patient, user: Principal, body: AIRunRequest) -> dict:
    model = s.scalar(select(AIModel).where(AIModel.code == body.model))
    if model is None or not model.is_active:
        raise ApiError(422, "invalid", f"AI model {body.model} is not available")
    if body.job_uid is not None:  # a workstation's run: one request per job, however often it is sent
        known = s.scalar(select(AIInferenceRequest).where(AIInferenceRequest.job_uid == body.job_uid))
        if known is not None:
            if (known.patient_id, known.model_id) != (p.id, model.id):
                raise ApiError(422, "invalid", f"job {body.job_uid} is recorded for another patient or model")
            return ai_request_view(known, model.code)
    missing = set(model.required_inputs or []) - patient_inputs(s, p.id)
    if missing:
        raise ApiError(422, "missing_inputs", f"patient {p.id} lacks the data {body.model} needs: "
                                              f"{', '.join(sorted(missing))}")
    if body.ocs_id is not None:
        order = s.get(Order, body.ocs_id)
        if order is None or order.patient_id != p.id:
            raise ApiError(422, "invalid", f"order {body.ocs_id} is not an order of patient {p.id}")
    now = client_time(body.requested_at) or utcnow()
    req = AIInferenceRequest(request_number=f"AIR-{uuid.uuid4().hex[:12].upper()}", patient_id=p.id,
                             model_id=model.id, ocs_id=body.ocs_id, status="PENDING", requested_by=user.username,
                             created_at=now, job_uid=body.job_uid, study_uid=body.study_uid)
    s.add(req)
    s.flush()
    s.add(AIInferenceLog(request_id=req.id, level="INFO", created_at=now,
                         message=f"{body.model} run requested by {user.username}"))
    return ai_request_view(req, model.code)


@router.post("/requests/", status_code=201, summary="ask for an AI run (the patient must have the model's inputs)")
def request_ai_run(request: Request, body: AIRunRequest,
                   key: str | None = Header(default=None, alias="Idempotency-Key", max_length=64),
                   user: Principal = Depends(require(*R["request_ai_run"]))):
    return run_write(request, user, key, body, lambda s: _lock_patient(s, body.patient_id),
                     lambda s, p: _new_request(s, p, user, body), status_code=201)


@router.get("/results/{result_id}/")
def get_ai_result(request: Request, result_id: int = obj_id(), user: Principal = Depends(require(*R["get_ai_result"]))):
    with sessions(request) as s:
        res = s.get(AIInferenceResult, result_id)
        if res is None:
            raise ApiError(404, "not_found", f"AI result {result_id} not found")
        return full_view(s, res)


def full_view(s, res: AIInferenceResult) -> dict:
    req = s.get(AIInferenceRequest, res.request_id)
    return ai_result_full_view(res, req, s.get(AIModel, req.model_id))


def _lock_result(s, result_id: int) -> AIInferenceResult:
    res = s.scalar(select(AIInferenceResult).where(AIInferenceResult.id == result_id).with_for_update())
    if res is None:
        raise ApiError(404, "not_found", f"AI result {result_id} not found")
    return res


def _review(s, res: AIInferenceResult, user: Principal, body: AIReview) -> dict:
    if body.base_version != res.version:
        raise ApiError(409, "stale_version", f"AI result {res.id} changed on the server (your review is based "
                                             f"on version {body.base_version}, the server has {res.version})",
                       current=full_view(s, res))
    now = utcnow()
    res.review_status, res.reviewer, res.review_comment = body.decision, user.username, body.comment
    res.reviewed_at = now
    res.version += 1
    s.add(AIInferenceLog(request_id=res.request_id, level="INFO", created_at=now,
                         message=f"result {body.decision} by {user.username}"))
    return full_view(s, res)


@router.post("/results/{result_id}/review/", summary="accept or reject an AI result")
def review_ai_result(request: Request, body: AIReview, result_id: int = obj_id(),
                     key: str | None = Header(default=None, alias="Idempotency-Key", max_length=64),
                     user: Principal = Depends(require(*R["review_ai_result"]))):
    return run_write(request, user, key, body, lambda s: _lock_result(s, result_id),
                     lambda s, res: _review(s, res, user, body))
