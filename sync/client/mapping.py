"""Service JSON → the plain records of ``sync.schema`` (the only place that knows the wire field names)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sync.client.local_models import ConflictCopy
from sync.schema.records import AIResultRecord, ConflictRecord, OrderRecord, PatientRecord, StudyRecord

#: which server row (version space) an outbox kind changes, and how it is sent
KIND_ROUTES: dict[str, tuple[str, str, str]] = {
    # kind: (cache kind, HTTP method, path template)
    "status": ("order", "POST", "/api/ocs/{id}/status/"),
    "report": ("order", "PATCH", "/api/ocs/{id}/report/"),
    "measurement": ("order", "POST", "/api/ocs/{id}/measurements/"),
    "ai_review": ("ai_result", "POST", "/api/ai/results/{id}/review/"),
    "ai_request": ("ai_request", "POST", "/api/ai/requests/"),  # entity: the patient id (not in the path)
    "ai_result": ("ai_request", "POST", "/api/ai/requests/{id}/result/"),  # a run's outcome (entity: the request)
}

#: kinds that may be queued *after* another item whose server id is not known yet (``enqueue(..., after=)``):
#: the field of that item's reply that becomes this item's entity id (request → result → review)
AFTER_FIELD: dict[str, str] = {"ai_result": "id", "ai_review": "result_id"}


def patient_record(d: dict[str, Any]) -> PatientRecord:
    return PatientRecord(id=d["id"], patient_number=d["patient_number"], name=d["name"], sex=d.get("sex"),
                         birth_date=d.get("birth_date"), version=d["version"])


def order_record(d: dict[str, Any]) -> OrderRecord:
    return OrderRecord(id=d["id"], ocs_number=d["ocs_number"], patient_id=d["patient_id"], job_role=d["job_role"],
                       job_type=d["job_type"], status=d["status"], priority=d["priority"],
                       worker_result=dict(d.get("worker_result") or {}), version=d["version"],
                       created_at=d.get("created_at"), updated_at=d.get("updated_at"),
                       doctor_name=d.get("doctor_name"))


def study_record(d: dict[str, Any]) -> StudyRecord:
    return StudyRecord(id=d["id"], ocs_id=d["ocs_id"], patient_id=d["patient_id"], study_uid=d.get("study_uid"),
                       modality=d.get("modality"), body_part=d.get("body_part"), study_date=d.get("study_date"),
                       series_count=d.get("series_count"), instance_count=d.get("instance_count"),
                       order_status=d["order_status"], report_status=d["report_status"],
                       impression=d.get("impression"), findings=d.get("findings"), version=d["version"],
                       order_version=d["order_version"], summary_only=bool(d.get("summary_only")))


def ai_result_record(d: dict[str, Any]) -> AIResultRecord:
    return AIResultRecord(id=d["id"], model=d["model"], model_name=d.get("model_name") or d["model"],
                          patient_id=d["patient_id"], request_id=d["request_id"],
                          result_data=dict(d.get("result_data") or {}), review_status=d["review_status"],
                          version=d["version"], ocs_id=d.get("ocs_id"), study_uid=d.get("study_uid"),
                          confidence=d.get("confidence"), reviewer=d.get("reviewer"),
                          review_comment=d.get("review_comment"), requested_at=d.get("requested_at"),
                          completed_at=d.get("completed_at"))


def conflict_record(c: ConflictCopy) -> ConflictRecord:
    return ConflictRecord(id=c.id, kind=c.kind, entity_id=c.entity_id, local_payload=dict(c.local_payload),
                          local_base_version=c.local_base_version, server_copy=dict(c.server_copy),
                          created_at=c.created_at, resolution=c.resolution)


def utcnow() -> datetime:
    from datetime import timezone

    return datetime.now(timezone.utc).replace(tzinfo=None)
