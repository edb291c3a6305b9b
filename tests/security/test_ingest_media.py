"""Hostile media: a DICOMDIR whose record offsets loop, references out of the medium, symbolic-link
loops, and Ctrl-C during an import. Each is a reported, skipped item; the rest is imported; no hang."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pydicom
import pytest

from tests.archive.helpers import copy_with_fresh_uids, dicom_files
from tests.security.hostile import EPI, fresh, raw_encode
from workstation.archive import Archive
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
ROOT = Path(__file__).resolve().parents[2]
SMALL_CD = "dicomdir_pydicom_small"


def _cli(*args, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workstation.cli.main", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def _rewrite_dicomdir(path: Path, change) -> None:
    """Apply ``change(ds)`` to a DICOMDIR, then make its record offsets point at the records again
    (changing a File ID moves every record after it)."""
    ds = pydicom.dcmread(path)
    old = [r.seq_item_tell for r in ds.DirectoryRecordSequence]
    change(ds)
    ds.save_as(path)
    new = [r.seq_item_tell for r in pydicom.dcmread(path).DirectoryRecordSequence]
    moved = dict(zip(old, new))
    ds = pydicom.dcmread(path)
    for rec in ds.DirectoryRecordSequence:
        for name in ("OffsetOfTheNextDirectoryRecord", "OffsetOfReferencedLowerLevelDirectoryEntity"):
            if rec.get(name):
                rec[name].value = moved.get(rec[name].value, rec[name].value)
    for name in ("OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity",
                 "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"):
        ds[name].value = moved.get(ds[name].value, ds[name].value)
    ds.save_as(path)


def test_dicomdir_whose_record_offsets_loop_is_reported_not_followed(tmp_path, shared_data):
    medium = tmp_path / "cd"
    shutil.copytree(shared_data / SMALL_CD, medium)

    def loop(ds):
        patients = [r for r in ds.DirectoryRecordSequence if r.DirectoryRecordType == "PATIENT"]
        patients[-1].OffsetOfTheNextDirectoryRecord = patients[0].seq_item_tell  # last patient -> first

    _rewrite_dicomdir(medium / "DICOMDIR", loop)
    t0 = time.monotonic()
    run = _cli("import", "--quiet", "--archive", tmp_path / "archive", medium / "DICOMDIR", timeout=120)
    assert time.monotonic() - t0 < 60
    assert "record offsets loop" in run.stdout, run.stdout + run.stderr
    assert f"imported:           {len(dicom_files(medium))}" in run.stdout
    assert run.returncode == 1 and "Traceback" not in run.stderr


def test_dicomdir_references_stay_on_the_medium(tmp_path, shared_data):
    medium = tmp_path / "cd"
    shutil.copytree(shared_data / SMALL_CD, medium)
    secret = tmp_path / "secret"
    secret.mkdir()
    src = sorted((shared_data / EPI).glob("*.dcm"))[0]
    (secret / "SECRET").write_bytes(raw_encode(fresh(src, PatientName="OUTSIDE^MEDIUM")))
    (medium / "77654033" / "LINK").symlink_to(secret / "SECRET")  # a link on the medium pointing off it
    targets = [["..", "secret", "SECRET"], "/etc/passwd", ["77654033", "LINK"], ["77654033", "..", "..", "secret",
                                                                                  "SECRET"]]

    def point_out(ds):
        images = [r for r in ds.DirectoryRecordSequence if "ReferencedFileID" in r]
        for rec, target in zip(images, targets):
            rec.ReferencedFileID = target

    pydicom.config.settings.writing_validation_mode = pydicom.config.IGNORE
    try:
        _rewrite_dicomdir(medium / "DICOMDIR", point_out)
    finally:
        pydicom.config.settings.writing_validation_mode = pydicom.config.RAISE
    with Archive.open(tmp_path / "archive") as archive:
        report = ImportJob(archive, [medium]).run()
        names = {str(p.patient_name) for p in archive.patients()}
    assert "OUTSIDE^MEDIUM" not in names
    reasons = " | ".join(f.reason for f in report.failed)
    assert reasons.count("leaves the medium") >= 3 and "out of the medium" in reasons, reasons
    # every real file of the medium is still imported (those whose records now point out of it too);
    # the link out of it is not followed by the folder walk either
    assert report.imported == len(dicom_files(medium)) - 1
    assert any(Path(f.file).name == "LINK" for f in report.failed)


def test_symbolic_link_loop_is_one_reported_item(tmp_path, shared_data):
    folder = tmp_path / "usb"
    folder.mkdir()
    for i, src in enumerate(sorted((shared_data / EPI).glob("*.dcm"))[:6]):
        (folder / f"im{i}.dcm").write_bytes(raw_encode(fresh(src)))
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    (folder / "self").symlink_to(folder / "self")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop
    with Archive.open(tmp_path / "archive") as archive:
        report = ImportJob(archive, [folder]).run()
        assert archive.counts()["instances"] == 6
    assert report.imported == 6
    looped = {Path(f.file).name for f in report.failed if "loop" in f.reason}
    assert {"a", "b", "self"} <= looped


def test_ctrl_c_stops_the_import_within_a_second_and_keeps_what_landed(tmp_path, shared_data):
    folder = tmp_path / "big"
    copy_with_fresh_uids(sorted((shared_data / EPI).glob("*.dcm")), folder, copies=4)
    archive_dir = tmp_path / "archive"
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "import", "--batch-size", "20",
                             "--archive", str(archive_dir), str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    store = archive_dir / "store"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:  # (its output is read once it is stopped)
        if store.is_dir() and sum(1 for _ in store.rglob("*.dcm")) >= 20:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be interrupted"
    lines: list[tuple[float, str]] = []
    errors: list[str] = []
    readers = [threading.Thread(target=lambda: lines.extend((time.monotonic(), x) for x in proc.stdout)),
               threading.Thread(target=lambda: errors.extend(proc.stderr))]
    for r in readers:
        r.start()
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    for r in readers:
        r.join(10)
    out, err = "".join(x for _t, x in lines), "".join(errors)
    assert any(x.startswith("imported:") for _t, x in lines), out + err
    # the report is printed (the import stopped, its archive closed) within a second; the interpreter's
    # own exit on this loaded 2-core box adds a few tenths after that
    reported_in = next(t for t, x in lines if x.startswith("imported:")) - t0
    assert reported_in < 1.0, f"Ctrl-C: report after {reported_in:.2f} s"
    assert proc.returncode == 1 and "CANCELLED" in out and "Traceback" not in err
    imported = int(next(x for x in out.splitlines() if x.startswith("imported:")).split()[1])
    assert 20 <= imported < 600
    with Archive.open(archive_dir) as archive:  # what landed is whole: rows and files agree
        rec = archive.recovery
        assert not rec.rows_without_file and not rec.files_quarantined
        assert archive.counts()["instances"] == imported + rec.files_indexed
        assert sum(1 for _ in store.rglob("*.dcm")) == archive.counts()["instances"]
    run = _cli("import", "--quiet", "--archive", archive_dir, folder)  # the same import again finishes it
    with Archive.open(archive_dir) as archive:
        assert archive.counts()["instances"] == 600
    assert run.returncode == 0, run.stdout


def test_viewer_sources_are_the_importers(tmp_path):
    """One byte-source module: the importer lists through ``viewer.io.sources``."""
    import viewer.io.sources as sources
    import workstation.importer as importer

    assert importer.list_sources is sources.list_sources and importer.SourceItem is sources.SourceItem
    assert not (ROOT / "workstation" / "importer" / "sources.py").exists()


def test_the_viewer_reads_a_cd_image_through_the_same_sources(tmp_path, shared_data):
    """``viewer.io.scan`` of an ISO image finds the same stacks as of the folder it was burnt from."""
    from tests.archive.test_import import _make_iso
    from viewer.io import load_path, scan

    cd = tmp_path / "cd"
    cd.mkdir()
    for i, src in enumerate(sorted((shared_data / EPI).glob("*.dcm"))[:12]):
        (cd / f"IM{i:04d}").write_bytes(src.read_bytes())
    image = tmp_path / "disc.iso"
    _make_iso(cd, image, sorted(cd.iterdir()))
    from_folder, from_iso = scan([cd]), scan([image])
    assert [len(s.files) for s in from_iso.stacks] == [len(s.files) for s in from_folder.stacks] == [12]
    assert all("disc.iso!" in f for f in from_iso.stacks[0].files)
    a, b = load_path(cd).volumes[0], load_path(image).volumes[0]
    assert (a.voxels == b.voxels).all() and (a.origin == b.origin).all() and (a.direction == b.direction).all()
