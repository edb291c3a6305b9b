"""Rows → JSON-ready dicts, with the NURSE summary projection applied here and nowhere else."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sync.service.models import AIInferenceRequest, AIInferenceResult, AIModel, ImagingStudy, Order, Patient
from sync.service.models_clinical import OrderHistory
from sync.service.permissions import SUMMARY_ONLY


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def report_status(worker_result: dict[str, Any] | None) -> str:
    """``none`` (unread), ``draft`` (being read) or ``signed``, from an order's ``worker_result``."""
    wr = worker_result or {}
    if wr.get("_confirmed"):
        return "signed"
    if (wr.get("findings") or "").strip() or (wr.get("impression") or "").strip():
        return "draft"
    return "none"


def patient_view(p: Patient) -> dict[str, Any]:
    return {"id": p.id, "patient_number": p.patient_number, "name": p.name, "sex": p.sex,
            "birth_date": iso(p.birth_date), "version": p.version, "updated_at": iso(p.updated_at)}


def order_view(o: Order, role: str) -> dict[str, Any]:
    wr = dict(o.worker_result or {})
    out: dict[str, Any] = {
        "id": o.id, "ocs_number": o.ocs_number, "patient_id": o.patient_id, "job_role": o.job_role,
        "job_type": o.job_type, "status": o.status, "priority": o.priority, "version": o.version,
        "created_at": iso(o.created_at), "updated_at": iso(o.updated_at),
        "report_status": report_status(wr) if o.job_role == "RIS" else None,
    }
    if role in SUMMARY_ONLY:
        out["worker_result"] = {"impression": wr.get("impression")} if o.job_role == "RIS" else {}
        out["summary_only"] = True
        return out
    out.update({"encounter_id": o.encounter_id, "doctor_name": o.doctor_name, "worker_name": o.worker_name,
                "worker_result": wr, "cancel_reason": o.cancel_reason,
                "accepted_at": iso(o.accepted_at), "in_progress_at": iso(o.in_progress_at),
                "result_ready_at": iso(o.result_ready_at), "confirmed_at": iso(o.confirmed_at),
                "cancelled_at": iso(o.cancelled_at)})
    return out


def study_view(st: ImagingStudy, o: Order, role: str) -> dict[str, Any]:
    wr = o.worker_result or {}
    out: dict[str, Any] = {
        "id": st.id, "ocs_id": o.id, "patient_id": o.patient_id, "study_date": iso(st.study_date),
        "order_status": o.status, "report_status": report_status(wr), "impression": wr.get("impression"),
        "version": st.version, "order_version": o.version,
    }
    if role in SUMMARY_ONLY:
        out["summary_only"] = True
        return out
    out.update({"study_uid": st.study_uid, "modality": st.modality, "body_part": st.body_part,
                "series_count": st.series_count, "instance_count": st.instance_count,
                "findings": wr.get("findings"), "tumor": wr.get("tumor"),
                "work_notes": wr.get("work_notes", []), "ocs_number": o.ocs_number})
    return out


def history_view(h: OrderHistory) -> dict[str, Any]:
    return {"id": h.id, "ocs_id": h.ocs_id, "action": h.action, "from_status": h.from_status,
            "to_status": h.to_status, "actor": h.actor, "reason": h.reason, "version": h.version,
            "created_at": iso(h.created_at)}


def ai_model_view(m: AIModel) -> dict[str, Any]:
    return {"id": m.id, "code": m.code, "name": m.name, "description": m.description,
            "required_inputs": list(m.required_inputs or []), "is_active": m.is_active}


def ai_request_view(r: AIInferenceRequest, model_code: str) -> dict[str, Any]:
    return {"id": r.id, "request_number": r.request_number, "patient_id": r.patient_id, "model": model_code,
            "ocs_id": r.ocs_id, "status": r.status, "requested_by": r.requested_by, "version": r.version,
            "created_at": iso(r.created_at), "completed_at": iso(r.completed_at), "job_uid": r.job_uid,
            "study_uid": r.study_uid, "error": r.error_message}


def ai_result_view(res: AIInferenceResult) -> dict[str, Any]:
    return {"id": res.id, "request_id": res.request_id, "result_data": res.result_data,
            "confidence": res.confidence, "review_status": res.review_status, "reviewer": res.reviewer,
            "review_comment": res.review_comment, "reviewed_at": iso(res.reviewed_at), "version": res.version}


def ai_result_full_view(res: AIInferenceResult, req: AIInferenceRequest, model: AIModel) -> dict[str, Any]:
    """A result with what it is of: the model, the patient, the order/study and when it was asked for."""
    out = ai_result_view(res)
    out.update({"model": model.code, "model_name": model.name, "patient_id": req.patient_id, "ocs_id": req.ocs_id,
                "study_uid": req.study_uid, "request_number": req.request_number, "request_status": req.status,
                "requested_by": req.requested_by, "requested_at": iso(req.created_at),
                "completed_at": iso(req.completed_at), "created_at": iso(res.created_at)})
    return out
