"""Import of folders, zips and CDs (DICOMDIR): counts, duplicates, missing files, progress, cancel."""
from __future__ import annotations

import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from tests.archive.helpers import all_files, dicom_files, dicomdir_records, sha256
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")


def _stored_uids(archive) -> set[str]:
    return {r.sop_instance_uid for s in archive.series() for r in archive.instances(s.series_instance_uid)}


def test_folder_import_then_reimport_gives_only_duplicates(archive, shared_data):
    folder = shared_data / "mr_ge_mr750_epi_axial"
    expected = dicom_files(folder)
    others = len(all_files(folder)) - len(expected)
    seen = []
    report = ImportJob(archive, [folder], progress=seen.append).run()
    assert report.imported == len(set(expected.values())) and report.ok
    assert report.not_dicom == others and report.failed == []
    assert _stored_uids(archive) == set(expected.values())
    assert seen[-1].phase == "done" and seen[-1].files_done == seen[-1].files_total == len(all_files(folder))
    done = [p.files_done for p in seen if p.phase == "importing"]
    assert done == sorted(done)
    again = ImportJob(archive, [folder]).run()
    assert again.imported == 0 and again.duplicates == len(expected) and again.ok
    assert archive.counts()["instances"] == len(expected)


def test_zip_with_nested_folders(archive, shared_data, tmp_path):
    sets = [shared_data / "mr_siemens_trio_mosaic_orientation", shared_data / "dicomdir_pydicom_small" / "77654033"]
    expected: dict = {}
    zpath = tmp_path / "usb.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for s in sets:
            expected.update(dicom_files(s))
            for f in all_files(s):
                zf.write(f, f"export/{s.name}/{f.relative_to(s)}")
        zf.writestr("export/readme.txt", "hello")
    report = ImportJob(archive, [zpath]).run()
    assert report.imported == len(set(expected.values())) and report.failed == []
    assert report.not_dicom == sum(len(all_files(s)) for s in sets) + 1 - len(expected)
    assert _stored_uids(archive) == set(expected.values())
    by_uid = {uid: f for f, uid in expected.items()}
    for s in archive.series():
        for r in archive.instances(s.series_instance_uid):
            assert sha256(archive.store.absolute(r.stored_path)) == sha256(by_uid[r.sop_instance_uid])


def test_cd_with_dicomdir_reports_missing_files_and_reimports_as_duplicates(archive, shared_data):
    cd = shared_data / "ct_philips_ingenuity_head_phantom_cd"
    present, missing = dicomdir_records(cd / "DICOMDIR")
    assert present and missing  # the real CD is incomplete
    on_disk = dicom_files(cd)
    report = ImportJob(archive, [cd]).run()
    assert report.imported == len(set(on_disk.values()))
    assert {Path(m).resolve() for m in report.missing} == {Path(m).resolve() for m in missing}
    assert report.failed == [] and not report.ok  # missing files make the import not clean
    assert _stored_uids(archive) >= {on_disk[p] for p in present}
    again = ImportJob(archive, [cd / "DICOMDIR"]).run()  # the DICOMDIR itself as the argument
    assert again.imported == 0 and again.duplicates == report.imported
    assert len(again.missing) == len(missing)


def test_cd_with_lower_case_names_still_follows_dicomdir(archive, shared_data, tmp_path):
    src = shared_data / "dicomdir_pydicom_small"
    cd = tmp_path / "cd"
    shutil.copytree(src, cd)
    present, missing = dicomdir_records(cd / "DICOMDIR")
    assert present and not missing
    for p in sorted(all_files(cd), key=lambda p: -len(p.parts)):  # lower-case every file name
        if p.name != "DICOMDIR":
            p.rename(p.with_name(p.name.lower()))
    report = ImportJob(archive, [cd]).run()
    assert report.missing == [] and report.failed == []
    assert report.imported == len(set(dicom_files(cd).values()))


