"""``SyncClient``: the workstation's handle on the CDSS sync service.

Pulls (``pull_worklist``, ``pull_orders``, ``pull_patients``) fetch from the service and refresh the local
cache; the ``cached_*`` methods answer from the cache when offline. Changes go through ``enqueue`` into the
durable outbox and reach the service on ``drain`` (call it from a worker thread). ``state()`` is what the
user sees; ``conflicts()`` / ``resolve_conflict()`` let the user pick between a refused local change and the
server's copy. Network calls block: run pulls and drains off the GUI thread.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
from sqlalchemy import Engine, create_engine, delete, event, func, select
from sqlalchemy.orm import sessionmaker

from sync.client.access import AuditHeadSource, TokenKeeper, report_audit_head
from sync.client.backoff import Backoff
from sync.client.local_models import CachedRow, ClientBase, ConflictCopy, OutboxItem
from sync.client.mapping import (KIND_ROUTES, ai_result_record, conflict_record, order_record, patient_record,
                                 study_record, utcnow)
from sync.client.outbox import Outbox, add_item, record_error, record_success, state_row
from sync.schema.records import (AIResultRecord, ConflictRecord, DrainReport, OrderRecord, PatientRecord,
                                 StudyRecord, SyncState)


def local_engine(url: str) -> Engine:
    """An engine for a local database URL; SQLite gets the workstation's settings (WAL journal,
    ``synchronous=NORMAL``: a commit survives a crash of the program, usable from worker threads)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if ":memory:" not in url:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


#: a token closer than this to its expiry is exchanged for a fresh one at the next drain
TOKEN_REFRESH_MARGIN = timedelta(hours=2)

#: how far back an incremental pull re-reads (rows already cached at the same version are dropped)
PULL_OVERLAP = timedelta(seconds=30)


class SyncError(Exception):
    """The service refused a request (message is the service's, for the user)."""


class SyncUnavailable(SyncError):
    """The service cannot be reached; work on from the local cache."""


