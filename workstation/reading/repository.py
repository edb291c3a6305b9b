"""The one data interface of the reading workflow: orders, studies, reports and their history.

Plain dataclasses (``records``) in and out. The UI reaches it through ``ReadingService`` (roles, audit);
the sync layer uses it directly: ``upsert_from_remote`` to fill it (local unsynced edits are kept and the
remote side is stored as a conflict), ``subscribe`` for a feed of local changes to push, ``dirty_orders``
and ``mark_synced`` to drain. Every method may run on a worker thread (one short transaction each).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from workstation.db.engine import make_engine, make_session_factory, sqlite_url
from workstation.reading import mapping as M
from workstation.reading.audit import utcnow
from workstation.reading.errors import OrderNotFound, ReadingError, ReportLocked
from workstation.reading.models import (ConflictRow, OrderHistoryRow, OrderRow, PatientRow, ReportVersionRow,
                                        StudyRow)
from workstation.reading.records import (Addendum, ChangeEvent, Conflict, HistoryEntry, Order, Patient, Report,
                                         Study, WorklistFilter)
from workstation.reading.status import OrderStatus, check_change, check_transition, parse_status, path_to

Listener = Callable[[ChangeEvent], None]


@dataclass(frozen=True)
class RemoteOrder:
    """An order as the CDSS holds it (what the sync layer pulls)."""
    remote_id: str
    patient: Patient
    status: str
    priority: str = "ROUTINE"
    ordered_at: datetime | None = None
    description: str = ""
    ordering_doctor: str = ""
    worker_result: dict | None = None
    study: Study | None = None
    version: int | None = None      # the CDSS row version (kept as ``Order.remote_version``)


@dataclass(frozen=True)
class ReportVersion:
    version: int
    kind: str           # signed | addendum
    report: Report
    author: str
    created_at: datetime


def default_database_url(archive_dir: Path | None = None) -> str:
    """The reading tables share the local archive's database (``<archive>/archive.db``)."""
    from workstation.paths import default_archive_dir
    folder = Path(archive_dir) if archive_dir else default_archive_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / "archive.db")


class ReadingRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.session_factory = make_session_factory(engine)
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> ReadingRepository:
        """Open (and bring up to date) the database at ``url`` (default: the local archive's database)."""
        engine = make_engine(url or default_database_url())
        if migrate:
            from workstation.db.migrate import upgrade
            upgrade(engine)
        return cls(engine)

    # ---- change feed -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(ChangeEvent)`` after every local change is committed; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def _emit(self, kind: str, order: Order, payload: dict | None = None) -> None:
        event = ChangeEvent(kind, order.id, order.remote_id, payload or {}, utcnow())
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            fn(event)

    # ---- patients ----------------------------------------------------------------------------
    def upsert_patient(self, p: Patient) -> Patient:
        with self.session_factory.begin() as s:
            return M.patient(self._upsert_patient(s, p))

    def _upsert_patient(self, s: Session, p: Patient) -> PatientRow:
        row = None
        if p.remote_id:
            row = s.scalar(select(PatientRow).where(PatientRow.remote_id == p.remote_id))
        if row is None:
            row = s.scalar(select(PatientRow).where(PatientRow.patient_number == p.patient_number))
        if row is None:
            row = PatientRow(patient_number=p.patient_number)
            s.add(row)
        row.name, row.birth_date, row.sex = p.name, p.birth_date, p.sex
        row.remote_id = p.remote_id or row.remote_id
        s.flush()
        return row

    def patients(self) -> list[Patient]:
        with self.session_factory() as s:
            return [M.patient(r) for r in s.scalars(select(PatientRow).order_by(PatientRow.name))]

    def patient(self, patient_number: str) -> Patient:
        with self.session_factory() as s:
            row = s.scalar(select(PatientRow).where(PatientRow.patient_number == patient_number))
            if row is None:
                raise ReadingError(f"no patient with number {patient_number!r}")
            return M.patient(row)

    # ---- orders ------------------------------------------------------------------------------
    def create_order(self, patient: Patient, *, study: Study | None = None, priority: str = "ROUTINE",
                     description: str = "", ordering_doctor: str = "", ordered_at: datetime | None = None,
                     by: str = "") -> Order:
        with self.session_factory.begin() as s:
            prow = self._upsert_patient(s, patient)
            row = OrderRow(patient_id=prow.id, job_role="RIS", status=OrderStatus.ORDERED.value,
                           priority=priority.upper(), ordered_at=ordered_at or utcnow(), description=description,
                           ordering_doctor=ordering_doctor, worker_result=None, updated_at=utcnow(), dirty=True)
            s.add(row)
            s.flush()
            if study is not None:
                srow = StudyRow(order_id=row.id)
                M.fill_study(srow, study)
                s.add(srow)
            s.add(OrderHistoryRow(order_id=row.id, from_status=None, to_status=row.status, changed_by=by,
                                  changed_at=utcnow(), note="created"))
            s.flush()
            s.refresh(row)
            out = M.order(row)
        self._emit("order_created", out)
        return out

    def attach_study(self, order_id: int, study: Study) -> Order:
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            srow = row.study or StudyRow(order_id=row.id)
            M.fill_study(srow, study)
            s.add(srow)
            s.flush()
            s.refresh(row)
            return M.order(row)

    def get_order(self, order_id: int) -> Order:
        with self.session_factory() as s:
            return M.order(self._order_row(s, order_id))

    def orders(self, flt: WorklistFilter | None = None) -> list[Order]:
        """Orders matching ``flt``, newest study first."""
        with self.session_factory() as s:
            q = select(OrderRow).where(OrderRow.job_role == "RIS")
            if flt and flt.order_status:
                q = q.where(OrderRow.status == flt.order_status.upper())
            out = [M.order(r) for r in s.scalars(q).unique()]
        if flt:
            out = [o for o in out if flt.matches(o)]
        return sorted(out, key=order_day, reverse=True)

    def orders_for_study(self, study_uid: str) -> list[Order]:
        with self.session_factory() as s:
            q = select(OrderRow).join(StudyRow).where(StudyRow.study_uid == study_uid)
            return [M.order(r) for r in s.scalars(q).unique()]

    def patient_orders(self, patient_number: str) -> list[Order]:
        """The patient's imaging history, newest first."""
        with self.session_factory() as s:
            q = select(OrderRow).join(PatientRow).where(PatientRow.patient_number == patient_number)
            out = [M.order(r) for r in s.scalars(q).unique()]
        return sorted(out, key=order_day, reverse=True)

    def history(self, order_id: int) -> list[HistoryEntry]:
        with self.session_factory() as s:
            q = select(OrderHistoryRow).where(OrderHistoryRow.order_id == order_id).order_by(OrderHistoryRow.id)
            return [M.history(r) for r in s.scalars(q)]

    def change_status(self, order_id: int, new: str | OrderStatus, by: str = "", note: str = "") -> Order:
        """Move the order to ``new``; refuses illegal moves (``IllegalTransition``). Writes a history row."""
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            self._step(s, row, check_change(row.status, new), by, note)  # CONFIRMED only by signing (vocab)
            out = M.order(row)
        self._emit("status", out, {"status": out.status})
        return out

    def _step(self, s: Session, row: OrderRow, new: OrderStatus, by: str, note: str = "") -> None:
        check_transition(row.status, new)
        s.add(OrderHistoryRow(order_id=row.id, from_status=row.status, to_status=new.value, changed_by=by,
                              changed_at=utcnow(), note=note))
        row.status = new.value
        row.updated_at = utcnow()
        row.dirty = True

    # ---- reports -----------------------------------------------------------------------------
    def save_draft(self, order_id: int, report: Report, by: str = "") -> Order:
        """Store the report being written; an ORDERED/ACCEPTED order moves to IN_PROGRESS on the way."""
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            current = Report.from_worker_result(row.worker_result)
            if current.confirmed:
                raise ReportLocked("the report is signed and can no longer be edited; add an addendum instead")
            if row.status in (OrderStatus.CANCELLED, OrderStatus.CONFIRMED):
                raise ReportLocked(f"the order is {row.status}: its report cannot be edited")
            if row.status in (OrderStatus.ORDERED, OrderStatus.ACCEPTED):
                for st in path_to(row.status, OrderStatus.IN_PROGRESS):
                    self._step(s, row, st, by, "reading started")
            new = Report(findings=report.findings, impression=report.impression, tumor=dict(report.tumor),
                         work_notes=list(report.work_notes), version=current.version)
            row.worker_result = new.to_worker_result()
            row.updated_at, row.dirty = utcnow(), True
            out = M.order(row)
        self._emit("draft", out, out.report.to_worker_result())
        return out

    def submit(self, order_id: int, by: str = "") -> Order:
        """Hand the draft in for signing (IN_PROGRESS → RESULT_READY)."""
        order = self.get_order(order_id)
        if not order.report.has_content():
            raise ReadingError("the report is empty: write findings or an impression first")
        return self.change_status(order_id, OrderStatus.RESULT_READY, by, "result ready")

    def sign(self, order_id: int, by: str) -> Order:
        """Sign: the order becomes CONFIRMED, ``_confirmed`` true, and the report read-only (version 1)."""
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            rep = Report.from_worker_result(row.worker_result)
            if rep.confirmed:
                raise ReportLocked("the report is already signed")
            if not rep.has_content():
                raise ReadingError("the report is empty: write findings or an impression before signing")
            for st in path_to(row.status, OrderStatus.CONFIRMED):
                self._step(s, row, st, by, "signed" if st == OrderStatus.CONFIRMED else "")
            now = utcnow()
            signed = Report(rep.findings, rep.impression, rep.tumor, rep.work_notes, confirmed=True, signed_by=by,
                            signed_at=now, version=1)
            row.worker_result = signed.to_worker_result()
            s.add(ReportVersionRow(order_id=row.id, version=1, kind="signed", worker_result=row.worker_result,
                                   author=by, created_at=now))
            out = M.order(row)
        self._emit("signed", out, out.report.to_worker_result())
        return out

    def add_addendum(self, order_id: int, text: str, by: str) -> Order:
        """A signed report changes only by addendum: a new version; the signed text stays as it was."""
        if not text.strip():
            raise ReadingError("the addendum is empty")
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            rep = Report.from_worker_result(row.worker_result)
            if not rep.confirmed:
                raise ReadingError("only a signed report takes an addendum; edit the draft instead")
            now, version = utcnow(), rep.version + 1
            new = Report(rep.findings, rep.impression, rep.tumor, rep.work_notes, True, rep.signed_by,
                         rep.signed_at, rep.addenda + (Addendum(text.strip(), by, now, version),), version)
            row.worker_result = new.to_worker_result()
            row.updated_at, row.dirty = now, True
            s.add(ReportVersionRow(order_id=row.id, version=version, kind="addendum",
                                   worker_result=row.worker_result, author=by, created_at=now))
            out = M.order(row)
        self._emit("addendum", out, out.report.to_worker_result())
        return out

    def report_versions(self, order_id: int) -> list[ReportVersion]:
        with self.session_factory() as s:
            q = select(ReportVersionRow).where(ReportVersionRow.order_id == order_id).order_by(
                ReportVersionRow.version)
            return [ReportVersion(r.version, r.kind, Report.from_worker_result(r.worker_result), r.author,
                                  r.created_at) for r in s.scalars(q)]

    # ---- sync --------------------------------------------------------------------------------
    def upsert_from_remote(self, remote: RemoteOrder) -> tuple[str, Order]:
        """Merge an order pulled from the CDSS. Returns (outcome, order); outcome is ``created``,
        ``updated``, ``unchanged`` or ``conflict``. Local unsynced edits (``dirty``) and a locally signed
        report are never overwritten: a differing remote report is stored as a ``Conflict``.
        Emits no change event (nothing local to push)."""
        with self.session_factory.begin() as s:
            prow = self._upsert_patient(s, remote.patient)
            row = s.scalar(select(OrderRow).where(OrderRow.remote_id == remote.remote_id))
            outcome = "updated"
            if row is None:
                row = OrderRow(remote_id=remote.remote_id, job_role="RIS", dirty=False, patient_id=prow.id,
                               status=parse_status(remote.status).value)
                s.add(row)
                s.flush()
                s.add(OrderHistoryRow(order_id=row.id, from_status=None, to_status=row.status, changed_by="sync",
                                      changed_at=utcnow(), note="pulled from CDSS"))
                outcome = "created"
            row.patient_id = prow.id
            row.priority, row.ordered_at = remote.priority.upper(), remote.ordered_at
            row.description, row.ordering_doctor = remote.description, remote.ordering_doctor
            local = Report.from_worker_result(row.worker_result)
            remote_rep = Report.from_worker_result(remote.worker_result)
            same = local.content() == remote_rep.content() and local.confirmed == remote_rep.confirmed
            if outcome != "created" and not same and (row.dirty or (local.confirmed and not remote_rep.confirmed)):
                s.add(ConflictRow(order_id=row.id, local=row.worker_result or {}, remote=remote.worker_result or {},
                                  detected_at=utcnow(), resolved=False))
                outcome = "conflict"
            elif outcome == "created" or not row.dirty:
                if outcome != "created" and same and row.status == parse_status(remote.status).value:
                    outcome = "unchanged"
                if row.status != parse_status(remote.status).value:
                    s.add(OrderHistoryRow(order_id=row.id, from_status=row.status,
                                          to_status=parse_status(remote.status).value, changed_by="sync",
                                          changed_at=utcnow(), note="changed in CDSS"))
                    row.status = parse_status(remote.status).value
                row.worker_result = remote.worker_result
            if remote.study is not None:
                srow = row.study or StudyRow(order_id=row.id)
                M.fill_study(srow, remote.study)
                s.add(srow)
            if outcome != "conflict" and remote.version is not None:
                row.remote_version = remote.version
            row.updated_at = utcnow()
            s.flush()
            s.refresh(row)
            return outcome, M.order(row)

    def dirty_orders(self) -> list[Order]:
        """Orders with local changes not yet pushed."""
        with self.session_factory() as s:
            return [M.order(r) for r in s.scalars(select(OrderRow).where(OrderRow.dirty.is_(True))).unique()]

    def mark_synced(self, order_id: int, remote_id: str | None = None, remote_version: int | None = None) -> Order:
        """The sync layer pushed the order's changes: clear ``dirty``; record the CDSS id and row version."""
        with self.session_factory.begin() as s:
            row = self._order_row(s, order_id)
            row.dirty = False
            if remote_id:
                row.remote_id = remote_id
            if remote_version is not None:
                row.remote_version = remote_version
            return M.order(row)

    def conflicts(self, unresolved_only: bool = True) -> list[Conflict]:
        with self.session_factory() as s:
            q = select(ConflictRow).order_by(ConflictRow.id)
            if unresolved_only:
                q = q.where(ConflictRow.resolved.is_(False))
            return [M.conflict(r) for r in s.scalars(q)]

    def resolve_conflict(self, conflict_id: int, keep: str, by: str = "") -> Order:
        """``keep='local'`` keeps the workstation's report; ``'remote'`` takes the CDSS one (if the local one
        is not signed)."""
        with self.session_factory.begin() as s:
            c = s.get(ConflictRow, conflict_id)
            if c is None:
                raise ReadingError(f"no conflict {conflict_id}")
            row = self._order_row(s, c.order_id)
            if keep == "remote":
                if Report.from_worker_result(row.worker_result).confirmed:
                    raise ReportLocked("the local report is signed; it cannot be replaced")
                row.worker_result = dict(c.remote)
                row.dirty = False
            elif keep != "local":
                raise ReadingError("keep must be 'local' or 'remote'")
            c.resolved = True
            out = M.order(row)
        return out

    @staticmethod
    def _order_row(s: Session, order_id: int) -> OrderRow:
        row = s.get(OrderRow, order_id)
        if row is None:
            raise OrderNotFound(f"no order {order_id}")
        return row


def order_day(o: Order):
    from datetime import date
    if o.study and o.study.study_date:
        return o.study.study_date
    return o.ordered_at.date() if o.ordered_at else date.min
