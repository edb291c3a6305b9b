"""Start-up reconciliation of the file store and the database (after a crash or a kill -9).

- half-written temp files are deleted;
- files without a row (written, not yet committed) are indexed, or moved to quarantine when they
  turn out corrupt or conflict with the row that holds their UID;
- rows whose file vanished are deleted (and series counts fixed), and listed in the report.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from .models import Instance, Series
from .outcome import QUARANTINED, STORED
from .prepare import PreparedInstance, prepare
from .rows import refresh_counts
from .store import FileStore, UnsafePath, content_hash

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    temp_files_removed: int = 0
    files_indexed: int = 0
    files_quarantined: list[str] = field(default_factory=list)
    rows_without_file: list[str] = field(default_factory=list)  # SOP Instance UIDs whose rows were removed
    skipped_in_use: bool = False  # another process had the archive open: nothing was touched

    @property
    def changed(self) -> bool:
        return bool(self.temp_files_removed or self.files_indexed or self.files_quarantined
                    or self.rows_without_file)


def reconcile(engine, store: FileStore, writer) -> RecoveryReport:
    """Bring database and store into agreement. Runs on the caller's thread (archive open)."""
    report = RecoveryReport(temp_files_removed=store.clear_tmp())
    with engine.connect() as conn:
        rows, hashes = {}, {}
        for uid, path, pk, spk, digest in conn.execute(select(
                Instance.sop_instance_uid, Instance.stored_path, Instance.id, Instance.series_pk,
                Instance.content_hash)):
            rows[path], hashes[path] = (uid, pk, spk), digest
    on_disk = set(store.iter_stored())
    orphans = sorted(on_disk - rows.keys())
    batch: list[PreparedInstance] = []
    for rel in orphans:
        path = store.absolute(rel)
        p = prepare(path.read_bytes(), source=f"recovered:{rel}")
        if isinstance(p, PreparedInstance) and not p.problem and p.relative_path == rel:
            batch.append(p)
            continue
        reason = (p.reason if not isinstance(p, PreparedInstance)
                  else p.problem or "path does not match its UIDs")
        _to_quarantine(store, path, rel, report, reason)
    if batch:
        for p, outcome in zip(batch, writer.write_batch(batch, sync_each=False)):
            if outcome.status == STORED:
                report.files_indexed += 1
            elif outcome.status == QUARANTINED:  # its UID is held by a row with other content: a copy
                store.remove(p.relative_path)   # is in quarantine now; this one is not the archive's
                report.files_quarantined.append(f"{p.relative_path}: {outcome.reason}")
    gone = [(rel, *rows[rel]) for rel in rows.keys() - on_disk]
    for rel, uid, _pk, _spk in gone:
        _bring_back_escaped(store, rel, uid, hashes[rel], report)
    if gone:
        with engine.begin() as conn:
            ids = [pk for _rel, _uid, pk, _spk in gone]
            for i in range(0, len(ids), 500):
                conn.execute(delete(Instance).where(Instance.id.in_(ids[i:i + 500])))
            series_pks = sorted({spk for *_x, spk in gone})
            study_pks = [s for (s,) in conn.execute(select(Series.study_pk).where(Series.id.in_(series_pks)))]
            refresh_counts(conn, series_pks, study_pks)
        report.rows_without_file = sorted(uid for _rel, uid, _pk, _spk in gone)
        log.warning("archive recovery: %d rows had no file and were removed", len(gone))
    return report


def _to_quarantine(store: FileStore, path, rel: str, report: RecoveryReport, reason: str) -> None:
    target = store.quarantine_dir / ("recovered." + rel.replace("/", "_"))
    try:
        os.replace(path, target)
    except OSError:
        return
    report.files_quarantined.append(f"{rel}: {reason}")
    log.warning("archive recovery: %s moved to quarantine (%s)", rel, reason)


def _bring_back_escaped(store: FileStore, rel: str, uid: str, digest: str, report: RecoveryReport) -> None:
    """A row whose path leaves the store (written by a version that trusted header UIDs): its file, when
    it is there with the row's content hash (so it is ours), is moved into quarantine; the row goes."""
    try:
        store.absolute(rel)
        return  # a safe path: its file is simply gone
    except UnsafePath:
        pass
    if rel.startswith("/"):
        return  # never touch an absolute path outside the archive
    candidate = os.path.normpath(os.path.join(store.root, rel))
    try:
        with open(candidate, "rb") as f:
            same = content_hash(f.read()) == digest
    except OSError:
        return
    if not same:
        return
    target = store.quarantine_dir / f"escaped.{digest[:16]}.dcm"
    try:
        os.replace(candidate, target)
    except OSError:
        return
    report.files_quarantined.append(f"{rel}: its path left the archive's store; moved into quarantine")
    log.warning("archive recovery: %s (%s) was outside the store; moved to quarantine", rel, uid)
