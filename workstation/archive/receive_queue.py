"""``ReceiveQueue``: the network receiver's store path — bytes durable before the ack, rows in batches.

A C-STORE cannot be answered before the instance is safe, but it need not wait for the database:

1. ``ingest_bytes`` (association thread): parse the header once (corrupt → failure outcome at once),
   decide duplicate/conflict by SOP Instance UID against committed rows *and* instances still queued
   here (``BatchWriter.reserve``), write the file under its final UID path (temp → rename, never
   replacing a file), queue it, answer ``stored``.
2. One writer thread per queue commits the queued rows every ``window_s`` (or ``max_batch`` instances)
   in one transaction, then releases their reservations.

``fsync`` says when the bytes are forced to disk:

- ``"instance"``: file and folder fsynced before the ack. A power cut loses nothing acknowledged.
- ``"batch"`` (default): acked once the file is in the OS page cache under its final name; the writer thread
  fsyncs the batch's files and folders *before* committing their rows. A killed process loses nothing
  (the kernel still writes the files; start-up recovery indexes files without rows); a power cut can lose
  at most the last batch window — the guarantee SQLite's ``synchronous=NORMAL`` (our database setting)
  gives, and more than Orthanc or dcmtk ``storescp`` give (they never fsync).

In both modes a row is committed only after its file is durable. Between the ack and the row commit
(≤ ``window_s`` + one commit) queries in this process wait for the queue (``Archive`` settles open
queues before reading); other processes see the row a moment later.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .outcome import QUARANTINED, STORED, IngestOutcome
from .prepare import PreparedInstance, prepare
from .store import FileStore

log = logging.getLogger(__name__)

FSYNC_MODES = ("instance", "batch")
DEFAULT_FSYNC = "batch"  # see docs/archive.md, "Durability of received instances"
SPARE_TEMPS = 16  # empty temp files created ahead by the writer thread (creating one costs ~0.2 ms here)
RETRY_S = (0.2, 0.5, 1.0, 2.0, 5.0)  # row commit retries (database briefly unreachable) before giving up


@dataclass
class _Queued:
    prepared: PreparedInstance
    new_file: bool  # we wrote it (else a same-content file without a row was already there)
    dirs: set = field(default_factory=set)  # folders whose entries changed (fsynced in batch mode)
    temps: list = field(default_factory=list)  # temp names still linked to the file, unlinked by the writer
    seq: int = 0


class ReceiveQueue:
    """Fast, durable ingest for receivers. Thread-safe: ``ingest_bytes`` from many association threads.

    Made by ``Archive.open_receive_queue(fsync=...)``; ``close()`` commits what is queued and stops the
    writer thread.
    """

    def __init__(self, writer, fsync: str = DEFAULT_FSYNC, window_s: float = 0.05, max_batch: int = 100,
                 on_close=None):
        if fsync not in FSYNC_MODES:
            raise ValueError(f"fsync must be one of {', '.join(FSYNC_MODES)}, not {fsync!r}")
        self.writer, self.store, self.fsync = writer, writer.store, fsync
        self.window_s, self.max_batch = float(window_s), int(max_batch)
        self._on_close = on_close
        self._items: deque[_Queued] = deque()
        self._cond = threading.Condition()
        self._enqueued = self._done = 0
        self._known_ids: dict = {}  # patient/study/series primary keys seen by this writer thread
        self._closing = False
        self._hurry = False  # a flush is waiting: commit now, do not wait out the window
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="receive-fsync") \
            if fsync == "batch" else None
        self._spare: deque[tuple] = deque()  # FileStore.new_temp() results ready for ingest_bytes
        self._thread = threading.Thread(target=self._run, name="receive-rows", daemon=True)
        self._thread.start()

    # ----------------------------------------------------------------- association threads
    def ingest_bytes(self, data: bytes, source: str = "") -> IngestOutcome:
        """Store one received instance (Part 10 bytes). ``stored``: the bytes are on disk under their
        final name (fsynced in ``"instance"`` mode) and their row follows within one batch window.
        Runs on the caller's (association) thread; raises ``OSError``/``RuntimeError`` when storage broke."""
        if self._closing:
            raise RuntimeError("receive queue closed")
        p = prepare(data, source, hash_now=False)  # hashed on the writer thread, or when a UID collides
        if not isinstance(p, PreparedInstance):
            return p  # not DICOM / corrupt: the sender hears it now
        if p.problem:
            return self.writer.reject(p)  # unusable or unsafe: quarantine with its reason, a failure status
        verdict = self.writer.reserve(p)
        if verdict is not None:
            return verdict  # duplicate or quarantined
        uid = p.header.sop_instance_uid
        item = _Queued(p, new_file=False)
        try:
            try:
                temp = self._spare.popleft()
            except IndexError:
                temp = None  # none ready: write() creates one
            placed = self.writer.place_file(p, self.fsync == "instance", item.dirs, temp, item.temps)
            if placed == "different":  # a file without a row, other content (another process's)
                self.writer.release([uid])
                return self.writer.quarantine(p, "same SOP Instance UID with different content")
            item.new_file = placed == "new"
            if placed == "same" and self.fsync == "instance":  # someone else's unsynced copy: make it durable
                FileStore.fsync_file(self.store.absolute(p.relative_path))
        except BaseException:
            self.writer.release([uid])
            FileStore.remove_temps(item.temps)
            raise
        with self._cond:
            self._enqueued += 1
            item.seq = self._enqueued
            self._items.append(item)
            if len(self._items) in (1, self.max_batch):  # the writer waits for a first item or a full batch
                self._cond.notify_all()
        return IngestOutcome(STORED, uid, "", p.source, str(self.store.absolute(p.relative_path)))

    # ----------------------------------------------------------------- any thread
    def pending(self) -> int:
        """Instances acknowledged whose rows are not committed yet."""
        with self._cond:
            return self._enqueued - self._done

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until every instance queued before this call has its row committed (or was given up).
        ``False`` on timeout. A no-op on the writer thread itself."""
        if threading.current_thread() is self._thread:
            return True
        with self._cond:
            target = self._enqueued
            if self._done < target:
                self._hurry = True
                self._cond.notify_all()
            return self._cond.wait_for(lambda: self._done >= target or not self._thread.is_alive(), timeout)

    def close(self) -> None:
        """Commit what is queued, stop the writer thread (idempotent)."""
        with self._cond:
            if self._closing:
                return
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        while self._spare:
            FileStore.drop_temp(self._spare.popleft())
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._on_close is not None:
            self._on_close(self)

    # ----------------------------------------------------------------- writer thread
    def _next_batch(self) -> list[_Queued] | None:
        with self._cond:
            while not self._items:
                if self._closing:
                    return None
                self._cond.wait()
            deadline = time.monotonic() + self.window_s
            while len(self._items) < self.max_batch and not self._closing and not self._hurry:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            self._hurry = False
            return [self._items.popleft() for _ in range(min(self.max_batch, len(self._items)))]

    def _run(self) -> None:
        """Writer thread: fsync (batch mode) and commit rows, batch after batch, until closed."""
        while True:
            self._refill_spares()
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._commit(batch)
            except Exception:  # never let the thread die: the files stay, recovery indexes them
                log.exception("receive: could not commit %d rows; recovery will index their files at the "
                              "next start", len(batch))
            finally:
                self.writer.release([it.prepared.header.sop_instance_uid for it in batch])
                with self._cond:
                    self._done = batch[-1].seq
                    self._cond.notify_all()

    def _refill_spares(self) -> None:
        try:
            while len(self._spare) < SPARE_TEMPS and not self._closing:
                self._spare.append(self.store.new_temp())
        except OSError as exc:  # disk full or the like: ingest_bytes will create (and report) its own
            log.warning("receive: cannot create spare temp files: %s", exc)

    def _commit(self, batch: list[_Queued]) -> None:
        # batch mode: files and folders durable before any row; one syncfs for the whole batch where
        # the system has it (one journal commit, instead of one per file and folder)
        if self._pool is not None and not self.store.sync_filesystem():
            for fut in [self._pool.submit(FileStore.fsync_file, self.store.absolute(it.prepared.relative_path))
                        for it in batch]:
                fut.result()
            FileStore.sync_dirs(set().union(*(it.dirs for it in batch)))
        prepared = [it.prepared for it in batch]
        for p in prepared:
            p.ensure_hash()
        outcomes: list = [None] * len(batch)
        for attempt, pause in enumerate((0.0, *RETRY_S)):
            time.sleep(pause)
            try:
                self.writer.commit_rows(prepared, outcomes, self._known_ids)
                break
            except Exception as exc:
                if attempt == len(RETRY_S) or (self._closing and attempt >= 1):
                    raise
                log.warning("receive: row commit failed (%s: %s), retrying", type(exc).__name__, exc)
        for it, outcome in zip(batch, outcomes):
            if outcome is not None and outcome.status == QUARANTINED and it.new_file:
                # another process stored this UID (other content, other path) between our check and our
                # commit: its row wins, our copy is in quarantine now, the store keeps no stray file
                self.store.remove(it.prepared.relative_path)
                log.warning("receive: %s conflicted after it was acknowledged; kept in quarantine",
                            it.prepared.header.sop_instance_uid)
        FileStore.remove_temps([t for it in batch for t in it.temps])  # (their files have their final names)
