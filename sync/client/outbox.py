"""The durable outbox: local changes are rows first, then pushed in order with their idempotency key.

Rules: the items of one server row go strictly in creation order (different rows in parallel); a transport
error or 5xx stops the pass and schedules the next attempt with exponential backoff (no item is sent before
it); a 2xx marks the item done and rebases the later items of the same row onto the new version; a 409 keeps
the local change as a conflict copy beside the server's; any other 4xx marks the item failed (kept, visible,
retryable), never dropped.

Dependent items (an AI run's request → its result → the result's review): a kind of ``AFTER_FIELD`` may be
queued ``after`` an item whose server id is not known yet; it waits (entity id ``-after``, never sent) until
that item is applied, then takes its entity id from the reply. When that item is refused, so are the items
waiting on it (with the reason; ``retry_failed`` puts them all back).
"""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from sync.client.backoff import Backoff
from sync.client.local_models import CachedRow, ConflictCopy, OutboxItem, SyncStateRow
from sync.client.mapping import AFTER_FIELD, KIND_ROUTES, utcnow
from sync.schema.records import DrainReport

TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
SCAN = 1000  # pending items looked at per round
GO, STOP = "go", "stop"


def state_row(s: Session) -> SyncStateRow:
    row = s.get(SyncStateRow, 1)
    if row is None:
        row = SyncStateRow(id=1, orders_cursor_id=0)
        s.add(row)
        s.flush()
    return row


def record_success(s: Session, at=None) -> None:
    state_row(s).last_success = at or utcnow()


def record_error(s: Session, message: str) -> None:
    row = state_row(s)
    row.last_error, row.last_error_at = message[:2000], utcnow()


def upsert_cache(s: Session, kind: str, data: dict[str, Any]) -> None:
    """Store the newest server copy of a row (keeps its ``pulled_version``)."""
    t = CachedRow.__table__
    key = (t.c.kind == kind) & (t.c.id == data["id"])
    values = {"data": data, "version": data.get("version", 0), "pulled_at": utcnow()}
    if s.execute(update(t).where(key).values(**values)).rowcount == 0:
        s.execute(t.insert().values(kind=kind, id=data["id"], **values))


def add_item(s: Session, kind: str, entity_id: int | None, payload: dict[str, Any], base_version: int | None,
             after: int | None = None) -> int:
    """Add a pending item in the caller's transaction; returns its id. ``after``: the outbox id of the item
    whose server id (``AFTER_FIELD[kind]`` of its reply) is this item's entity (``entity_id`` is then ignored)."""
    if kind not in KIND_ROUTES:
        raise ValueError(f"unknown outbox kind {kind!r}; one of {', '.join(KIND_ROUTES)}")
    if "base_version" in payload:
        raise ValueError("pass base_version as its own argument, not in the payload")
    if after is not None:
        entity_id = _entity_after(s, kind, after)
    elif entity_id is None or int(entity_id) < 1:
        raise ValueError(f"an outbox item needs the server id of its row, got {entity_id!r}")
    item = OutboxItem(idem_key=uuid.uuid4().hex, kind=kind, entity_id=int(entity_id), payload=dict(payload),
                      base_version=base_version, status="pending", attempts=0, created_at=utcnow())
    s.add(item)
    s.flush()
    return item.id


def _entity_after(s: Session, kind: str, after: int) -> int:
    """The entity id of an item queued after item ``after``: its server id once applied, else ``-after``."""
    if kind not in AFTER_FIELD:
        raise ValueError(f"{kind!r} items cannot wait for another item")
    prior = s.get(OutboxItem, after)
    if prior is None:
        raise ValueError(f"no outbox item {after} to queue after")
    if prior.status != "done":
        return -prior.id
    server_id = (prior.response or {}).get(AFTER_FIELD[kind])
    if server_id is None:
        raise ValueError(f"outbox item {after} ({prior.kind}) has no {AFTER_FIELD[kind]} to go on from")
    return int(server_id)


def fail_waiting(s: Session, item_id: int, reason: str) -> int:
    """Mark the items waiting on item ``item_id`` (and on those, ...) failed with ``reason``; returns how many."""
    t, failed, ids = OutboxItem.__table__, 0, [item_id]
    while ids:
        waiting = list(s.scalars(select(OutboxItem.id).where(OutboxItem.status == "pending",
                                                             OutboxItem.entity_id.in_([-i for i in ids]))))
        if waiting:
            s.execute(update(t).where(t.c.id.in_(waiting)).values(status="failed", last_error=reason[:2000]))
        failed += len(waiting)
        ids = waiting
    return failed


