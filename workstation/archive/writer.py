"""Store prepared instances: de-duplicate by SOP Instance UID, write files durably, then commit rows.

One ``BatchWriter`` per archive; its lock serialises writers inside this process, the database's
unique constraints guard against other processes. Files are always durable before their rows commit.
``pending`` holds the SOP Instance UIDs a ``ReceiveQueue`` acknowledged but has not committed yet
(uid -> the instance): every duplicate/conflict check in this process sees them as if committed.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from .outcome import DUPLICATE, FAILED, QUARANTINED, STORED, IngestOutcome
from .prepare import PreparedInstance
from .rows import existing_instances, insert_batch
from .store import FileStore, content_hash

log = logging.getLogger(__name__)

#: MySQL/MariaDB errors that say "try restarting transaction": deadlock victim, lock wait timeout
RESTARTABLE = {1213, 1205}
RESTARTS = 4


def _restartable(exc: OperationalError) -> bool:
    args = getattr(getattr(exc, "orig", None), "args", ())
    return bool(args) and args[0] in RESTARTABLE


class BatchWriter:
    def __init__(self, engine: Engine, store: FileStore, fsync_threads: int = 4):
        self.engine = engine
        self.store = store
        self.lock = threading.RLock()
        self.pending: dict[str, PreparedInstance] = {}
        self.pending_lock = threading.Lock()
        self._lookup_conn = None  # raw DBAPI connection for ``reserve``'s one-row look-up (under pending_lock)
        self._pool = ThreadPoolExecutor(max_workers=fsync_threads, thread_name_prefix="archive-fsync")

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self.pending_lock:
            self._drop_lookup_conn()

    def _drop_lookup_conn(self) -> None:
        if self._lookup_conn is not None:
            try:
                self._lookup_conn.close()
            except Exception:  # noqa: BLE001 - a dead connection: nothing to give back
                pass
            self._lookup_conn = None

    def _stored_hash(self, uid: str) -> str | None:
        """Content hash of the committed row holding ``uid``, or ``None``. Caller holds ``pending_lock``.
        One plain DBAPI query on a kept connection (the receiver asks once per instance)."""
        try:
            if self._lookup_conn is None:
                self._lookup_conn = self.engine.raw_connection()
            mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
            cur = self._lookup_conn.cursor()
            try:
                cur.execute(f"SELECT content_hash FROM archive_instance WHERE sop_instance_uid = {mark}", (uid,))
                row = cur.fetchone()
            finally:
                cur.close()
            self._lookup_conn.rollback()  # never keep a snapshot open (MariaDB REPEATABLE READ)
            return row[0] if row else None
        except Exception:  # connection lost: drop it, ask once more the ordinary way
            self._drop_lookup_conn()
            with self.engine.connect() as conn:
                found = existing_instances(conn, [uid])
            return found[uid][0] if uid in found else None

    def _quarantine(self, p: PreparedInstance, why: str) -> IngestOutcome:
        path = self.store.quarantine(p.header.sop_instance_uid, p.data)
        return IngestOutcome(QUARANTINED, p.header.sop_instance_uid,
                             f"{why}; new copy kept in quarantine, stored copy untouched", p.source, str(path))

    def _duplicate(self, p: PreparedInstance) -> IngestOutcome:
        return IngestOutcome(DUPLICATE, p.header.sop_instance_uid, "already in the archive", p.source,
                             str(self.store.absolute(p.relative_path)))

    def _against_existing(self, p: PreparedInstance, stored_hash: str) -> IngestOutcome:
        if stored_hash == p.ensure_hash():
            return self._duplicate(p)
        return self._quarantine(p, "same SOP Instance UID with different content")

    def reserve(self, p: PreparedInstance) -> IngestOutcome | None:
        """Claim ``p``'s SOP Instance UID for a receiver: ``None`` when it is new (now pending), else the
        outcome (duplicate / quarantined) against the committed row or the pending instance. Thread-safe."""
        uid = p.header.sop_instance_uid
        with self.pending_lock:  # held over the database look-up: a commit cannot slip between the two
            other = self.pending.get(uid)
            held = self._stored_hash(uid) if other is None else None
            if other is None and held is None:
                self.pending[uid] = p
                return None
        return self._against_existing(p, held if other is None else other.ensure_hash())

    def release(self, uids) -> None:
        """Drop pending reservations (their rows are committed, or given up to recovery)."""
        with self.pending_lock:
            for uid in uids:
                self.pending.pop(uid, None)

    def reject(self, p: PreparedInstance) -> IngestOutcome:
        """An instance ``validate`` refused (``p.problem``): kept in quarantine with its reason, never
        stored; the outcome is ``failed``. Thread-safe."""
        path = self.store.quarantine_invalid(p.data, p.problem or "invalid")
        return IngestOutcome(FAILED, p.header.sop_instance_uid,
                             f"{p.problem}; kept in quarantine, not stored", p.source, str(path))

    def quarantine(self, p: PreparedInstance, why: str) -> IngestOutcome:
        return self._quarantine(p, why)

    def commit_rows(self, prepared: list[PreparedInstance], outcomes: list, known_ids: dict | None = None) -> None:
        """Commit rows for ``prepared`` whose files are durable (one transaction; one by one when another
        writer got some first). Fills ``outcomes``. ``known_ids``: the caller's primary-key cache (see
        ``rows.insert_batch``; cleared here whenever a transaction fails). Thread-safe."""
        with self.lock:
            self._commit_rows(prepared, list(range(len(prepared))), outcomes, known_ids)

    def place_file(self, p: PreparedInstance, sync: bool, dirs: set, temp=None, leave_temp: list | None = None) -> str:
        return self._place_file(p, sync, dirs, temp, leave_temp)

    def _place_file(self, p: PreparedInstance, sync: bool, dirs: set, temp=None, leave_temp=None) -> str:
        """Put the file on its path unless a file is there already. ``"new"``, ``"same"`` or ``"different"``.
        ``temp``: a ``FileStore.new_temp()`` to write into (consumed either way); ``leave_temp``: see
        ``FileStore.write``."""
        final = self.store.absolute(p.relative_path)
        try:  # (no exists() first: the write never replaces a file, it raises FileExistsError)
            self.store.write(p.relative_path, p.data, sync=sync, dirs_to_sync=dirs, temp=temp,
                             leave_temp=leave_temp)
            return "new"
        except FileExistsError:  # a file is there already (a row-less copy, or another process's)
            pass
        try:
            same = content_hash(final.read_bytes()) == p.ensure_hash()
        except OSError:
            same = False
        return "same" if same else "different"

    def write_batch(self, prepared: list[PreparedInstance], sync_each: bool = False) -> list[IngestOutcome]:
        """Store a batch; one outcome per item, in order. Durable when it returns. Thread-safe.

        ``sync_each``: fsync every file as it is written (single-instance path); otherwise write all
        files, fsync them together, then commit all rows in one transaction (import path).
        """
        outcomes: list[IngestOutcome | None] = [None] * len(prepared)
        with self.lock:
            with self.engine.connect() as conn:
                existing = existing_instances(conn, [p.header.sop_instance_uid for p in prepared
                                                     if not p.problem])
            with self.pending_lock:  # acknowledged by a receiver, row not committed yet
                for p in prepared:
                    uid = p.header.sop_instance_uid
                    if not p.problem and uid in self.pending and uid not in existing:
                        existing[uid] = (self.pending[uid].ensure_hash(), p.relative_path)
            first: dict[str, int] = {}
            candidates: list[int] = []
            for i, p in enumerate(prepared):
                uid = p.header.sop_instance_uid
                if p.problem:
                    outcomes[i] = self.reject(p)
                elif uid in existing:
                    outcomes[i] = self._against_existing(p, existing[uid][0])
                elif uid in first:
                    outcomes[i] = self._against_existing(p, prepared[first[uid]].ensure_hash())
                else:
                    first[uid] = i
                    candidates.append(i)
            dirs: set = set()
            syncing: list = []  # fsyncs start as soon as each file is written, overlapping the next writes
            ready: list[int] = []
            for i in candidates:
                p = prepared[i]
                placed = self._place_file(p, sync_each, dirs)
                if placed == "different":  # a file with no row yet: another writer's, keep it
                    outcomes[i] = self._quarantine(p, "same SOP Instance UID with different content")
                    continue
                if placed == "new" and not sync_each:
                    syncing.append(self._pool.submit(FileStore.fsync_file, self.store.absolute(p.relative_path)))
                ready.append(i)
            if syncing:
                for fut in syncing:
                    fut.result()
                FileStore.sync_dirs(dirs)
            self._commit_rows(prepared, ready, outcomes)
        return outcomes  # type: ignore[return-value]

    def _commit_rows(self, prepared, ready: list[int], outcomes: list, known_ids: dict | None = None) -> None:
        if not ready:
            return
        try:
            self._insert([prepared[i] for i in ready], known_ids)
            for i in ready:
                outcomes[i] = self._stored(prepared[i])
            return
        except IntegrityError:
            pass  # another process stored some of them meanwhile: go one by one
        finally:
            if known_ids is not None and any(outcomes[i] is None for i in ready):
                known_ids.clear()  # the transaction failed: its new keys were never committed
        for i in ready:
            p = prepared[i]
            try:
                self._insert([p])
                outcomes[i] = self._stored(p)
            except IntegrityError:
                with self.engine.connect() as conn:
                    found = existing_instances(conn, [p.header.sop_instance_uid])
                if p.header.sop_instance_uid not in found:
                    raise
                outcomes[i] = self._against_existing(p, found[p.header.sop_instance_uid][0])

    def _insert(self, items: list[PreparedInstance], known_ids: dict | None = None) -> None:
        """One transaction inserting ``items``' rows, run again (a few times) when the database rolled it
        back to break a deadlock or a lock wait with another writer (another process on the same MySQL)."""
        for attempt in range(RESTARTS + 1):
            try:
                with self.engine.begin() as conn:
                    insert_batch(conn, items, known_ids)
                return
            except OperationalError as exc:
                if known_ids is not None:
                    known_ids.clear()  # keys read or made in the rolled-back transaction
                if not _restartable(exc) or attempt == RESTARTS:
                    raise
                log.info("archive rows: %s; running the transaction again", exc.orig)
                time.sleep(0.05 * (attempt + 1))

    def _stored(self, p: PreparedInstance) -> IngestOutcome:
        return IngestOutcome(STORED, p.header.sop_instance_uid, "", p.source,
                             str(self.store.absolute(p.relative_path)))