class SyncClient:
    def __init__(self, local: Engine | str, base_url: str, token: str, *, backoff: Backoff | None = None,
                 timeout: float = 15.0, transport: httpx.BaseTransport | None = None, push_workers: int = 4):
        """``local``: the workstation's local database (engine or URL); the client creates its ``sync_*``
        tables there. ``token``: the user's API token (its role decides what the service returns).
        ``push_workers``: how many rows ``drain`` pushes in parallel (each row's changes stay in order)."""
        if isinstance(local, str):
            local = local_engine(local)
        self.engine = local
        ClientBase.metadata.create_all(local)
        self._sessions = sessionmaker(bind=local, expire_on_commit=False)
        with self._sessions.begin() as s:
            state_row(s)  # created once here, so parallel pushes never race to create it
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=httpx.Timeout(timeout, connect=3.0),
                                  headers={"Authorization": f"Token {token}"}, transport=transport)
        self.outbox = Outbox(self._sessions, self._http, backoff or Backoff(), push_workers)
        self._pull_lock = threading.Lock()
        #: token lifetime: ``tokens.refresh()``, ``tokens.logout()``; set ``tokens.on_token`` to store a new one
        self.tokens = TokenKeeper(self._http)
        #: set by the workstation: each ``drain`` then reports its audit log's chain head to the service
        self.audit_source: AuditHeadSource | None = None
        self.last_audit_report: dict[str, Any] | None = None

    # ---- pulls (worker thread) -------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            resp = self._http.get(path, params=params)
        except httpx.TransportError as exc:
            self._note_error(f"service unreachable: {type(exc).__name__}: {exc}")
            raise SyncUnavailable(f"the CDSS service cannot be reached ({type(exc).__name__})") from exc
        if resp.status_code >= 500:
            self._note_error(f"service answered {resp.status_code}")
            raise SyncUnavailable(f"the CDSS service is unavailable ({resp.status_code})")
        if not resp.is_success:
            try:
                detail = resp.json().get("detail", resp.text)
            except ValueError:
                detail = resp.text
            raise SyncError(f"{resp.status_code}: {detail}")
        return resp.json()

    def _pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = self._get(path, params)
        out.extend(page["results"])
        while page.get("next"):
            page = self._get(page["next"])
            out.extend(page["results"])
        return out

    def _cache(self, kind: str, rows: list[dict[str, Any]], *, replace_all: bool = False) -> None:
        now = utcnow()
        with self._sessions.begin() as s:
            if replace_all:
                s.execute(delete(CachedRow).where(CachedRow.kind == kind))
            for start in range(0, len(rows), 500):
                chunk = rows[start:start + 500]
                if not replace_all:
                    s.execute(delete(CachedRow).where(CachedRow.kind == kind,
                                                      CachedRow.id.in_([r["id"] for r in chunk])))
                s.execute(CachedRow.__table__.insert(), [
                    {"kind": kind, "id": r["id"], "data": r, "version": r.get("version", 0), "pulled_at": now,
                     "pulled_version": r.get("version", 0)}
                    for r in chunk])
            record_success(s)

    def _changed_only(self, kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Drop rows an earlier pull already handed out at the same version."""
        with self._sessions() as s:
            known: dict[int, int] = {}
            for start in range(0, len(rows), 500):
                ids = [r["id"] for r in rows[start:start + 500]]
                known.update(s.execute(select(CachedRow.id, CachedRow.pulled_version)
                                       .where(CachedRow.kind == kind, CachedRow.id.in_(ids))).all())
        return [r for r in rows if known.get(r["id"]) != r.get("version")]

    def pull_patients(self) -> list[PatientRecord]:
        """All patients (worker thread)."""
        rows = self._pages("/api/patients/", {"page_size": 1000})
        self._cache("patient", rows, replace_all=True)
        return [patient_record(r) for r in rows]

    def pull_worklist(self, report_status: Literal["none", "draft", "signed"] | None = None,
                      patient_id: int | None = None, ordering: str = "-study_date") -> list[StudyRecord]:
        """Imaging studies with their reading status: ``none`` unread, ``draft`` being read, ``signed``
        (worker thread)."""
        params: dict[str, Any] = {"ordering": ordering, "page_size": 1000}
        if report_status == "none":
            params["has_report"] = "false"
        elif report_status:
            params["report_status"] = report_status
        if patient_id:
            params["patient_id"] = patient_id
        rows = self._pages("/api/imaging/studies/", params)
        self._cache("study", rows)
        return [study_record(r) for r in rows]

    def pull_orders(self, since: datetime | None = None, *, full: bool = False) -> list[OrderRecord]:
        """Orders changed since ``since`` (default: since the last pull; ``full``: all), oldest change first.
        Remembers where it stopped, so the next call only fetches newer changes (worker thread)."""
        with self._pull_lock:
            with self._sessions() as s:
                st = state_row(s)
                cursor_time = st.orders_cursor_time
            params: dict[str, Any] = {"page_size": 1000}
            incremental = since is None and not full and cursor_time is not None
            if since is not None:
                params["updated_since"] = since.isoformat()
            elif incremental:
                # re-read a short overlap: a write stamped just before the last pull may have committed after it
                params["updated_since"] = (datetime.fromisoformat(cursor_time) - PULL_OVERLAP).isoformat()
            fetched = self._pages("/api/ocs/", params)
            rows = self._changed_only("order", fetched) if incremental else fetched
            self._cache("order", rows)
            if fetched:
                with self._sessions.begin() as s:
                    st = state_row(s)
                    st.orders_cursor_time, st.orders_cursor_id = fetched[-1]["updated_at"], fetched[-1]["id"]
            return [order_record(r) for r in rows]

    def pull_ai_results(self, patient_id: int) -> list[AIResultRecord]:
        """A patient's AI results of every model (M1, MG, MM), newest first; cached for offline reading
        (worker thread)."""
        rows = self._get("/api/ai/results/", {"patient_id": int(patient_id)})["results"]
        self._cache("ai_result", rows)
        return [ai_result_record(r) for r in rows]

    # ---- the local cache (any thread) ----------------------------------------------------------------

    def cached_ai_results(self, patient_id: int) -> list[AIResultRecord]:
        """The patient's AI results as last pulled (a review pushed since updates them), newest first."""
        rows = [d for d in self._cached("ai_result") if d.get("patient_id") == int(patient_id)]
        rows.sort(key=lambda d: (d.get("requested_at") or "", d["id"]), reverse=True)
        return [ai_result_record(d) for d in rows]

    def _cached(self, kind: str) -> list[dict[str, Any]]:
        with self._sessions() as s:
            return [r.data for r in s.scalars(select(CachedRow).where(CachedRow.kind == kind).order_by(CachedRow.id))]

    def cached_orders(self) -> list[OrderRecord]:
        return [order_record(d) for d in self._cached("order")]

    def cached_worklist(self) -> list[StudyRecord]:
        return [study_record(d) for d in self._cached("study")]

    def cached_patients(self) -> list[PatientRecord]:
        return [patient_record(d) for d in self._cached("patient")]

    def cached_order(self, order_id: int) -> OrderRecord | None:
        with self._sessions() as s:
            row = s.get(CachedRow, ("order", order_id))
            return order_record(row.data) if row else None

    # ---- pushes ----------------------------------------------------------------------------------------

    def enqueue(self, kind: str, entity_id: int | None, payload: dict[str, Any], base_version: int | None = None,
                *, after: int | None = None) -> int:
        """Queue a change (``status``, ``report``, ``measurement`` on an order; ``ai_review`` on an AI result;
        ``ai_request`` for a patient, ``ai_result`` on a request) made on top of ``base_version`` of the server
        row. ``after``: the outbox id of an item whose server id (not known yet) is this change's row — an AI
        run's ``ai_result`` after its ``ai_request``, a review after that ``ai_result``; it is sent once that
        item is applied. Works offline; returns the outbox id."""
        return self.outbox.enqueue(kind, entity_id, payload, base_version, after)

    def drain(self, cancel: threading.Event | None = None, *, ignore_backoff: bool = False,
              max_items: int | None = None) -> DrainReport:
        """Push queued changes (worker thread). ``cancel`` is checked between items. The token is refreshed
        first when it is close to running out and ``tokens.on_token`` is set to store the new one; the audit
        chain's head is reported after (``audit_source``)."""
        if self.tokens.on_token is not None:  # only when the caller keeps the new token (the old one is revoked)
            try:
                self.tokens.ensure_fresh(TOKEN_REFRESH_MARGIN)
            except (httpx.HTTPError, SyncError) as exc:
                self._note_error(f"token check failed: {exc}")
        report = self.outbox.drain(cancel, ignore_backoff=ignore_backoff, max_items=max_items)
        if self.audit_source is not None:
            try:
                self.last_audit_report = report_audit_head(self._http, self.audit_source)
            except httpx.HTTPError as exc:
                self._note_error(f"audit head not reported: {exc}")
        return report

    def retry_failed(self) -> int:
        return self.outbox.retry_failed()

    def failed_items(self) -> list[dict[str, Any]]:
        with self._sessions() as s:
            rows = s.scalars(select(OutboxItem).where(OutboxItem.status == "failed").order_by(OutboxItem.id))
            return [{"id": r.id, "kind": r.kind, "entity_id": r.entity_id, "payload": r.payload,
                     "error": r.last_error} for r in rows]

    def unsettled_orders(self) -> set[int]:
        """Server ids of orders with queued changes not yet applied: pending, failed or in an open conflict."""
        order_kinds = [k for k, r in KIND_ROUTES.items() if r[0] == "order"]
        with self._sessions() as s:
            ids = set(s.scalars(select(OutboxItem.entity_id).where(
                OutboxItem.kind.in_(order_kinds), OutboxItem.status.in_(("pending", "failed")))))
            ids |= set(s.scalars(select(ConflictCopy.entity_id).where(
                ConflictCopy.kind.in_(order_kinds), ConflictCopy.resolved_at.is_(None))))
        return ids

    def state(self) -> SyncState:
        with self._sessions() as s:
            st = state_row(s)
            counts = dict(s.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status)).all())
            open_conflicts = s.scalar(select(func.count()).select_from(ConflictCopy)
                                      .where(ConflictCopy.resolved_at.is_(None)))
            online = st.last_error_at is None or (st.last_success is not None and st.last_success > st.last_error_at)
            return SyncState(pending=counts.get("pending", 0), conflicts=open_conflicts, failed=counts.get("failed", 0),
                             last_success=st.last_success, last_error=st.last_error, last_error_at=st.last_error_at,
                             online=online)

    def _note_error(self, message: str) -> None:
        with self._sessions.begin() as s:
            record_error(s, message)

    # ---- conflicts --------------------------------------------------------------------------------------

    def conflicts(self, include_resolved: bool = False) -> list[ConflictRecord]:
        with self._sessions() as s:
            stmt = select(ConflictCopy).order_by(ConflictCopy.id)
            if not include_resolved:
                stmt = stmt.where(ConflictCopy.resolved_at.is_(None))
            return [conflict_record(c) for c in s.scalars(stmt)]

    def resolve_conflict(self, conflict_id: int, choice: Literal["mine", "theirs", "merged"],
                         merged_payload: dict[str, Any] | None = None) -> int | None:
        """Settle a conflict. ``theirs``: keep the server's copy. ``mine``: send the local change again on top
        of the server's version. ``merged``: send ``merged_payload`` instead. Both copies stay on record.
        Returns the new outbox id (None for ``theirs``)."""
        if choice not in ("mine", "theirs", "merged"):
            raise ValueError("choice must be 'mine', 'theirs' or 'merged'")
        if choice == "merged" and not merged_payload:
            raise ValueError("a merged resolution needs the merged payload")
        with self._sessions.begin() as s:
            c = s.get(ConflictCopy, conflict_id)
            if c is None or c.resolved_at is not None:
                raise ValueError(f"no open conflict {conflict_id}")
            c.resolved_at, c.resolution = utcnow(), choice
            if choice == "theirs":
                return None
            payload = dict(c.local_payload if choice == "mine" else merged_payload)
            c.followup_outbox_id = add_item(s, c.kind, c.entity_id, payload, c.server_copy.get("version"))
            return c.followup_outbox_id

    def prune(self, older_than: timedelta = timedelta(days=30)) -> int:
        """Delete outbox items applied longer ago than ``older_than`` (pending, failed and conflicting items
        and every conflict copy are kept); returns how many were removed."""
        with self._sessions.begin() as s:
            return s.execute(delete(OutboxItem).where(OutboxItem.status == "done",
                                                      OutboxItem.applied_at < utcnow() - older_than)).rowcount

    def close(self) -> None:
        self._http.close()