class Outbox:
    def __init__(self, sessions: sessionmaker[Session], http: httpx.Client, backoff: Backoff, workers: int = 4):
        self._sessions, self._http, self._backoff = sessions, http, backoff
        self._workers = max(1, workers)
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._last_ok = None  # when the service last accepted an item in the running pass
        self._offline: str | None = None  # why the running pass found the service away

    def enqueue(self, kind: str, entity_id: int | None, payload: dict[str, Any], base_version: int | None,
                after: int | None = None) -> int:
        with self._sessions.begin() as s:
            return add_item(s, kind, entity_id, payload, base_version, after)

    def drain(self, cancel: threading.Event | None = None, ignore_backoff: bool = False,
              max_items: int | None = None) -> DrainReport:
        """Push pending items until none is left, the service is away, ``cancel`` is set or ``max_items`` were
        handled. Items of one server row go strictly in order; different rows go in parallel on up to
        ``workers`` threads. Runs on a worker thread (blocking HTTP); one pass at a time per client."""
        report = DrainReport()
        stop = threading.Event()
        with self._lock:
            waiting = self._retry_at()
            if waiting is not None and not ignore_backoff and waiting > utcnow():
                report.error = f"waiting to retry until {waiting:%H:%M:%S} UTC"
            else:
                while not stop.is_set():
                    with self._sessions() as s:
                        rows = s.execute(select(OutboxItem.id, OutboxItem.kind, OutboxItem.entity_id)
                                         .where(OutboxItem.status == "pending", OutboxItem.entity_id > 0)
                                         .order_by(OutboxItem.id)
                                         .limit(SCAN)).all()
                    if not rows:
                        break
                    groups: dict[tuple[str, int], list[int]] = {}
                    for item_id, kind, entity_id in rows:
                        groups.setdefault((KIND_ROUTES[kind][0], entity_id), []).append(item_id)
                    run = lambda ids: self._run_group(ids, report, stop, cancel, max_items)  # noqa: E731
                    if self._workers == 1 or len(groups) == 1:
                        for ids in groups.values():
                            run(ids)
                    else:
                        with ThreadPoolExecutor(min(self._workers, len(groups)), "sync-push") as pool:
                            list(pool.map(run, groups.values()))
            if self._last_ok is not None:
                with self._sessions.begin() as s:
                    record_success(s, self._last_ok)
                    if stop.is_set() and self._offline is not None:
                        # a parallel push succeeded just before the service went: the last word is "away"
                        record_error(s, self._offline)
                self._last_ok = None
            self._offline = None
            report.remaining = self.count("pending")
        return report

    def _retry_at(self):
        with self._sessions() as s:
            return s.scalar(select(func.max(OutboxItem.next_attempt_at)).where(OutboxItem.status == "pending"))

    def _run_group(self, ids: list[int], report: DrainReport, stop: threading.Event,
                   cancel: threading.Event | None, max_items: int | None) -> None:
        """Push one row's items in order (worker thread); sets ``stop`` when the pass must end."""
        for item_id in ids:
            if stop.is_set():
                return
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                stop.set()
                return
            with self._count_lock:
                if max_items is not None and report.applied + report.conflicts + report.failed >= max_items:
                    stop.set()
                    return
            with self._sessions() as s:  # re-read: an earlier item of this row may have rebased it
                item = s.get(OutboxItem, item_id)
            if item is None or item.status != "pending":
                continue
            if self._push(item, report) == STOP:
                stop.set()
                return

    def _push(self, item: OutboxItem, report: DrainReport) -> str:
        """Send one item; returns GO (next item) or STOP (the service is away)."""
        cache_kind, method, path = KIND_ROUTES[item.kind]
        body = dict(item.payload)
        if item.base_version is not None:
            body["base_version"] = item.base_version
        try:
            resp = self._http.request(method, path.format(id=item.entity_id), json=body,
                                      headers={"Idempotency-Key": item.idem_key})
        except httpx.TransportError as exc:
            self._retry_later(item, f"service unreachable: {type(exc).__name__}: {exc}", report)
            return STOP
        detail = _detail(resp)
        if resp.is_success:
            self._applied(item, cache_kind, resp.json())
            with self._count_lock:
                report.applied += 1
            return GO
        if resp.status_code in TRANSIENT or resp.status_code == 401:
            self._retry_later(item, f"service answered {resp.status_code}: {detail}", report)
            return STOP
        if resp.status_code == 409:
            self._conflict(item, resp.json().get("current") or {}, detail)
            with self._count_lock:
                report.conflicts += 1
            return GO
        with self._sessions.begin() as s:
            row = s.get(OutboxItem, item.id)
            row.status, row.last_error, row.attempts = "failed", f"{resp.status_code}: {detail}", row.attempts + 1
            record_error(s, f"change {item.id} ({item.kind}) refused: {detail}")
            fail_waiting(s, item.id, f"waits for change {item.id} ({item.kind}), which was refused: {detail}")
        self._last_ok = utcnow()  # refused, but the service answered: online
        with self._count_lock:
            report.failed += 1
            report.errors.append(f"{item.kind} {item.entity_id}: {detail}")
        return GO

    def _retry_later(self, item: OutboxItem, message: str, report: DrainReport) -> None:
        self._offline = message
        with self._sessions.begin() as s:
            row = s.get(OutboxItem, item.id)
            row.attempts += 1
            row.last_error = message[:2000]
            row.next_attempt_at = utcnow() + timedelta(seconds=self._backoff.delay(row.attempts))
            record_error(s, message)
        report.error = message

    def _applied(self, item: OutboxItem, cache_kind: str, body: dict[str, Any]) -> int:
        """Mark done, rebase later items of the same row, refresh the cache; returns how many were rebased."""
        new_version = body.get("version")
        rebased = 0
        t = OutboxItem.__table__
        with self._sessions.begin() as s:
            s.execute(update(t).where(t.c.id == item.id).values(
                status="done", applied_at=utcnow(), response=body, last_error=None, attempts=t.c.attempts + 1))
            if new_version is not None:
                # later local edits of the same row were made on top of this one: move them to the new version
                based_on = item.base_version if item.base_version is not None else new_version - 1
                same_row = [k for k, r in KIND_ROUTES.items() if r[0] == cache_kind]
                rebased = s.execute(update(t).where(
                    t.c.status == "pending", t.c.id > item.id, t.c.kind.in_(same_row),
                    t.c.entity_id == item.entity_id, t.c.base_version == based_on,
                ).values(base_version=new_version)).rowcount
                upsert_cache(s, cache_kind, body)
            self._resolve_waiting(s, item, body)
        self._last_ok = utcnow()  # written to sync_state once per pass
        return rebased

    @staticmethod
    def _resolve_waiting(s: Session, item: OutboxItem, body: dict[str, Any]) -> None:
        """Items queued after ``item`` take their entity id from its reply (or fail when it has none)."""
        t = OutboxItem.__table__
        for kind, field in AFTER_FIELD.items():
            waiting = (t.c.status == "pending") & (t.c.entity_id == -item.id) & (t.c.kind == kind)
            if body.get(field) is not None:
                s.execute(update(t).where(waiting).values(entity_id=int(body[field])))
            else:
                ids = list(s.scalars(select(t.c.id).where(waiting)))
                if ids:
                    s.execute(update(t).where(t.c.id.in_(ids)).values(
                        status="failed", last_error=f"change {item.id} ({item.kind}) gave no {field} to go on from"))
                    for i in ids:
                        fail_waiting(s, i, f"waits for change {i}, which could not be sent")

    def _conflict(self, item: OutboxItem, current: dict[str, Any], detail: str) -> None:
        with self._sessions.begin() as s:
            row = s.get(OutboxItem, item.id)
            row.status, row.last_error, row.attempts = "conflict", detail, row.attempts + 1
            s.add(ConflictCopy(outbox_id=item.id, kind=item.kind, entity_id=item.entity_id,
                               local_payload=item.payload, local_base_version=item.base_version,
                               server_copy=current, created_at=utcnow()))
            if current.get("id") is not None:
                upsert_cache(s, KIND_ROUTES[item.kind][0], current)
            fail_waiting(s, item.id, f"waits for change {item.id} ({item.kind}), which is in conflict: {detail}")
            record_success(s)  # the service answered: we are online

    def count(self, status: str) -> int:
        with self._sessions() as s:
            return s.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.status == status))

    def retry_failed(self) -> int:
        """Put failed items back in the queue (e.g. after a permission was fixed); returns how many."""
        with self._sessions.begin() as s:
            res = s.execute(update(OutboxItem).where(OutboxItem.status == "failed")
                            .values(status="pending", next_attempt_at=None))
            return res.rowcount


def _detail(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        return resp.text[:300] or resp.reason_phrase
    return str(data.get("detail", data))[:500] if isinstance(data, dict) else str(data)[:500]
