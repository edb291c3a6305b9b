"""The receiver's fast path keeps its promises: every acknowledged instance is kept exactly once, even
when the process is killed between the ack and the database commit; duplicates and conflicts inside one
burst (rows not committed yet) are still told apart. Both durability modes, real dcmtk ``storescu``."""
from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import textwrap

import pydicom
import pytest
from pynetdicom import AE
from pynetdicom.sop_class import MRImageStorage
from sqlalchemy import select

from tests.harness.peers import free_port, port_open, require_binary, wait_until
from workstation.archive import Archive
from workstation.archive.models import Instance
from workstation.dicom_net.scp import StorageSCP

AET = "WSDURABLE"
MODES = ["instance", "batch"]


def _storescu(port: int, files) -> subprocess.CompletedProcess:
    exe = require_binary("storescu", "dcmtk")
    return subprocess.run([exe, "-v", "-aet", "MODALITY", "-aec", AET, "127.0.0.1", str(port), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def _acknowledged(run: subprocess.CompletedProcess) -> int:
    return (run.stdout + run.stderr).count("Received Store Response (Success)")


def _assert_consistent(archive: Archive, receiving: bool = False) -> dict[str, str]:
    """Every row has its file with the content it records, every file has its row, no temp files (while
    ``receiving``: only the receiver's empty spares). Returns ``{sop uid: content hash}``."""
    with archive.engine.connect() as conn:
        rows = conn.execute(select(Instance.sop_instance_uid, Instance.stored_path, Instance.content_hash)).all()
    assert len({r[0] for r in rows}) == len(rows)  # one row per SOP Instance UID
    assert {r[1] for r in rows} == set(archive.store.iter_stored())
    for _uid, rel, digest in rows:
        assert hashlib.sha256(archive.store.absolute(rel).read_bytes()).hexdigest() == digest
    temps = list(archive.store.tmp.iterdir())
    assert all(t.stat().st_size == 0 for t in temps) if receiving else temps == []
    return {r[0]: r[2] for r in rows}


def _uids(files) -> set[str]:
    return {str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID) for f in files}


@pytest.mark.dcmtk
@pytest.mark.parametrize("fsync", MODES)
def test_storescu_series_stored_once_in_each_mode(tmp_path, epi_files, fsync):
    with Archive.open(tmp_path / "a") as archive:
        with StorageSCP(archive, AET, free_port(), host="127.0.0.1", fsync=fsync) as scp:
            run = _storescu(scp.port, epi_files)
            assert run.returncode == 0, run.stderr
            assert _acknowledged(run) == len(epi_files) == 150
            again = _storescu(scp.port, epi_files[:20])  # resent: duplicates, whether committed or not
            assert again.returncode == 0 and _acknowledged(again) == 20
            stats = scp.stats.as_dict()
        assert scp.pending_rows == 0
        assert stats["stored"] == 150 and stats["duplicate"] == 20
        assert set(_assert_consistent(archive)) == _uids(epi_files)
        assert archive.counts()["instances"] == 150


SERVER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from workstation.archive import Archive
    from workstation.dicom_net.scp import StorageSCP
    archive = Archive.open(Path(sys.argv[1]))
    # a long commit window: rows of the last instances are still queued when the process is killed
    StorageSCP(archive, sys.argv[2], int(sys.argv[3]), host="127.0.0.1", fsync=sys.argv[4],
               commit_window_s=60).start()
    time.sleep(600)
""")


@pytest.mark.dcmtk
@pytest.mark.parametrize("fsync", MODES)
def test_sigkill_after_the_acks_loses_nothing(tmp_path, epi_files, fsync):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp_path / "a"), AET, str(port), fsync],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: port_open(port), timeout=30, what="SCP process listening")
        run = _storescu(port, epi_files)
        assert run.returncode == 0, run.stderr
        assert _acknowledged(run) == 150
        proc.send_signal(signal.SIGKILL)  # right after storescu heard the last success
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    with Archive.open(tmp_path / "a") as archive:
        report = archive.recovery
        # the first 100 rows were committed (one full batch); the rest waited for a window that never came
        assert report.files_indexed >= 50, report
        assert report.files_quarantined == [] and report.rows_without_file == []
        assert set(_assert_consistent(archive)) == _uids(epi_files)
        assert archive.counts()["instances"] == 150
        series = archive.series()
        assert len(series) == 1 and series[0].instances == 150
    with Archive.open(tmp_path / "a") as archive:  # healed for good: nothing left to recover
        assert not archive.recovery.changed


@pytest.mark.parametrize("fsync", MODES)
def test_duplicate_and_conflict_inside_one_burst(tmp_path, epi_files, fsync):
    """Same UID twice with different content while its row is still queued: quarantined, never
    overwritten; same content again: a duplicate. Importers in the process see queued instances too."""
    first = pydicom.dcmread(epi_files[0])
    other = pydicom.dcmread(epi_files[0])
    other.PatientComments = "edited after sending"  # same SOP Instance UID, other content
    with Archive.open(tmp_path / "a") as archive:
        scp = StorageSCP(archive, AET, free_port(), host="127.0.0.1", fsync=fsync, commit_window_s=60).start()
        try:
            ae = AE(ae_title="MODALITY")
            ae.add_requested_context(MRImageStorage, first.file_meta.TransferSyntaxUID)
            assoc = ae.associate("127.0.0.1", scp.port, ae_title=AET)
            assert assoc.is_established
            burst = (first, other, first, pydicom.dcmread(epi_files[1]))
            statuses = [assoc.send_c_store(ds).Status for ds in burst]
            assoc.release()
            assert statuses == [0x0000, 0xA900, 0x0000, 0x0000]
            assert scp.pending_rows == 2  # decided while neither row was committed
            kept = archive.store.absolute(
                f"{first.StudyInstanceUID}/{first.SeriesInstanceUID}/{first.SOPInstanceUID}.dcm").read_bytes()
            # an import in the same process meets the queued instance: conflict quarantined, same bytes duplicate
            edited = tmp_path / "edited.dcm"
            other.save_as(edited, enforce_file_format=True)
            assert archive.ingest_file(edited).status == "quarantined"
            same = tmp_path / "same.dcm"
            same.write_bytes(kept)
            assert archive.ingest_file(same).status == "duplicate"
            assert archive.counts()["instances"] == 2  # the query waits for the queued rows (no 60 s window)
            _assert_consistent(archive, receiving=True)
        finally:
            scp.stop()
        hashes = _assert_consistent(archive)
    assert hashes[str(first.SOPInstanceUID)] == hashlib.sha256(kept).hexdigest()
    assert "edited after sending" not in kept.decode("latin-1")
    quarantined = list((tmp_path / "a" / "quarantine").iterdir())
    assert 1 <= len(quarantined) <= 2  # the network copy and the imported one (one file if byte-identical)
    assert all(b"edited after sending" in q.read_bytes() for q in quarantined)

