"""The archive's batched ingest of many sources: parse, check, batch, store, remember (no Qt).

``Archive.ingest_sources(items, ...)`` is what an import calls; it owns everything from bytes to rows:

1. files imported before and unchanged (same path, size, time and first 4 KiB, instance still stored
   with the same content) are counted as duplicates without being read (``known_sources``);
2. the others are read and prepared (``prepare``: per-instance limit, bounded inflate, header walk,
   UID and image checks) by a small thread pool, so I/O overlaps parsing; an item bigger than the
   per-instance limit is refused unread;
3. prepared instances are stored in batches (files written and fsynced, then one transaction of rows;
   instances ``validate`` refused go to quarantine with their reason);
4. the files stored or found duplicate are remembered for the next import.

``items`` are any objects with ``name``, ``size``, ``read()`` and optionally ``head(n)`` and ``key``
(``viewer.io.sources.SourceItem``). ``cancel`` is checked between items: a cancel stops within about
the time one file takes to read (a batch being written is finished first); what was stored stays
stored, the batch read but not yet written is dropped (the same import run again takes it in).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable

from .header import looks_like_dicom
from .known_sources import candidates, head_hash, remember
from .outcome import DUPLICATE, FAILED, NOT_DICOM, STORED, IngestOutcome
from .prepare import PreparedInstance, prepare
from .validate import size_problem

log = logging.getLogger(__name__)

#: how many imported files are remembered per transaction (a crash only costs a re-read of these)
REMEMBER_EVERY = 1000
#: files at least this big are sniffed (first 132 bytes) before being read whole
SNIFF_BYTES = 1 << 20


@dataclass
class IngestTotals:
    """What one ``ingest_sources`` run did besides the per-item outcomes."""

    done: int = 0  # items read and checked (unchanged ones included); their outcomes follow with their batch
    total: int = 0
    unchanged_skipped: int = 0  # imported before and unchanged: counted as duplicates, not read
    bytes_read: int = 0
    cancelled: bool = False


ProgressFn = Callable[[int, int, int, int, str], None]  # (done, total, bytes done, bytes total, current name)


def _read_and_prepare(item, limit: int | None) -> tuple[object, PreparedInstance | IngestOutcome, int]:
    too_big = size_problem(item.size, limit)
    if too_big:
        return item, IngestOutcome(FAILED, reason=too_big, source=item.name), 0
    try:
        head = getattr(item, "head", None)
        if head is not None and item.size >= SNIFF_BYTES and not looks_like_dicom(head(132)):
            return item, IngestOutcome(NOT_DICOM, reason="not a DICOM file", source=item.name), item.size
        data = item.read()
    except Exception as exc:  # vanished file, bad zip member, I/O error on a scratched CD
        return item, IngestOutcome(FAILED, reason=f"cannot read: {type(exc).__name__}: {exc}"[:300],
                                   source=item.name), 0
    too_big = size_problem(len(data), limit)  # a file that grew since it was listed
    if too_big:
        return item, IngestOutcome(FAILED, reason=too_big, source=item.name), len(data)
    return item, prepare(data, item.name, limit=limit), len(data)


class SourceIngest:
    """One batched ingest run into ``archive`` (see the module doc). Runs on the caller's thread."""

    def __init__(self, archive, on_outcome: Callable[[IngestOutcome], None] | None = None,
                 progress: ProgressFn | None = None, cancel: threading.Event | None = None,
                 batch_files: int = 200, batch_bytes: int = 64 * 1024 * 1024, readers: int = 2,
                 rescan: bool = False, limit: int | None = None):
        self.archive = archive
        self.on_outcome = on_outcome or (lambda outcome: None)
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.batch_files, self.batch_bytes, self.readers = batch_files, batch_bytes, readers
        self.rescan, self.limit = rescan, limit
        self.totals = IngestTotals()
        self._seen: list = []  # files stored or found duplicate, remembered for the next import
        self._keys: dict[str, tuple] = {}
        self._batch: list[PreparedInstance] = []
        self._batch_bytes = 0

    def run(self, items: Iterable) -> IngestTotals:
        items = list(items)
        t = self.totals
        t.total = len(items)
        bytes_total = sum(i.size for i in items)
        skipped_bytes = 0
        if not self.rescan:
            known = self._unchanged(items)
            if known:
                skipped = [i for i in items if i.key and i.key[0] in known]
                items = [i for i in items if not (i.key and i.key[0] in known)]
                for i in skipped:
                    self.on_outcome(IngestOutcome(DUPLICATE, reason="unchanged since it was imported",
                                                  source=i.name))
                t.unchanged_skipped = t.done = len(skipped)
                skipped_bytes = sum(i.size for i in skipped)
        self._keys = {i.name: i.key for i in items if getattr(i, "key", None)}

        def report_progress(current: str) -> None:
            if self.progress:
                self.progress(t.done, t.total, t.bytes_read + skipped_bytes, bytes_total, current)

        with ThreadPoolExecutor(max_workers=self.readers, thread_name_prefix="ingest-read") as pool:
            window = max(4, self.readers * 4)
            pending = []
            for item in items:
                if self.cancel.is_set():
                    break
                pending.append(pool.submit(_read_and_prepare, item, self.limit))
                if len(pending) < window:
                    continue
                self._take(pending.pop(0).result())
                report_progress(item.name)
            for fut in pending:
                if self.cancel.is_set():
                    fut.cancel()
                    continue
                self._take(fut.result())
                report_progress("")
            if self.cancel.is_set():  # stop now: the batch read but not written is dropped
                self._batch, self._batch_bytes = [], 0
            self._flush()
            self._remember()
        t.cancelled = self.cancel.is_set() and t.done < t.total
        return t

    def _take(self, result) -> None:
        _item, prepared, nbytes = result
        self.totals.bytes_read += nbytes
        self.totals.done += 1
        if isinstance(prepared, PreparedInstance):
            self._batch.append(prepared)
            self._batch_bytes += len(prepared.data)
            if len(self._batch) >= self.batch_files or self._batch_bytes >= self.batch_bytes:
                self._flush()
        else:
            self.on_outcome(prepared)

    def _flush(self) -> None:
        batch, self._batch, self._batch_bytes = self._batch, [], 0
        if not batch:
            return
        for p, outcome in zip(batch, self.archive.store_prepared(batch)):
            self.on_outcome(outcome)
            key = self._keys.get(p.source)
            if key and outcome.status in (STORED, DUPLICATE):
                self._seen.append((*key, p.header.sop_instance_uid, p.ensure_hash(), head_hash(p.data)))
        if len(self._seen) >= REMEMBER_EVERY:
            self._remember()

    def _remember(self) -> None:
        try:
            remember(self.archive.engine, self._seen)
        except Exception:  # noqa: BLE001 - only a shortcut for the next import
            log.warning("could not remember imported files", exc_info=True)
        self._seen = []

    def _unchanged(self, items: list) -> set[str]:
        """Paths of disk files imported before and unchanged: same path, size, time and first 4 KiB."""
        keyed = [i for i in items if getattr(i, "key", None)]
        if not keyed:
            return set()
        remembered = candidates(self.archive.engine, [i.key for i in keyed])
        out = set()
        for item in keyed:
            if item.key[0] in remembered and item.head is not None:
                try:
                    if head_hash(item.head(4096)) == remembered[item.key[0]]:
                        out.add(item.key[0])
                except OSError:
                    pass  # unreadable now: the normal path will report it
        return out
