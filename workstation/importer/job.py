"""``ImportJob``: folders, zips and DICOMDIR media into the archive, fast, with progress and cancel.

Files imported before and unchanged are recognised without being read (``known_sources``); the others
are read and their headers parsed by a small thread pool (I/O overlaps parsing); prepared instances go
to the archive in batches (files written and fsynced, then one transaction of rows). The same engine
serves the CLI and the GUI (which runs ``run()`` in a worker, or calls ``start()``).
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from workstation.archive import Archive
from workstation.archive.header import looks_like_dicom
from workstation.archive.known_sources import candidates, head_hash, remember
from workstation.archive.outcome import DUPLICATE, FAILED, NOT_DICOM, QUARANTINED, STORED, IngestOutcome
from workstation.archive.prepare import PreparedInstance, prepare

from .report import FileProblem, ImportProgress, ImportReport
from .sources import SourceItem, list_sources

log = logging.getLogger(__name__)


#: how many imported files are remembered per transaction (a crash only costs a re-read of these)
REMEMBER_EVERY = 1000
#: files at least this big are sniffed (first 132 bytes) before being read whole
SNIFF_BYTES = 1 << 20


def _read_and_prepare(item: SourceItem) -> tuple[SourceItem, PreparedInstance | IngestOutcome, int]:
    try:
        if item.head is not None and item.size >= SNIFF_BYTES and not looks_like_dicom(item.head(132)):
            return item, IngestOutcome(NOT_DICOM, reason="not a DICOM file", source=item.name), item.size
        data = item.read()
    except Exception as exc:  # vanished file, bad zip member, I/O error on a scratched CD
        return item, IngestOutcome(FAILED, reason=f"cannot read: {type(exc).__name__}: {exc}"[:300],
                                   source=item.name), 0
    return item, prepare(data, item.name), len(data)


class ImportJob:
    """Import ``paths`` into ``archive``.

    ``run()`` works on the caller's thread (wrap it in a worker for the GUI) and returns an
    ``ImportReport``. ``progress`` is called from that thread about ten times a second;
    setting ``cancel`` stops after the batch in flight (what was stored stays stored).
    """

    def __init__(self, archive: Archive, paths: Iterable[Path | str],
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancel: threading.Event | None = None, batch_files: int = 200,
                 batch_bytes: int = 64 * 1024 * 1024, readers: int = 2, progress_interval_s: float = 0.1,
                 rescan: bool = False):
        self.archive = archive
        self.paths = [Path(p) for p in paths]
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.batch_files = batch_files
        self.batch_bytes = batch_bytes
        self.readers = readers
        self.progress_interval_s = progress_interval_s
        self.rescan = rescan  # read every file even when it was imported before, unchanged
        self._last_progress = 0.0

    def start(self, on_done: Callable[[ImportReport], None] | None = None) -> threading.Thread:
        """Run on a new daemon thread; ``self.report`` (or ``self.error``) is set when it ends, then
        ``on_done(report)`` is called on that thread. Join the returned thread to wait."""
        self.report: ImportReport | None = None
        self.error: BaseException | None = None

        def target() -> None:
            try:
                self.report = self.run()
            except Exception as exc:  # noqa: BLE001 - handed to the caller, never lost
                self.error = exc
                return
            if on_done:
                on_done(self.report)

        thread = threading.Thread(target=target, name="import", daemon=True)
        thread.start()
        return thread

    def _emit(self, report: ImportReport, phase: str, done: int, total: int, bytes_done: int,
              bytes_total: int, t0: float, current: str = "", force: bool = False) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < self.progress_interval_s:
            return
        self._last_progress = now
        self.progress(ImportProgress(phase, done, total, bytes_done, bytes_total, now - t0, current))

    def run(self) -> ImportReport:
        """Run the import to its end (or to cancel). Runs on the caller's thread."""
        t0 = time.monotonic()
        report = ImportReport()
        self._emit(report, "scanning", 0, 0, 0, 0, t0, force=True)
        listing = list_sources(self.paths)
        report.missing = sorted(set(listing.missing))
        report.failed += [FileProblem(p, r) for p, r in listing.problems]
        items = listing.items
        report.files_total = len(items)
        bytes_total = sum(i.size for i in items)
        done = 0
        skipped_bytes = 0
        if not self.rescan:  # files imported before and unchanged: no full read
            known_paths = self._unchanged(items)
            if known_paths:
                skipped = [i for i in items if i.key and i.key[0] in known_paths]
                items = [i for i in items if not (i.key and i.key[0] in known_paths)]
                report.duplicates += len(skipped)
                report.unchanged_skipped = len(skipped)
                done = len(skipped)
                skipped_bytes = sum(i.size for i in skipped)
        total = report.files_total
        keys_by_name = {i.name: i.key for i in items if i.key}
        batch: list[PreparedInstance] = []
        batch_size = 0

        seen: list = []  # files stored or found duplicate, remembered for the next import

        def remember_seen() -> None:
            try:
                remember(self.archive.engine, seen)
            except Exception:  # noqa: BLE001 - only a shortcut for the next import
                log.warning("could not remember imported files", exc_info=True)
            seen.clear()

        def flush(final: bool = False) -> None:
            nonlocal batch, batch_size
            if batch:
                for p, outcome in zip(batch, self.archive.store_prepared(batch)):
                    self._count(report, outcome)
                    key = keys_by_name.get(p.source)
                    if key and outcome.status in (STORED, DUPLICATE):
                        seen.append((*key, p.header.sop_instance_uid, p.sha256, head_hash(p.data)))
            if len(seen) >= REMEMBER_EVERY or final:
                remember_seen()
            batch, batch_size = [], 0

        with ThreadPoolExecutor(max_workers=self.readers, thread_name_prefix="import-read") as pool:
            window = max(4, self.readers * 4)
            pending = []
            it = iter(items)
            for item in it:
                if self.cancel.is_set():
                    break
                pending.append(pool.submit(_read_and_prepare, item))
                if len(pending) < window:
                    continue
                done, batch_size = self._drain(pending.pop(0).result(), report, batch, batch_size, done)
                if len(batch) >= self.batch_files or batch_size >= self.batch_bytes:
                    flush()
                self._emit(report, "importing", done, total, report.bytes_read + skipped_bytes, bytes_total, t0,
                           item.name)
            for fut in pending:
                if self.cancel.is_set():
                    fut.cancel()
                    continue
                done, batch_size = self._drain(fut.result(), report, batch, batch_size, done)
                if len(batch) >= self.batch_files or batch_size >= self.batch_bytes:
                    flush()
            flush(final=True)
        report.cancelled = self.cancel.is_set() and done < total
        report.elapsed_s = time.monotonic() - t0
        self._emit(report, "cancelled" if report.cancelled else "done", done, total,
                   report.bytes_read + skipped_bytes, bytes_total, t0, force=True)
        return report

    def _unchanged(self, items: list[SourceItem]) -> set[str]:
        """Paths of disk files imported before and unchanged: same path, size, time and first 4 KiB."""
        remembered = candidates(self.archive.engine, [i.key for i in items if i.key])
        out = set()
        for item in items:
            if item.key and item.key[0] in remembered and item.head is not None:
                try:
                    if head_hash(item.head(4096)) == remembered[item.key[0]]:
                        out.add(item.key[0])
                except OSError:
                    pass  # unreadable now: the normal path will report it
        return out

    def _drain(self, result, report: ImportReport, batch: list, batch_size: int, done: int) -> tuple[int, int]:
        _item, prepared, nbytes = result
        report.bytes_read += nbytes
        if isinstance(prepared, PreparedInstance):
            batch.append(prepared)
            batch_size += len(prepared.data)
        else:
            self._count(report, prepared)
        return done + 1, batch_size

    @staticmethod
    def _count(report: ImportReport, outcome: IngestOutcome) -> None:
        if outcome.status == STORED:
            report.imported += 1
            report.stored_sop_uids.append(outcome.sop_instance_uid)
        elif outcome.status == DUPLICATE:
            report.duplicates += 1
        elif outcome.status == NOT_DICOM:
            report.not_dicom += 1
        elif outcome.status == QUARANTINED:
            report.quarantined.append(FileProblem(outcome.source, outcome.reason, outcome.sop_instance_uid))
        else:
            report.failed.append(FileProblem(outcome.source, outcome.reason, outcome.sop_instance_uid))


def run_import(archive: Archive, paths: Iterable[Path | str], **kw) -> ImportReport:
    """Convenience: ``ImportJob(archive, paths, **kw).run()``."""
    return ImportJob(archive, paths, **kw).run()
