"""The archive API: durable ingest, de-duplication, quarantine, queries, threads, recovery."""
from __future__ import annotations

import threading
from pathlib import Path

import pydicom
import pytest

from tests.archive.helpers import dicom_files, sha256
from workstation.archive import DUPLICATE, FAILED, NOT_DICOM, QUARANTINED, STORED

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")


@pytest.fixture
def epi(shared_data) -> dict[Path, str]:
    return dicom_files(shared_data / "mr_ge_mr750_epi_axial")


def test_ingest_stores_byte_identical_file_and_indexes_it(archive, epi):
    src = sorted(epi)[0]
    out = archive.ingest_file(src)
    assert out.status == STORED and out.sop_instance_uid == epi[src]
    stored = Path(out.path)
    assert stored.is_file() and stored.is_relative_to(archive.archive_dir / "store")
    assert stored.read_bytes() == src.read_bytes()  # geometry tags untouched: the very same bytes
    ds = pydicom.dcmread(src, stop_before_pixels=True)
    [study] = archive.studies()
    assert study.study_instance_uid == ds.StudyInstanceUID and study.patient_id == ds.PatientID
    [series] = archive.series(study.study_instance_uid)
    assert series.series_instance_uid == ds.SeriesInstanceUID and series.instances == 1
    assert series.modality == ds.Modality and series.orientation == "axial"
    assert archive.series_files(series.series_instance_uid) == [stored]


def test_same_instance_twice_is_a_duplicate(archive, epi):
    src = sorted(epi)[1]
    assert archive.ingest_file(src).status == STORED
    again = archive.ingest_file(src)
    assert again.status == DUPLICATE and again.sop_instance_uid == epi[src]
    assert archive.counts()["instances"] == 1


def test_same_uid_different_content_is_quarantined_and_never_overwrites(archive, epi, tmp_path):
    src = sorted(epi)[2]
    first = archive.ingest_file(src)
    ds = pydicom.dcmread(src)
    ds.PatientName = "Someone^Else"
    changed = tmp_path / "changed.dcm"
    ds.save_as(changed)
    out = archive.ingest_file(changed)
    assert out.status == QUARANTINED and "different content" in out.reason
    assert Path(first.path).read_bytes() == src.read_bytes()
    assert Path(out.path).parent == archive.archive_dir / "quarantine"
    assert Path(out.path).read_bytes() == changed.read_bytes()
    assert archive.counts()["instances"] == 1
    assert archive.studies()[0].patient_name == str(pydicom.dcmread(src).PatientName)


