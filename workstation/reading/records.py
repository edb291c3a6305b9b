"""Plain dataclasses that go in and out of the reading repository (no SQLAlchemy, no Qt).

The report mirrors the CDSS: it *is* the RIS order's ``worker_result`` JSON
(``findings``, ``impression``, ``tumor``, ``work_notes``, ``_confirmed``; the workstation adds
``addenda`` and ``_version``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

#: the tumour fields of a brain-tumour MR report (keys of ``Report.tumor``)
TUMOR_FIELDS: tuple[str, ...] = (
    "location", "size_mm", "enhancement", "necrosis", "oedema", "mass_effect", "midline_shift_mm",
    "haemorrhage", "multiplicity",
)


class ReadingStatus(StrEnum):
    UNREAD = "unread"   # 미판독: no report yet
    DRAFT = "draft"     # 판독중: a report is being written
    SIGNED = "signed"   # 판독완료: signed (_confirmed)


class Priority(StrEnum):
    ROUTINE = "ROUTINE"
    URGENT = "URGENT"
    STAT = "STAT"


@dataclass(frozen=True)
class Patient:
    patient_number: str
    name: str
    birth_date: date | None = None
    sex: str = ""            # M / F / O
    remote_id: str | None = None
    id: int | None = None

    @property
    def display_name(self) -> str:
        """The DICOM person name for people: ``Hong^Gildong`` → ``Hong Gildong``."""
        return " ".join(p for p in self.name.replace("^", " ").split()) or self.patient_number

    def age(self, on: date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        on = on or date.today()
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


@dataclass(frozen=True)
class Study:
    """One imaging study per RIS order; linked to the archive by StudyInstanceUID only."""
    study_uid: str
    study_date: date | None = None
    modality: str = ""
    body_part: str = ""
    description: str = ""
    series_count: int = 0
    instance_count: int = 0
    remote_id: str | None = None


@dataclass(frozen=True)
class Addendum:
    text: str
    author: str
    signed_at: datetime
    version: int


@dataclass(frozen=True)
class Report:
    findings: str = ""
    impression: str = ""
    tumor: dict[str, Any] = field(default_factory=dict)
    work_notes: list[Any] = field(default_factory=list)
    confirmed: bool = False
    signed_by: str = ""
    signed_at: datetime | None = None
    addenda: tuple[Addendum, ...] = ()
    version: int = 0

    def has_content(self) -> bool:
        return bool(self.findings.strip() or self.impression.strip()
                    or any(v not in (None, "", [], {}) for v in self.tumor.values()))

    @property
    def reading_status(self) -> ReadingStatus:
        if self.confirmed:
            return ReadingStatus.SIGNED
        return ReadingStatus.DRAFT if self.has_content() else ReadingStatus.UNREAD

    def to_worker_result(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "findings": self.findings, "impression": self.impression, "tumor": dict(self.tumor),
            "work_notes": list(self.work_notes), "_confirmed": self.confirmed, "_version": self.version,
        }
        if self.signed_by:
            out["_signed_by"] = self.signed_by
        if self.signed_at:
            out["_signed_at"] = self.signed_at.isoformat()
        if self.addenda:
            out["addenda"] = [{"text": a.text, "author": a.author, "signed_at": a.signed_at.isoformat(),
                               "version": a.version} for a in self.addenda]
        return out

    @classmethod
    def from_worker_result(cls, data: dict[str, Any] | None) -> Report:
        data = data or {}
        signed_at = data.get("_signed_at")
        return cls(
            findings=str(data.get("findings") or ""), impression=str(data.get("impression") or ""),
            tumor=dict(data.get("tumor") or {}), work_notes=list(data.get("work_notes") or []),
            confirmed=bool(data.get("_confirmed")), signed_by=str(data.get("_signed_by") or ""),
            signed_at=datetime.fromisoformat(signed_at) if signed_at else None,
            addenda=tuple(Addendum(a["text"], a.get("author", ""), datetime.fromisoformat(a["signed_at"]),
                                   int(a.get("version", 0))) for a in data.get("addenda") or []),
            version=int(data.get("_version") or 0),
        )

    def content(self) -> dict[str, Any]:
        """What the reader typed (for drafts and diffs)."""
        return {"findings": self.findings, "impression": self.impression, "tumor": dict(self.tumor),
                "work_notes": list(self.work_notes)}


@dataclass(frozen=True)
class ReportSummary:
    """What a NURSE may see: the impression and the status."""
    impression: str
    reading_status: ReadingStatus
    order_status: str


@dataclass(frozen=True)
class Order:
    """A RIS order (CDSS OCS, ``job_role`` RIS) with its study and report."""
    id: int
    patient: Patient
    status: str
    priority: str = Priority.ROUTINE
    ordered_at: datetime | None = None
    description: str = ""
    ordering_doctor: str = ""
    study: Study | None = None
    report: Report = field(default_factory=Report)
    remote_id: str | None = None
    updated_at: datetime | None = None
    dirty: bool = False      # local changes the sync layer has not pushed yet
    remote_version: int | None = None   # the CDSS row version the local copy is based on

    @property
    def reading_status(self) -> ReadingStatus:
        return self.report.reading_status


@dataclass(frozen=True)
class HistoryEntry:
    order_id: int
    from_status: str | None
    to_status: str
    changed_by: str
    changed_at: datetime
    note: str = ""


@dataclass
class WorklistFilter:
    reading_status: ReadingStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
    modality: str | None = None
    body_part: str | None = None
    patient: str | None = None        # part of the name or patient number, case-insensitive
    priority: str | None = None
    order_status: str | None = None

    def matches(self, order: Order) -> bool:
        st = order.study
        day = (st.study_date if st and st.study_date else (order.ordered_at.date() if order.ordered_at else None))
        if self.reading_status and order.reading_status != self.reading_status:
            return False
        if self.date_from and (day is None or day < self.date_from):
            return False
        if self.date_to and (day is None or day > self.date_to):
            return False
        if self.modality and (not st or st.modality.upper() != self.modality.upper()):
            return False
        if self.body_part and (not st or st.body_part.upper() != self.body_part.upper()):
            return False
        if self.patient:
            needle = self.patient.casefold()
            if needle not in order.patient.name.casefold() and needle not in order.patient.patient_number.casefold():
                return False
        if self.priority and order.priority.upper() != self.priority.upper():
            return False
        if self.order_status and order.status.upper() != self.order_status.upper():
            return False
        return True


@dataclass(frozen=True)
class ChangeEvent:
    """A local change the sync layer should push (``kind``: order_created, status, draft, signed, addendum)."""
    kind: str
    order_id: int
    remote_id: str | None
    payload: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class Conflict:
    """A remote update that met unsynced local edits: both sides are kept, nothing is overwritten."""
    id: int
    order_id: int
    local: dict[str, Any]
    remote: dict[str, Any]
    detected_at: datetime
    resolved: bool = False


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    target: str
    patient_number: str
    detail: str
    workstation: str


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str = ""
    active: bool = True
