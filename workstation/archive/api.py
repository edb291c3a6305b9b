"""``Archive``: the workstation's local DICOM archive (database + managed file store).

Folder layout (``archive_dir``): ``archive.db`` (SQLite, WAL; absent when a ``--database`` URL is
used), ``archive.json`` (settings: layout version, database, ``store_id`` binding it to its database), ``store/`` (instances by UID),
``quarantine/`` (conflicting copies, files recovery could not index).

Thread-safety: every public method may be called from any thread, concurrently.
"""
from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

import pydicom
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from workstation.db.engine import make_engine, sqlite_url
from workstation.db.migrate import upgrade

from . import queries
from .identity import StoreMismatch, bind
from .ingest import IngestTotals, SourceIngest
from .lock import ArchiveLock
from .outcome import FAILED, IngestOutcome
from .prepare import PreparedInstance, dataset_to_bytes, prepare
from .receive_queue import ReceiveQueue
from .recovery import RecoveryReport, reconcile
from .store import FileStore
from .writer import BatchWriter

log = logging.getLogger(__name__)


class Archive:
    """Open with ``Archive.open(...)``; close with ``close()`` or use as a context manager."""

    def __init__(self, archive_dir: Path, engine: Engine, store: FileStore | None = None):
        self.archive_dir = Path(archive_dir)
        self.engine = engine
        self.store = store or FileStore(self.archive_dir)
        self.writer = BatchWriter(engine, self.store)
        self.recovery: RecoveryReport | None = None
        self._queues: set[ReceiveQueue] = set()
        self._queues_lock = threading.Lock()

    # ----------------------------------------------------------------- life cycle
    @classmethod
    def open(cls, archive_dir: Path | None = None, database_url: str | None = None,
             recover: bool = True) -> "Archive":
        """Open (creating when needed) the archive: run migrations, then recovery (only when no other
        process has the archive open; otherwise ``recovery.skipped_in_use`` is true).

        ``archive_dir`` defaults to ``workstation.paths.default_archive_dir()``; ``database_url``
        defaults to SQLite ``archive_dir/archive.db``. Raises ``ArchiveError`` with a clear message when
        the database cannot be reached.
        """
        if archive_dir is None:
            from workstation.paths import default_archive_dir

            if database_url is None:  # IT's site configuration may name the shared archive database
                database_url = _site_database_url()
            archive_dir = default_archive_dir()
        archive_dir = Path(archive_dir)
        try:
            archive_dir.mkdir(parents=True, exist_ok=True)
            store = FileStore(archive_dir)
        except OSError as exc:
            raise ArchiveError(f"cannot use the archive folder {archive_dir}: {exc.strerror or exc}") from exc
        url = database_url or sqlite_url(archive_dir / "archive.db")
        try:
            engine = make_engine(url)
            upgrade(engine)
        except Exception as exc:
            raise ArchiveError(f"cannot open the archive database {_safe_url(url)}: "
                               f"{type(exc).__name__}: {exc}"[:500]) from exc
        try:
            bind(engine, archive_dir, _safe_url(url), store_has_files=store.has_files())
        except StoreMismatch as exc:
            engine.dispose()
            raise ArchiveError(str(exc)) from None
        except OSError as exc:
            engine.dispose()
            raise ArchiveError(f"cannot write the archive settings in {archive_dir}: {exc.strerror or exc}") from exc
        archive = cls(archive_dir, engine, store)
        archive._lock = ArchiveLock(archive_dir / "archive.lock")
        if recover:
            if archive._lock.try_exclusive():  # no other process has it open: safe to reconcile
                archive.recovery = reconcile(engine, archive.store, archive.writer)
            else:
                archive.recovery = RecoveryReport(skipped_in_use=True)
        archive._lock.shared()
        return archive

    def close(self) -> None:
        """Release the database connections and writer threads (idempotent)."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        with self._queues_lock:
            queues = list(self._queues)
        for q in queues:
            q.close()
        self.writer.close()
        self.engine.dispose()
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.release()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- ingest
    def ingest_bytes(self, data: bytes, source: str = "") -> IngestOutcome:
        """Store one instance given as Part 10 bytes. Durable when the status is ``"stored"``.
        Thread-safe; may run on a worker or network thread."""
        p = prepare(data, source)
        if not isinstance(p, PreparedInstance):
            return p
        return self.writer.write_batch([p], sync_each=True)[0]

    def ingest_file(self, path: Path, source: str = "") -> IngestOutcome:
        """Store one file. Thread-safe; may run on a worker thread."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return IngestOutcome(FAILED, reason=f"cannot read: {exc.strerror or exc}", source=source or str(path))
        return self.ingest_bytes(data, source or str(path))

    def ingest_dataset(self, ds: pydicom.Dataset, source: str = "") -> IngestOutcome:
        """Store a dataset (e.g. from a C-STORE: set ``ds.file_meta = event.file_meta`` first).
        Thread-safe; may run on a network thread."""
        try:
            data = dataset_to_bytes(ds)
        except Exception as exc:
            return IngestOutcome(FAILED, str(ds.get("SOPInstanceUID", "")),
                                 f"cannot encode dataset: {type(exc).__name__}: {exc}"[:300], source)
        return self.ingest_bytes(data, source)

    def store_prepared(self, prepared: list[PreparedInstance]) -> list[IngestOutcome]:
        """Batched fast path (the importer's): write all files, fsync them, commit all rows at once.
        Durable when it returns. Thread-safe."""
        return self.writer.write_batch(prepared, sync_each=False)

    def ingest_sources(self, items, on_outcome=None, progress=None, cancel=None, rescan: bool = False,
                       batch_files: int = 200, batch_bytes: int = 64 * 1024 * 1024, readers: int = 2,
                       limit: int | None = None) -> IngestTotals:
        """Ingest many sources (``viewer.io.sources.SourceItem``: ``name``, ``size``, ``read()``,
        ``head(n)``, ``key``) in batches: the import's engine (see ``ingest``). ``on_outcome(outcome)``
        once per item and ``progress(done, total, bytes_done, bytes_total, current)`` are called on the
        caller's thread; ``cancel`` (``threading.Event``) stops between items. Runs on the caller's thread."""
        return SourceIngest(self, on_outcome, progress, cancel, batch_files, batch_bytes, readers, rescan,
                            limit).run(items)

    def open_receive_queue(self, fsync: str = "batch", window_s: float = 0.05,
                           max_batch: int = 100) -> ReceiveQueue:
        """The network receiver's fast path (see ``receive_queue``): ``queue.ingest_bytes(data, source)``
        answers once the bytes are on disk (fsynced per instance, or per batch with ``fsync="batch"``);
        rows are committed by the queue's thread in batches. Close it with ``queue.close()`` (the archive's
        ``close()`` closes those still open). Queries on this archive wait for open queues' rows first."""
        queue = ReceiveQueue(self.writer, fsync, window_s, max_batch, on_close=self._queue_closed)
        with self._queues_lock:
            self._queues.add(queue)
        return queue

    def _queue_closed(self, queue: ReceiveQueue) -> None:
        with self._queues_lock:
            self._queues.discard(queue)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until every instance acknowledged by an open receive queue has its row committed
        (queries call it, so this process always reads what it acknowledged)."""
        with self._queues_lock:
            queues = list(self._queues)
        for q in queues:
            q.flush(timeout)

    # ----------------------------------------------------------------- queries
    def patients(self) -> list[queries.PatientRecord]:
        """All patients with their study counts, by name."""
        self.settle()
        with self.engine.connect() as conn:
            return queries.patients(conn)

    def studies(self, patient_id: str | None = None) -> list[queries.StudyRecord]:
        """All studies (or one patient's), newest first."""
        self.settle()
        with self.engine.connect() as conn:
            return queries.find_studies(conn, exact_patient_id=patient_id)

    def find_studies(self, **filters) -> list[queries.StudyRecord]:
        """Studies matching ``patient_id``, ``patient_name`` (``*``/``?`` wildcards), ``study_date``
        (DICOM date or range) or ``study_date_from``/``study_date_to``, ``modality``,
        ``accession_number``, ``study_instance_uid``, ``study_description``."""
        self.settle()
        with self.engine.connect() as conn:
            return queries.find_studies(conn, **filters)

    def series(self, study_instance_uid: str | None = None) -> list[queries.SeriesRecord]:
        """Series of a study (all series when ``None``), by series number."""
        self.settle()
        with self.engine.connect() as conn:
            return queries.series(conn, study_instance_uid)

    def instances(self, series_instance_uid: str) -> list[queries.InstanceRecord]:
        self.settle()
        with self.engine.connect() as conn:
            return queries.instances(conn, series_instance_uid)

    def series_files(self, series_instance_uid: str) -> list[Path]:
        """Absolute paths of a series' stored files, sorted by instance number (what the viewer loads)."""
        return [self.store.absolute(r.stored_path) for r in self.instances(series_instance_uid)]

    def series_images(self, series_instance_uid: str) -> list:
        """A series' stored files as ``viewer.io.indexed.IndexedFile`` (path + the header the index holds),
        in ``series_files``' order: ``viewer.io.scan`` takes them like paths and reads no header it
        already has, only pixel data (rows indexed before the record existed: their headers are read)."""
        from viewer.io.indexed import IndexedFile

        self.settle()
        with self.engine.connect() as conn:
            rows = queries.image_records(conn, series_instance_uid)
        return [IndexedFile(str(self.store.absolute(path)), record) for path, record in rows]

    def counts(self) -> dict[str, int]:
        """``{"patients", "studies", "series", "instances"}`` row counts."""
        self.settle()
        with self.engine.connect() as conn:
            return queries.counts(conn)

    def read_dataset(self, sop_instance_uid: str, stop_before_pixels: bool = False) -> pydicom.Dataset | None:
        """The stored dataset of one instance, or ``None``."""
        from sqlalchemy import select

        from .models import Instance

        self.settle()
        with self.engine.connect() as conn:
            rel = conn.execute(select(Instance.stored_path)
                               .where(Instance.sop_instance_uid == sop_instance_uid)).scalar_one_or_none()
        if rel is None:
            return None
        data = self.store.absolute(rel).read_bytes()
        return pydicom.dcmread(io.BytesIO(data), stop_before_pixels=stop_before_pixels)


class ArchiveError(RuntimeError):
    """The archive cannot be opened (database unreachable, folder not writable, ...)."""


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid database URL>"


def _site_database_url() -> str | None:
    """``[archive] database_url`` of the site configuration (password from its root-only file), or None."""
    from workstation.site_config import SiteConfigError, load

    try:
        return load().database_url_with_password() or None
    except SiteConfigError as exc:
        raise ArchiveError(f"site configuration: {exc}") from None
