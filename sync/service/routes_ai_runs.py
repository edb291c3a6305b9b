"""``/api/ai/``: the outcome of a run a workstation made (result or failure), and a patient's AI results.

A workstation records its own M1 runs as the CDSS's inference requests (``POST /api/ai/requests/`` with the
job's id) and, when the job ends, their outcome here: ``COMPLETED`` creates the request's one
``ai_inference_result`` (then reviewed through ``/api/ai/results/{id}/review/``), ``FAILED`` keeps the reason
on the request. Sending the same outcome again returns the stored one (another workstation whose submission
was collapsed into the same job, a retry); a different outcome for a finished request is a 409.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from sqlalchemy import select

from sync.service.auth import Principal, require
from sync.service.db import utcnow
from sync.service.errors import ApiError
from sync.service.models import AIInferenceLog, AIInferenceRequest, AIInferenceResult, AIModel, Patient
from sync.service.permissions import ENDPOINT_ROLES as R
from sync.service.routes_ai import client_time
from sync.service.routes_common import MAX_ID, run_write, sessions
from sync.service.schemas import AIResultIn
from sync.service.views import ai_request_view, ai_result_full_view

router = APIRouter(prefix="/api/ai")
FINISHED = ("COMPLETED", "FAILED")


def _lock_request(s, request_id: int) -> AIInferenceRequest:
    req = s.scalar(select(AIInferenceRequest).where(AIInferenceRequest.id == request_id).with_for_update())
    if req is None:
        raise ApiError(404, "not_found", f"AI request {request_id} not found")
    return req


def _outcome_view(s, req: AIInferenceRequest) -> dict:
    model = s.get(AIModel, req.model_id)
    out = ai_request_view(req, model.code)
    res = s.scalar(select(AIInferenceResult).where(AIInferenceResult.request_id == req.id))
    out["result_id"] = res.id if res is not None else None
    out["result"] = ai_result_full_view(res, req, model) if res is not None else None
    return out


def _record(s, req: AIInferenceRequest, user: Principal, body: AIResultIn) -> dict:
    if req.status in FINISHED:
        if req.status == body.status:
            return _outcome_view(s, req)  # already recorded: the stored outcome, nothing added
        raise ApiError(409, "closed", f"AI request {req.id} already ended as {req.status}",
                       current=_outcome_view(s, req))
    if body.status == "FAILED" and not (body.error or "").strip():
        raise ApiError(422, "invalid", "a failed run needs its reason (error)")
    now = utcnow()
    req.status, req.completed_at = body.status, client_time(body.completed_at) or now
    req.version += 1
    if body.status == "COMPLETED":
        s.add(AIInferenceResult(request_id=req.id, result_data=dict(body.result_data or {}),
                                confidence=body.confidence, created_at=now))
        message = f"run completed, recorded by {user.username}"
    else:
        req.error_message = body.error.strip()
        message = f"run failed ({req.error_message[:300]}), recorded by {user.username}"
    s.add(AIInferenceLog(request_id=req.id, level="INFO" if body.status == "COMPLETED" else "ERROR",
                         created_at=now, message=message))
    s.flush()
    return _outcome_view(s, req)


@router.post("/requests/{request_id}/result/", summary="record the outcome of a run (result or failure)")
def record_ai_result(request: Request, body: AIResultIn, request_id: int = Path(ge=1, le=MAX_ID),
                     key: str | None = Header(default=None, alias="Idempotency-Key", max_length=64),
                     user: Principal = Depends(require(*R["record_ai_result"]))):
    return run_write(request, user, key, body, lambda s: _lock_request(s, request_id),
                     lambda s, req: _record(s, req, user, body))


@router.get("/results/", summary="a patient's AI results (every model), newest first")
def list_ai_results(request: Request, patient_id: int = Query(ge=1, le=MAX_ID),
                    user: Principal = Depends(require(*R["list_ai_results"]))):
    with sessions(request) as s:
        if s.get(Patient, patient_id) is None:
            raise ApiError(404, "not_found", f"patient {patient_id} not found")
        rows = s.execute(select(AIInferenceResult, AIInferenceRequest, AIModel)
                         .join(AIInferenceRequest, AIInferenceRequest.id == AIInferenceResult.request_id)
                         .join(AIModel, AIModel.id == AIInferenceRequest.model_id)
                         .where(AIInferenceRequest.patient_id == patient_id)
                         .order_by(AIInferenceRequest.created_at.desc(), AIInferenceResult.id.desc())).all()
        return {"results": [ai_result_full_view(res, req, model) for res, req, model in rows]}
