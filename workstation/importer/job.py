"""``ImportJob``: folders, zips, CD images and DICOMDIR media into the archive, with progress and cancel.

The importer only lists sources (``viewer.io.sources``, the one byte-source module) and reports
progress; the archive owns the ingest (``Archive.ingest_sources``: parse, check, batch, store,
remember the sources). The same engine serves the CLI and the GUI (which runs ``run()`` in a worker,
or calls ``start()``).
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from viewer.io.sources import list_sources
from workstation.archive import DUPLICATE, NOT_DICOM, QUARANTINED, STORED, Archive, IngestOutcome

from .report import FileProblem, ImportProgress, ImportReport

log = logging.getLogger(__name__)


class ImportJob:
    """Import ``paths`` into ``archive``.

    ``run()`` works on the caller's thread (wrap it in a worker for the GUI) and returns an
    ``ImportReport``. ``progress`` is called from that thread about ten times a second;
    setting ``cancel`` stops within about one file's read (what was stored stays stored; the batch
    read but not yet written is dropped; a new run of the same import takes in the rest).
    """

    def __init__(self, archive: Archive, paths: Iterable[Path | str],
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancel: threading.Event | None = None, batch_files: int = 200,
                 batch_bytes: int = 64 * 1024 * 1024, readers: int = 2, progress_interval_s: float = 0.1,
                 rescan: bool = False, limit: int | None = None):
        self.archive = archive
        self.paths = [Path(p) for p in paths]
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.batch_files = batch_files
        self.batch_bytes = batch_bytes
        self.readers = readers
        self.progress_interval_s = progress_interval_s
        self.rescan = rescan  # read every file even when it was imported before, unchanged
        self.limit = limit  # per-instance limit in bytes (default: CDSS_MAX_INSTANCE_BYTES or 2 GiB)
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

    def _emit(self, phase: str, done: int, total: int, bytes_done: int,
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
        self._emit("scanning", 0, 0, 0, 0, t0, force=True)
        listing = list_sources(self.paths, self.cancel)
        report.missing = sorted(set(listing.missing))
        report.failed += [FileProblem(p, r) for p, r in listing.problems]
        report.files_total = len(listing.items)

        def progress(done: int, total: int, bytes_done: int, bytes_total: int, current: str) -> None:
            self._emit("importing", done, total, bytes_done, bytes_total, t0, current)

        totals = self.archive.ingest_sources(
            listing.items, on_outcome=lambda outcome: self._count(report, outcome), progress=progress,
            cancel=self.cancel, rescan=self.rescan, batch_files=self.batch_files, batch_bytes=self.batch_bytes,
            readers=self.readers, limit=self.limit)
        report.unchanged_skipped = totals.unchanged_skipped
        report.bytes_read = totals.bytes_read
        report.cancelled = listing.cancelled or totals.cancelled
        report.elapsed_s = time.monotonic() - t0
        bytes_total = sum(i.size for i in listing.items)
        self._emit("cancelled" if report.cancelled else "done", totals.done, report.files_total,
                   report.bytes_read, bytes_total, t0, force=True)
        return report

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