def test_non_dicom_and_corrupt_input_is_reported_not_stored(archive, epi, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    assert archive.ingest_file(text).status == NOT_DICOM
    src = sorted(epi)[3]
    data = src.read_bytes()
    cut = archive.ingest_bytes(data[: len(data) - 1000], source="cut.dcm")
    assert cut.status == FAILED and "truncated" in cut.reason
    missing = archive.ingest_file(tmp_path / "gone.dcm")
    assert missing.status == FAILED and "cannot read" in missing.reason
    assert archive.counts()["instances"] == 0
    assert not any((archive.archive_dir / "store").rglob("*.dcm"))


def test_ingest_dataset_from_network_style_dataset(archive, epi):
    src = sorted(epi)[4]
    ds = pydicom.dcmread(src)
    out = archive.ingest_dataset(ds, source="C-STORE from TESTSCU")
    assert out.status == STORED
    back = pydicom.dcmread(out.path)
    assert back.SOPInstanceUID == ds.SOPInstanceUID
    assert list(back.ImagePositionPatient) == list(ds.ImagePositionPatient)
    assert back.pixel_array.tobytes() == ds.pixel_array.tobytes()


def test_concurrent_ingest_from_threads_stores_each_instance_once(archive, epi):
    files = sorted(epi)[:24]
    results: list = []
    lock = threading.Lock()

    def worker(order):
        for f in order:
            r = archive.ingest_file(f)
            with lock:
                results.append(r.status)

    threads = [threading.Thread(target=worker, args=(files[i::2] + files,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(STORED) == len(files)
    assert results.count(DUPLICATE) == len(results) - len(files)
    assert archive.counts()["instances"] == len(files)
    assert len(list((archive.archive_dir / "store").rglob("*.dcm"))) == len(files)


def test_series_files_sorted_by_instance_number(archive, epi):
    files = sorted(epi)[:30]
    for f in reversed(files):
        archive.ingest_file(f)
    series_uid = archive.series()[0].series_instance_uid
    paths = archive.series_files(series_uid)
    numbers = [int(pydicom.dcmread(p, stop_before_pixels=True).InstanceNumber) for p in paths]
    assert len(paths) == 30 and numbers == sorted(numbers)


def test_find_studies_filters(archive, shared_data):
    folder = shared_data / "dicomdir_pydicom_small"
    for f in sorted(dicom_files(folder)):
        archive.ingest_file(f)
    expected = {}
    for f in dicom_files(folder):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        expected.setdefault(ds.StudyInstanceUID, ds)
    names = {str(ds.PatientName) for ds in expected.values()}
    assert {s.patient_name for s in archive.studies()} == names
    some = sorted(names)[0]
    want = {u for u, ds in expected.items() if str(ds.PatientName) == some}
    assert {s.study_instance_uid for s in archive.find_studies(patient_name=some[:3] + "*")} == want
    assert {s.study_instance_uid for s in archive.find_studies(patient_name=some)} == want
    mr = {u for u, ds in expected.items() if ds.Modality == "MR"}
    assert {s.study_instance_uid for s in archive.find_studies(modality="MR")} == mr
    dates = sorted(ds.StudyDate for ds in expected.values())
    lo, hi = dates[0], dates[len(dates) // 2]
    in_range = {u for u, ds in expected.items() if lo <= ds.StudyDate <= hi}
    assert {s.study_instance_uid for s in archive.find_studies(study_date=f"{lo}-{hi}")} == in_range
    assert archive.find_studies(patient_id="no-such-id") == []
    one = next(iter(expected.values()))
    got = archive.find_studies(study_instance_uid=one.StudyInstanceUID)
    assert len(got) == 1 and got[0].accession_number == one.get("AccessionNumber", "")


def test_recovery_reconciles_files_without_rows_and_rows_without_files(archive, reopen, epi):
    files = sorted(epi)[:6]
    outs = [archive.ingest_file(f) for f in files[:4]]
    # a crash after the file was renamed into place but before its row was committed
    orphan_rel = archive.store.relative_path(*[str(pydicom.dcmread(files[4], stop_before_pixels=True)[k].value)
                                               for k in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID")])
    archive.store.write(orphan_rel, files[4].read_bytes())
    # a half-written temp file, and a stored file lost behind the archive's back
    (archive.store.tmp / "deadbeef.part").write_bytes(b"partial")
    Path(outs[0].path).unlink()
    archive.close()
    again = reopen()
    rep = again.recovery
    assert rep.temp_files_removed == 1
    assert rep.files_indexed == 1
    assert rep.rows_without_file == [epi[files[0]]]
    assert again.counts()["instances"] == 4
    stored = {r.sop_instance_uid for s in again.series() for r in again.instances(s.series_instance_uid)}
    assert stored == {epi[f] for f in files[1:5]}
    assert again.series()[0].instances == 4
    for s in again.series():
        for r in again.instances(s.series_instance_uid):
            assert sha256(again.store.absolute(r.stored_path)) == r.content_hash


def test_migrations_match_the_models_and_sqlite_uses_wal(archive, database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import text

    from workstation.db.base import load_all_models

    with archive.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), load_all_models())
        if database_url is None:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"

    def touches_archive(d) -> bool:
        d = d[0] if isinstance(d, list) else d
        return any("archive_" in str(getattr(x, "name", x)) for x in d[1:] if x is not None)

    assert [d for d in diff if touches_archive(d)] == []


def test_unusable_archive_folder_is_a_clear_error(tmp_path):
    from workstation.archive import Archive, ArchiveError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArchiveError, match="cannot use the archive folder"):
        Archive.open(blocker / "archive")


def test_studies_of_one_patient(archive, shared_data):
    folder = shared_data / "dicomdir_pydicom_small"
    expected: dict[str, set[str]] = {}
    for f in dicom_files(folder):
        archive.ingest_file(f)
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        expected.setdefault(ds.PatientID, set()).add(ds.StudyInstanceUID)
    assert len(expected) > 1
    for pid, studies in expected.items():
        assert {s.study_instance_uid for s in archive.studies(pid)} == studies
    assert archive.studies("no-such-patient") == []
    assert {p.patient_id: p.study_count for p in archive.patients()} == {k: len(v) for k, v in expected.items()}


def test_a_database_is_never_reconciled_against_another_archive_folder(archive, archive_dir, database_url,
                                                                        epi, tmp_path):
    from workstation.archive import Archive, ArchiveError

    for f in sorted(epi)[:3]:
        archive.ingest_file(f)
    archive.close()
    url = database_url or f"sqlite:///{archive_dir / 'archive.db'}"
    with pytest.raises(ArchiveError, match="indexes the archive folder"):
        Archive.open(tmp_path / "someone-elses-folder", url)
    with Archive.open(archive_dir, database_url) as again:  # nothing was dropped
        assert again.counts()["instances"] == 3 and not again.recovery.changed


def test_patient_ids_differing_only_in_case_are_two_patients(archive, epi, tmp_path):
    for n, pid in enumerate(["ab12", "AB12"]):
        ds = pydicom.dcmread(sorted(epi)[n])
        ds.PatientID = pid
        ds.StudyInstanceUID = pydicom.uid.generate_uid()
        out = tmp_path / f"{pid}-{n}.dcm"
        ds.save_as(out)
        assert archive.ingest_file(out).status == STORED
    assert sorted(p.patient_id for p in archive.patients()) == ["AB12", "ab12"]
    assert [s.patient_id for s in archive.studies("ab12")] == ["ab12"]
