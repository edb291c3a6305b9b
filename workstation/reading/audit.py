"""The append-only, tamper-evident audit log: who did what, when, to which patient, from which workstation.

There is no update or delete here, and the database refuses both (triggers from the ``reading`` branch's
first migration). Each row is a link of a hash chain (``audit_chain``): ``verify()`` names the first broken
link. Viewing and exporting it is for SYSTEMMANAGER (checked in ``ReadingService``).
"""
from __future__ import annotations

import csv
import socket
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.reading import audit_chain
from workstation.reading.models import AuditRow
from workstation.reading.records import AuditEntry

# audited actions
OPEN_STUDY = "open_study"
OPEN_REPORT = "open_report"
OPEN_REPORT_SUMMARY = "open_report_summary"
OPEN_HISTORY = "open_history"
REPORT_DRAFT = "report_draft"
REPORT_SUBMIT = "report_submit"
REPORT_SIGN = "report_sign"
REPORT_ADDENDUM = "report_addendum"
STATUS_CHANGE = "status_change"
EXPORT_REPORT = "export_report"
EXPORT_AUDIT = "export_audit"
LOGIN = "login"
LOGIN_FAILED = "login_failed"
PERMISSION_DENIED = "permission_denied"
USER_CHANGE = "user_change"
USER_STATE = audit_chain.USER_STATE  # a user's role/activation/credential as set (written by UserStore)
LOGIN_LOCKED = "login_locked"
CLI_ACCESS = "cli_access"  # a command-line command read the archive's patient data (``cli.auth_gate``)

CSV_COLUMNS = ("id", "at_utc", "username", "action", "target", "patient_number", "detail", "workstation")


def utcnow() -> datetime:
    """Naive UTC (how the reading tables store time)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def this_workstation() -> str:
    return socket.gethostname()


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(row.id, row.at, row.username, row.action, row.target, row.patient_number, row.detail,
                      row.workstation)


class AuditLog:
    def __init__(self, session_factory: sessionmaker[Session], workstation: str | None = None):
        self._sf = session_factory
        self.workstation = workstation or this_workstation()

    def append(self, username: str, action: str, target: str = "", patient_number: str = "",
               detail: str = "", workstation: str | None = None) -> AuditEntry:
        """Append one row, chained to the one before (may run on a worker thread)."""
        fields = dict(at=utcnow(), username=username or "", action=action, target=target[:200],
                      patient_number=patient_number or "", detail=detail,
                      workstation=workstation or self.workstation)
        return audit_chain.retrying(self._sf, lambda s: _entry(audit_chain.append_row(s, **fields)))

    def verify(self) -> audit_chain.ChainReport:
        """Check the whole chain (and the users' roles against it); ``.ok``, ``.problems``, ``.head_id``."""
        return audit_chain.verify(self._sf)

    def check_against_heads(self, heads: list[dict]) -> list[str]:
        """Problems with the heads the CDSS service recorded for this workstation (``audit_chain``)."""
        return audit_chain.check_against_heads(self._sf, heads)

    def chain_source(self) -> audit_chain.AuditChainSource:
        """For ``SyncClient.audit_source``: each sync then reports this log's chain head to the service."""
        return audit_chain.AuditChainSource(self._sf, self.workstation)

    def entries(self, *, since: datetime | None = None, until: datetime | None = None,
                username: str | None = None, action: str | None = None,
                limit: int | None = None) -> list[AuditEntry]:
        """Newest first."""
        q = select(AuditRow).order_by(AuditRow.id.desc())
        if since:
            q = q.where(AuditRow.at >= since)
        if until:
            q = q.where(AuditRow.at <= until)
        if username:
            q = q.where(AuditRow.username == username)
        if action:
            q = q.where(AuditRow.action == action)
        if limit:
            q = q.limit(limit)
        with self._sf() as s:
            return [_entry(r) for r in s.scalars(q)]

    def export_csv(self, path: Path, **filters) -> int:
        """Write the (filtered) log to a UTF-8 CSV (oldest first); return the number of rows."""
        rows = list(reversed(self.entries(**filters)))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(CSV_COLUMNS)
            for e in rows:
                w.writerow([e.id, e.at.isoformat(timespec="seconds"), e.username, e.action, e.target,
                            e.patient_number, e.detail, e.workstation])
        return len(rows)
