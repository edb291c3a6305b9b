"""Request bodies, validated strictly: exact types, enums, bounded lengths, no unknown fields."""
from __future__ import annotations

import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

OrderStatus = Literal["ORDERED", "ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED", "CANCELLED"]

MAX_JSON_CHARS = 20_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=False)


def _bounded_json(value: Any, name: str) -> Any:
    if value is not None and len(json.dumps(value, ensure_ascii=False)) > MAX_JSON_CHARS:
        raise ValueError(f"{name} is larger than {MAX_JSON_CHARS} characters as JSON")
    return value


class StatusChange(_Strict):
    status: OrderStatus
    base_version: int = Field(ge=1, le=2**31 - 1)
    reason: str | None = Field(default=None, max_length=500)


class ReportUpdate(_Strict):
    """A report edit of a RIS order (stored in ``worker_result``). ``sign`` signs it (``_confirmed``)."""

    base_version: int = Field(ge=1, le=2**31 - 1)
    findings: str | None = Field(default=None, max_length=20_000)
    impression: str | None = Field(default=None, max_length=5_000)
    tumor: dict[str, Any] | None = None
    work_notes: list[str] | None = Field(default=None, max_length=100)
    sign: bool = False

    @field_validator("tumor")
    @classmethod
    def _tumor_size(cls, v):
        return _bounded_json(v, "tumor")

    @field_validator("work_notes")
    @classmethod
    def _notes(cls, v):
        if v is not None and any(len(n) > 2_000 for n in v):
            raise ValueError("each work note must be at most 2000 characters")
        return v


class Measurement(_Strict):
    """A measurement in patient LPS millimetres, identified by the client's UUID."""

    uuid: str = Field(pattern=r"^[0-9a-fA-F-]{32,36}$")
    kind: Literal["length", "area", "volume", "angle", "roi_mean", "point"]
    label: str = Field(default="", max_length=200)
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(max_length=16)
    series_uid: str | None = Field(default=None, max_length=64, pattern=r"^[0-9.]+$")
    points_lps: list[list[float]] = Field(default_factory=list, max_length=1000)
    base_version: int | None = Field(default=None, ge=1, le=2**31 - 1)

    @field_validator("points_lps")
    @classmethod
    def _points(cls, v):
        for p in v:
            if len(p) != 3 or not all(math.isfinite(c) for c in p):
                raise ValueError("each point must be three finite LPS coordinates [x, y, z] in mm")
        return v


class AIReview(_Strict):
    decision: Literal["accepted", "rejected"]
    comment: str | None = Field(default=None, max_length=2_000)
    base_version: int = Field(ge=1, le=2**31 - 1)


ISO_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$"
UID = r"^[0-9.]{1,64}$"


class AIRunRequest(_Strict):
    """Ask for an AI run for a patient (optionally on one order's data). A workstation recording a run it
    made adds ``job_uid`` (its inference job: one request per job, a repeat returns the first),
    ``study_uid`` and ``requested_at`` (when the job was submitted; the run may be sent later)."""

    patient_id: int = Field(ge=1, le=2**31 - 1)
    model: Literal["M1", "MG", "MM"]
    ocs_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    job_uid: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._:-]{8,64}$")
    study_uid: str | None = Field(default=None, max_length=64, pattern=UID)
    requested_at: str | None = Field(default=None, max_length=40, pattern=ISO_TIME)


class AIResultIn(_Strict):
    """The outcome of a run: ``COMPLETED`` with its ``result_data`` (SEG UIDs, model name/version/checksum,
    volumes in mL, ...), or ``FAILED`` with the reason (``error``)."""

    status: Literal["COMPLETED", "FAILED"]
    result_data: dict[str, Any] | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    error: str | None = Field(default=None, max_length=2_000)
    completed_at: str | None = Field(default=None, max_length=40, pattern=ISO_TIME)

    @field_validator("result_data")
    @classmethod
    def _data_size(cls, v):
        return _bounded_json(v, "result_data")


class RoleChange(_Strict):
    role: Literal["DOCTOR", "RIS", "LIS", "NURSE", "SYSTEMMANAGER"]
