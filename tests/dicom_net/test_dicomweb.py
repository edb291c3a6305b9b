"""DICOMweb against a real Orthanc (auth on): STOW-RS up, QIDO-RS search, WADO-RS back into the archive."""
from __future__ import annotations

import logging
import threading

import pydicom
import pytest

from workstation.archive import Archive
from workstation.dicom_net.dicomweb import qido, stow, wado_retrieve
from workstation.dicom_net.nodes import RemoteNode
from workstation.dicom_net.peer import DicomNetError
from workstation.dicom_net.query import Query

pytestmark = pytest.mark.orthanc
SIEMENS = "mr_siemens_trio_mosaic_orientation/dicom"


@pytest.fixture(scope="module")
def web(orthanc) -> RemoteNode:
    return RemoteNode("web", dicomweb_url=orthanc.dicomweb_url, username=orthanc.user, password=orthanc.password)


@pytest.fixture(scope="module")
def stowed(web, shared_data, epi_files):
    files = epi_files[40:70] + sorted((shared_data / SIEMENS).rglob("*.dcm"))
    result = stow(web, files, batch=8)
    return files, result


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive") as a:
        yield a


def test_stow_then_qido(web, stowed, orthanc, epi_header):
    files, result = stowed
    assert result.ok and result.sent == len(files), result.as_dict()
    assert len(orthanc.get("/instances")) >= len(files)
    studies = qido(web, Query(level="STUDY", patient_id=str(epi_header.PatientID)))
    assert [s["StudyInstanceUID"] for s in studies] == [epi_header.StudyInstanceUID]
    series = qido(web, Query(level="SERIES", study_uid=epi_header.StudyInstanceUID))
    assert series[0]["SeriesInstanceUID"] == epi_header.SeriesInstanceUID and series[0]["Modality"] == "MR"
    images = qido(web, Query(level="IMAGE", study_uid=epi_header.StudyInstanceUID,
                             series_uid=epi_header.SeriesInstanceUID))
    assert len(images) == 30


def test_qido_name_wildcards_and_caret_travel_raw(web, stowed, epi_header):
    name = str(epi_header.PatientName)  # "Test^Regression": needs the raw query string on Orthanc
    assert "^" in name
    exact = qido(web, Query(level="STUDY", patient_name=name))
    assert [s["StudyInstanceUID"] for s in exact] == [epi_header.StudyInstanceUID]
    wild = qido(web, Query(level="STUDY", patient_name=name[:3] + "*"))
    assert epi_header.StudyInstanceUID in [s["StudyInstanceUID"] for s in wild]
    assert qido(web, Query(level="STUDY", patient_name="Nobody*")) == []
    patients = qido(web, Query(level="PATIENT", patient_name=name[:3] + "*"))
    assert str(epi_header.PatientID) in [p["PatientID"] for p in patients]


def test_wado_into_archive_then_resume(web, stowed, archive, epi_header, epi_files):
    files, _ = stowed
    cancel = threading.Event()
    first = wado_retrieve(web, archive, epi_header.StudyInstanceUID, cancel=cancel,
                          progress=lambda d, t, _: cancel.set() if d >= 10 else None)
    assert first.cancelled and len(archive.instances(epi_header.SeriesInstanceUID)) == 10
    rest = wado_retrieve(web, archive, epi_header.StudyInstanceUID)
    assert (rest.skipped, rest.completed, rest.total) == (10, 20, 30), rest.as_dict()
    uids = [r.sop_instance_uid for r in archive.instances(epi_header.SeriesInstanceUID)]
    assert len(uids) == len(set(uids)) == 30
    # pixels and geometry come back as sent
    src = pydicom.dcmread(epi_files[45])
    got = archive.read_dataset(src.SOPInstanceUID)
    assert got.PixelData == src.PixelData
    assert [float(v) for v in got.ImagePositionPatient] == [float(v) for v in src.ImagePositionPatient]


def test_no_password_in_debug_logs_of_a_whole_session(web, stowed, archive, epi_header, caplog):
    caplog.set_level(logging.DEBUG)
    qido(web, Query(level="STUDY", patient_name="Test*"))
    wado_retrieve(web, archive, epi_header.StudyInstanceUID, epi_header.SeriesInstanceUID)
    stow(web, [archive.series_files(epi_header.SeriesInstanceUID)[0]])
    assert caplog.records and web.password not in caplog.text


def test_wrong_password_is_a_readable_error_without_the_password(orthanc, caplog):
    bad = RemoteNode("web", dicomweb_url=orthanc.dicomweb_url, username=orthanc.user, password="wrong-pass-42")
    with pytest.raises(DicomNetError, match="authentication failed") as err:
        qido(bad, Query(level="STUDY"))
    assert "wrong-pass-42" not in str(err.value) and "wrong-pass-42" not in caplog.text
