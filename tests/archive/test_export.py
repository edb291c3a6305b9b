"""Export to DICOMDIR folder / zip, re-import, and PS3.15 basic de-identification."""
from __future__ import annotations

import io
import zipfile

import pydicom
import pytest

from tests.archive.helpers import all_files, dicom_files
from workstation.export import ExportError, export
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")


def _uids_hashes(archive, series_uid=None):
    series = [series_uid] if series_uid else [s.series_instance_uid for s in archive.series()]
    return {r.sop_instance_uid: r.content_hash for s in series for r in archive.instances(s)}


@pytest.fixture
def mri(archive, shared_data):
    report = ImportJob(archive, [shared_data / "mr_ge_signa_3d_t1_axial_oblique"]).run()
    assert report.imported > 0
    [study] = archive.studies()
    return study


def test_dicomdir_export_reimports_to_the_same_instances(archive, mri, tmp_path, reopen):
    out = tmp_path / "cd"
    report = export(archive, out, study_uid=mri.study_instance_uid)
    assert report.ok and report.exported == mri.instance_count
    ds = pydicom.dcmread(out / "DICOMDIR")
    assert ds.file_meta.MediaStorageSOPClassUID == "1.2.840.10008.1.3.10"
    names = [p.relative_to(out) for p in all_files(out) if p.name != "DICOMDIR"]
    assert all(part.isupper() and "." not in part and len(part) <= 8 for n in names for part in n.parts)
    from workstation.archive import Archive

    with Archive.open(tmp_path / "other") as other:
        again = ImportJob(other, [out / "DICOMDIR"]).run()
        assert again.imported == mri.instance_count and again.missing == [] and again.failed == []
        assert _uids_hashes(other) == _uids_hashes(archive)  # byte-identical instances
    # and into the original archive: only duplicates
    dup = ImportJob(archive, [out]).run()
    assert dup.imported == 0 and dup.duplicates == mri.instance_count


def test_zip_export_of_a_series(archive, mri, tmp_path):
    [series] = archive.series(mri.study_instance_uid)
    z = tmp_path / "series.zip"
    report = export(archive, z, series_uid=series.series_instance_uid, as_zip=True)
    assert report.ok and z.is_file()
    with zipfile.ZipFile(z) as zf:
        assert "DICOMDIR" in zf.namelist()
    from workstation.archive import Archive

    with Archive.open(tmp_path / "other") as other:
        rep = ImportJob(other, [z]).run()
        assert rep.imported == series.instances and rep.missing == []
        assert _uids_hashes(other) == _uids_hashes(archive, series.series_instance_uid)


def test_deidentified_export_has_no_patient_identity_and_consistent_uids(archive, shared_data, tmp_path):
    src = shared_data / "dicomdir_pydicom_small" / "77654033"
    ImportJob(archive, [src]).run()
    originals = {}
    for f in dicom_files(src):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        originals[str(ds.SOPInstanceUID)] = ds
    study = next(s for s in archive.studies() if s.modalities == "CT")
    first = export(archive, tmp_path / "anon1", study_uid=study.study_instance_uid, deidentify_profile=True)
    second = export(archive, tmp_path / "anon2.zip", study_uid=study.study_instance_uid, as_zip=True,
                    deidentify_profile=True)
    assert first.ok and second.ok and first.exported == study.instance_count
    identity = {str(o.PatientName) for o in originals.values()} | {o.PatientID for o in originals.values()}
    identity |= {o.get("PatientBirthDate", "") for o in originals.values()} - {""}
    exported = [pydicom.dcmread(p) for p in all_files(tmp_path / "anon1") if p.name != "DICOMDIR"]
    assert len(exported) == study.instance_count
    with zipfile.ZipFile(tmp_path / "anon2.zip") as zf:
        zipped = {pydicom.dcmread(io.BytesIO(zf.read(n))).SOPInstanceUID for n in zf.namelist()
                  if not n.endswith("DICOMDIR")}
    for ds in exported:
        assert ds.PatientIdentityRemoved == "YES"
        assert str(ds.PatientName) not in identity and ds.PatientID not in identity
        assert ds.get("PatientBirthDate", "") == ""
        raw = ds.to_json()
        assert not any(v in raw for v in identity if len(v) > 3)
        assert ds.SOPInstanceUID not in originals and ds.StudyInstanceUID != study.study_instance_uid
        assert not any(e.tag.is_private for e in ds)
    assert zipped == {ds.SOPInstanceUID for ds in exported}  # same mapping on every export
    assert len({ds.StudyInstanceUID for ds in exported}) == 1
    assert len({(ds.PatientID, str(ds.PatientName)) for ds in exported}) == 1
    # geometry and pixels untouched: match each exported slice to its original by position
    by_pos = {tuple(map(float, o.ImagePositionPatient)): o for o in originals.values() if "ImagePositionPatient" in o}
    for ds in exported:
        orig = by_pos[tuple(map(float, ds.ImagePositionPatient))]
        assert list(ds.ImageOrientationPatient) == list(orig.ImageOrientationPatient)
        full = pydicom.dcmread(next(f for f, u in dicom_files(src).items() if u == orig.SOPInstanceUID))
        assert ds.pixel_array.tobytes() == full.pixel_array.tobytes()
    # the mapping stays local: it is in the archive database, not in the export
    from sqlalchemy import func, select

    from workstation.archive.models import DeidMapping

    with archive.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DeidMapping)).scalar_one() > len(exported)
        mapped = set(conn.execute(select(DeidMapping.replacement)).scalars())
    assert {ds.SOPInstanceUID for ds in exported} <= mapped


def test_export_refuses_bad_requests(archive, mri, tmp_path):
    with pytest.raises(ExportError):
        export(archive, tmp_path / "x", series_uid="1.2.3.4")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "f").write_text("x")
    with pytest.raises(ExportError):
        export(archive, tmp_path / "busy", study_uid=mri.study_instance_uid)
    assert (tmp_path / "busy" / "f").read_text() == "x"  # nothing written over
    assert not (tmp_path / "x").exists()