def test_corrupt_files_are_reported_with_reason_and_good_ones_imported(archive, shared_data, tmp_path):
    src = sorted(dicom_files(shared_data / "mr_ge_signa_3d_t1_axial_oblique"))[:5]
    folder = tmp_path / "usb"
    folder.mkdir()
    for f in src[:4]:
        shutil.copy(f, folder / f.name)
    data = src[4].read_bytes()
    (folder / "cut.dcm").write_bytes(data[: len(data) // 2])
    (folder / "garbage.dcm").write_bytes(b"\0" * 128 + b"DICM" + b"\xff" * 50)
    report = ImportJob(archive, [folder]).run()
    assert report.imported == 4
    reasons = {Path(f.file).name: f.reason for f in report.failed}
    assert set(reasons) == {"cut.dcm", "garbage.dcm"}
    assert "truncated" in reasons["cut.dcm"]
    assert not report.ok


def test_cancel_stops_early_and_a_rerun_finishes(archive, shared_data):
    folder = shared_data / "mr_ge_signa_3d_t1_axial_oblique"
    expected = set(dicom_files(folder).values())
    cancel = threading.Event()

    def progress(p):
        if p.files_done >= 20:
            cancel.set()

    first = ImportJob(archive, [folder], progress=progress, cancel=cancel, batch_files=10,
                      progress_interval_s=0).run()
    assert first.cancelled and 0 < first.imported < len(expected)
    assert archive.counts()["instances"] == first.imported
    second = ImportJob(archive, [folder]).run()
    assert second.imported + first.imported == len(expected)
    assert second.duplicates == first.imported
    assert _stored_uids(archive) == expected


def _make_iso(folder: Path, iso_path: Path, files: list[Path]) -> None:
    """An ISO 9660 level 1 image of ``files`` under ``folder`` (upper-case 8.3 names, no extension),
    as a CD burner makes."""
    import pycdlib

    iso = pycdlib.PyCdlib()
    iso.new(interchange_level=1)
    for d in sorted({p.relative_to(folder).parent for p in files} - {Path(".")}, key=lambda p: len(p.parts)):
        for i in range(1, len(d.parts) + 1):
            try:
                iso.add_directory("/" + "/".join(d.parts[:i]).upper())
            except pycdlib.pycdlibexception.PyCdlibInvalidInput:
                pass  # already there
    handles = []
    for f in sorted(files):
        fh = open(f, "rb")
        handles.append(fh)
        iso.add_fp(fh, f.stat().st_size, "/" + f.relative_to(folder).as_posix().upper() + ".;1")
    iso.write(str(iso_path))
    iso.close()
    for fh in handles:
        fh.close()


def test_cd_image_iso_follows_its_dicomdir(archive, shared_data, tmp_path):
    cd = shared_data / "ct_philips_ingenuity_head_phantom_cd"
    image = tmp_path / "disc.iso"
    _make_iso(cd, image, [cd / "DICOMDIR", *all_files(cd / "DICOM")])  # what the disc holds
    _present, missing = dicomdir_records(cd / "DICOMDIR")
    expected = dicom_files(cd / "DICOM")
    report = ImportJob(archive, [image]).run()
    assert report.imported == len(set(expected.values())) and report.failed == []
    assert len(report.missing) == len(missing)
    assert all(m.startswith(f"{image}!DICOM/") for m in report.missing)
    by_uid = {uid: f for f, uid in expected.items()}
    for s in archive.series():
        for r in archive.instances(s.series_instance_uid):
            assert sha256(archive.store.absolute(r.stored_path)) == sha256(by_uid[r.sop_instance_uid])


def test_big_non_dicom_files_are_skipped_without_being_read(archive, shared_data, tmp_path, monkeypatch):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "holiday.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(3 << 20))
    src = sorted(dicom_files(shared_data / "mr_ge_signa_3d_t1_axial_oblique"))[0]
    (folder / "IM0001").write_bytes(src.read_bytes())
    reads = _count_file_reads(monkeypatch)
    report = ImportJob(archive, [folder]).run()
    assert report.imported == 1 and report.not_dicom == 1
    assert reads == ["IM0001"]


def test_reimport_skips_unchanged_files_without_reading_them(archive, shared_data, tmp_path, monkeypatch):
    folder = tmp_path / "usb"
    folder.mkdir()
    src = sorted(dicom_files(shared_data / "mr_ge_mr750_epi_axial"))
    for f in src[:12]:
        shutil.copy(f, folder / f.name)
    first = ImportJob(archive, [folder]).run()
    assert first.imported == 12
    reads = _count_file_reads(monkeypatch)
    again = ImportJob(archive, [folder]).run()
    assert again.duplicates == again.unchanged_skipped == 12 and reads == []
    # touched (new time, same bytes) -> read again, still a duplicate
    touched = folder / src[0].name
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    # replaced by another instance under the same name -> read and stored
    replaced = folder / src[1].name
    replaced.write_bytes(src[20].read_bytes())
    third = ImportJob(archive, [folder]).run()
    assert sorted(reads) == sorted([src[0].name, src[1].name])
    assert third.imported == 1 and third.duplicates == 11 and third.unchanged_skipped == 10
    reads.clear()
    forced = ImportJob(archive, [folder], rescan=True).run()
    assert len(reads) == 12 and forced.duplicates == 12 and forced.unchanged_skipped == 0
    # an instance that left the store is not "known" any more: it is read and stored again
    gone = next(r for s in archive.series() for r in archive.instances(s.series_instance_uid))
    archive.store.absolute(gone.stored_path).unlink()
    archive.close()
    from workstation.archive import Archive

    with Archive.open(archive.archive_dir, None if archive.engine.dialect.name == "sqlite" else
                      archive.engine.url.render_as_string(hide_password=False)) as reopened:
        reads.clear()
        fourth = ImportJob(reopened, [folder]).run()
        assert fourth.imported == 1 and reads and fourth.unchanged_skipped == 12 - len(reads)


def test_another_disc_with_the_same_layout_and_timestamps_is_read(archive, shared_data, tmp_path):
    """Two CDs burnt with fixed timestamps: same path, size and time, different instances."""
    import pydicom

    mount = tmp_path / "cdrom"
    mount.mkdir()
    src = sorted(dicom_files(shared_data / "mr_ge_mr750_epi_axial"))[:5]
    for f in src:
        shutil.copy(f, mount / f.name)
    fixed = 315532800 * 10**9  # 1980-01-01, as some burners stamp every file
    for f in mount.iterdir():
        os.utime(f, ns=(fixed, fixed))
    assert ImportJob(archive, [mount]).run().imported == 5
    # "the next patient's disc": same names and sizes, other SOP Instance UIDs (same length)
    for f in mount.iterdir():
        data = f.read_bytes()
        uid = str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID)
        other = uid.replace("113619", "113618", 1)  # same length, unlike any UID on the first disc
        assert other != uid
        f.write_bytes(data.replace(uid.encode(), other.encode()))
        os.utime(f, ns=(fixed, fixed))
    second = ImportJob(archive, [mount]).run()
    assert second.unchanged_skipped == 0 and second.imported == 5
    assert archive.counts()["instances"] == 10


def test_start_runs_off_the_callers_thread(archive, shared_data):
    folder = shared_data / "mr_siemens_transfer_syntaxes"
    expected = set(dicom_files(folder).values())
    threads = []
    job = ImportJob(archive, [folder], progress=lambda p: threads.append(threading.current_thread()))
    done = threading.Event()
    worker = job.start(on_done=lambda r: done.set())
    worker.join(60)
    assert done.is_set() and job.error is None
    assert threads and all(t is worker for t in threads) and threading.current_thread() not in threads
    assert job.report.imported + len(job.report.quarantined) + job.report.duplicates == len(dicom_files(folder))
    stored = {r.sop_instance_uid for s in archive.series() for r in archive.instances(s.series_instance_uid)}
    assert stored == expected
    uid = sorted(stored)[0]
    ds = archive.read_dataset(uid)
    assert ds is not None and ds.SOPInstanceUID == uid and archive.read_dataset("1.2.3.4") is None


def _count_file_reads(monkeypatch) -> list[str]:
    """Names of the files the importer reads whole from now on (spies on ``sources._file_item``)."""
    from viewer.io import sources

    reads: list[str] = []
    real = sources._file_item

    def spy(path):
        item = real(path)
        read = item.read

        def counted():
            reads.append(path.name)
            return read()
        item.read = counted
        return item

    monkeypatch.setattr(sources, "_file_item", spy)
    return reads
