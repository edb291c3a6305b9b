"""Plain records the client hands to the workstation, which maps them into its own store."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PatientRecord:
    id: int
    patient_number: str
    name: str
    sex: str | None
    birth_date: str | None
    version: int


@dataclass(frozen=True)
class OrderRecord:
    """One CDSS order (``ocs`` row). ``worker_result`` is the department's result (the report for RIS)."""

    id: int
    ocs_number: str
    patient_id: int
    job_role: str
    job_type: str
    status: str
    priority: str
    worker_result: dict[str, Any]
    version: int
    created_at: str | None = None
    updated_at: str | None = None
    doctor_name: str | None = None


@dataclass(frozen=True)
class StudyRecord:
    """One imaging study with its order's report state (``report_status``: none, draft or signed).

    For the NURSE role the server sends the summary only (``summary_only``): image metadata and ``findings``
    are None and ``impression`` holds the report summary.
    """

    id: int
    ocs_id: int
    patient_id: int
    study_uid: str | None
    modality: str | None
    body_part: str | None
    study_date: str | None
    series_count: int | None
    instance_count: int | None
    order_status: str
    report_status: str
    impression: str | None
    findings: str | None
    version: int
    order_version: int
    summary_only: bool = False


@dataclass(frozen=True)
class SyncState:
    """What the user sees of sync: items waiting, items needing a decision, last success and error."""

    pending: int
    conflicts: int
    failed: int
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    online: bool

    def summary(self) -> str:
        """One line for a status bar, e.g. ``offline · 3 changes waiting · last sync 10:42 UTC``."""
        parts = ["online" if self.online else "offline"]
        if self.pending:
            parts.append(f"{self.pending} change{'s' if self.pending != 1 else ''} waiting")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''} to resolve")
        if self.failed:
            parts.append(f"{self.failed} refused")
        parts.append(f"last sync {self.last_success:%H:%M} UTC" if self.last_success else "never synced")
        if not self.online and self.last_error:
            parts.append(self.last_error.split(":")[0])
        return " · ".join(parts)


@dataclass(frozen=True)
class ConflictRecord:
    """A local change the server refused as stale: both versions are kept until the user picks."""

    id: int
    kind: str
    entity_id: int
    local_payload: dict[str, Any]
    local_base_version: int | None
    server_copy: dict[str, Any]
    created_at: datetime
    resolution: str | None = None


@dataclass
class DrainReport:
    """Outcome of one ``SyncClient.drain()`` pass."""

    applied: int = 0
    conflicts: int = 0
    failed: int = 0
    remaining: int = 0
    error: str | None = None
    cancelled: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AIResultRecord:
    """An AI inference result of the CDSS (any model: M1 segmentation, MG genetic, MM multimodal) with its
    review and what it is of. ``result_data`` is the model's output as the CDSS keeps it."""

    id: int
    model: str  # M1 / MG / MM
    model_name: str
    patient_id: int
    request_id: int
    result_data: dict[str, Any]
    review_status: str  # pending / accepted / rejected
    version: int
    ocs_id: int | None = None
    study_uid: str | None = None
    confidence: float | None = None
    reviewer: str | None = None
    review_comment: str | None = None
    requested_at: str | None = None
    completed_at: str | None = None
