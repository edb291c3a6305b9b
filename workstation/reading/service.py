"""What a logged-in user may do with the reading data: every call checks the role (``roles``) and writes
the audit log. The widgets talk to this, never to the repository directly, so a hidden button is never the
only thing between a role and an action."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from workstation.reading import audit as A
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.records import AuditEntry, Order, Report, ReportSummary, Study, User, WorklistFilter
from workstation.reading.repository import ReadingRepository, ReportVersion
from workstation.reading.roles import Action, PermissionDenied, allowed, require


class ReadingService:
    def __init__(self, repo: ReadingRepository, audit: AuditLog, user: User, users: UserStore | None = None,
                 workstation: str | None = None):
        self.repo, self.audit, self.user, self.users = repo, audit, user, users
        self.workstation = workstation or audit.workstation

    def can(self, action: Action) -> bool:
        return allowed(self.user.role, action)

    def check(self, action: Action, target: str = "") -> None:
        """Raise ``PermissionDenied`` (and audit the refusal) unless the user's role may do ``action``."""
        self._require(action, target)

    def _require(self, action: Action, target: str = "", patient_number: str = "") -> None:
        try:
            require(self.user.role, action, self.user.username)
        except PermissionDenied as exc:
            self._audit(A.PERMISSION_DENIED, target, patient_number, str(exc))
            raise

    def _audit(self, action: str, target: str = "", patient_number: str = "", detail: str = "") -> None:
        self.audit.append(self.user.username, action, target, patient_number, detail, self.workstation)

    def _visible(self, order: Order) -> Order:
        """The order as this role may see it: without VIEW_REPORT only the impression is left."""
        if self.can(Action.VIEW_REPORT):
            return order
        r = order.report
        return replace(order, report=Report(impression=r.impression if self.can(Action.VIEW_REPORT_SUMMARY) else "",
                                            confirmed=r.confirmed, version=r.version,
                                            findings="…" if r.findings else ""))

    # ---- reading -----------------------------------------------------------------------------
    def worklist(self, flt: WorklistFilter | None = None) -> list[Order]:
        self._require(Action.VIEW_WORKLIST)
        return [self._visible(o) for o in self.repo.orders(flt)]

    def patient_history(self, patient_number: str, audit: bool = True) -> list[Order]:
        """The patient's orders, newest first (audited as an opening of the patient's record unless
        ``audit`` is false, for a second view of what was just opened)."""
        self._require(Action.VIEW_WORKLIST, patient_number=patient_number)
        if audit:
            self._audit(A.OPEN_HISTORY, f"patient {patient_number}", patient_number)
        return [self._visible(o) for o in self.repo.patient_orders(patient_number)]

    def get_order(self, order_id: int) -> Order:
        self._require(Action.VIEW_WORKLIST, f"order {order_id}")
        return self._visible(self.repo.get_order(order_id))

    def open_study(self, order_id: int) -> Study:
        """Opening a patient's images: checked and audited. Returns the study (its StudyInstanceUID)."""
        order = self.repo.get_order(order_id)
        self._require(Action.VIEW_IMAGES, f"order {order_id}", order.patient.patient_number)
        if order.study is None:
            from workstation.reading.errors import ReadingError
            raise ReadingError(f"order {order_id} has no imaging study yet")
        self._audit(A.OPEN_STUDY, f"study {order.study.study_uid}", order.patient.patient_number)
        return order.study

    def open_report(self, order_id: int) -> Report:
        order = self.repo.get_order(order_id)
        self._require(Action.VIEW_REPORT, f"order {order_id}", order.patient.patient_number)
        self._audit(A.OPEN_REPORT, f"order {order_id}", order.patient.patient_number,
                    f"version {order.report.version}")
        return order.report

    def report_summary(self, order_id: int) -> ReportSummary:
        order = self.repo.get_order(order_id)
        self._require(Action.VIEW_REPORT_SUMMARY, f"order {order_id}", order.patient.patient_number)
        self._audit(A.OPEN_REPORT_SUMMARY, f"order {order_id}", order.patient.patient_number)
        return ReportSummary(order.report.impression, order.reading_status, order.status)

    def report_versions(self, order_id: int) -> list[ReportVersion]:
        order = self.repo.get_order(order_id)
        self._require(Action.VIEW_REPORT, f"order {order_id}", order.patient.patient_number)
        return self.repo.report_versions(order_id)

    # ---- writing -----------------------------------------------------------------------------
    def save_draft(self, order_id: int, report: Report) -> Order:
        order = self.repo.get_order(order_id)
        self._require(Action.WRITE_REPORT, f"order {order_id}", order.patient.patient_number)
        out = self.repo.save_draft(order_id, report, self.user.username)
        self._audit(A.REPORT_DRAFT, f"order {order_id}", order.patient.patient_number,
                    f"{len(report.findings)} + {len(report.impression)} characters")
        return out

    def submit(self, order_id: int) -> Order:
        order = self.repo.get_order(order_id)
        self._require(Action.WRITE_REPORT, f"order {order_id}", order.patient.patient_number)
        out = self.repo.submit(order_id, self.user.username)
        self._audit(A.REPORT_SUBMIT, f"order {order_id}", order.patient.patient_number)
        return out

    def sign(self, order_id: int) -> Order:
        order = self.repo.get_order(order_id)
        self._require(Action.SIGN_REPORT, f"order {order_id}", order.patient.patient_number)
        out = self.repo.sign(order_id, self.user.username)
        self._audit(A.REPORT_SIGN, f"order {order_id}", order.patient.patient_number, "version 1")
        return out

    def add_addendum(self, order_id: int, text: str) -> Order:
        order = self.repo.get_order(order_id)
        self._require(Action.SIGN_REPORT, f"order {order_id}", order.patient.patient_number)
        out = self.repo.add_addendum(order_id, text, self.user.username)
        self._audit(A.REPORT_ADDENDUM, f"order {order_id}", order.patient.patient_number,
                    f"version {out.report.version}")
        return out

    def change_status(self, order_id: int, status: str, note: str = "") -> Order:
        order = self.repo.get_order(order_id)
        self._require(Action.CHANGE_ORDER_STATUS, f"order {order_id}", order.patient.patient_number)
        out = self.repo.change_status(order_id, status, self.user.username, note)
        self._audit(A.STATUS_CHANGE, f"order {order_id}", order.patient.patient_number,
                    f"{order.status} -> {out.status}")
        return out

    # ---- studies without an order (workstation.reading.unmatched) -----------------------------
    def create_local_order(self, study) -> Order:
        """A LOCAL reading order for an archive study without one (``unmatched.ArchiveStudy``): it syncs like
        any other order. Needs the right to change order status; audited as a status change."""
        from workstation.reading.unmatched import create_local_order
        self._require(Action.CHANGE_ORDER_STATUS, f"study {study.study_uid}", study.patient_number)
        out = create_local_order(self.repo, study, by=self.user.username)
        self._audit(A.STATUS_CHANGE, f"order {out.id}", study.patient_number,
                    f"local reading order for study {study.study_uid}")
        return out

    def link_study(self, order_id: int, study) -> Order:
        """Give an order its archive study (a match the user confirmed or chose); audited."""
        from workstation.reading.unmatched import link
        self._require(Action.CHANGE_ORDER_STATUS, f"order {order_id}", study.patient_number)
        out = link(self.repo, order_id, study)
        self._audit(A.STATUS_CHANGE, f"order {order_id}", study.patient_number,
                    f"study {study.study_uid} matched to the order")
        return out

    def export_report(self, order_id: int, path: Path) -> Path:
        """Write the report as JSON (the CDSS ``worker_result`` plus order and study) to ``path``."""
        order = self.repo.get_order(order_id)
        self._require(Action.EXPORT_REPORT, f"order {order_id}", order.patient.patient_number)
        data = {"order_id": order.id, "remote_id": order.remote_id, "status": order.status,
                "patient_number": order.patient.patient_number, "patient_name": order.patient.name,
                "study_uid": order.study.study_uid if order.study else None,
                "worker_result": order.report.to_worker_result()}
        path = Path(path)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        self._audit(A.EXPORT_REPORT, f"order {order_id}", order.patient.patient_number, str(path))
        return path

    # ---- administration ----------------------------------------------------------------------
    def audit_entries(self, **filters) -> list[AuditEntry]:
        self._require(Action.VIEW_AUDIT, "audit log")
        return self.audit.entries(**filters)

    def export_audit(self, path: Path, **filters) -> int:
        self._require(Action.EXPORT_AUDIT, "audit log")
        n = self.audit.export_csv(path, **filters)
        self._audit(A.EXPORT_AUDIT, "audit log", detail=f"{n} rows to {path}")
        return n

    def create_user(self, username: str, password: str, role: str, display_name: str = "") -> User:
        self._require(Action.MANAGE_USERS, f"user {username}")
        if self.users is None:
            raise PermissionDenied("no user store")
        user = self.users.create_user(username, password, role, display_name)
        self._audit(A.USER_CHANGE, f"user {username}", detail=f"created with role {user.role}")
        return user

    def list_users(self) -> list[User]:
        self._require(Action.MANAGE_USERS, "users")
        return self.users.users() if self.users else []
