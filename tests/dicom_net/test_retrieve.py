"""C-MOVE (Orthanc pushes to our SCP) and C-GET against a real Orthanc: progress, cancel, resume."""
from __future__ import annotations

import threading

import pytest

from tests.dicom_net.conftest import OUR_AET
from workstation.archive import Archive
from workstation.dicom_net.query import Query
from workstation.dicom_net.retrieve import get, move
from workstation.dicom_net.scp import StorageSCP

pytestmark = pytest.mark.orthanc


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive") as a:
        yield a


@pytest.fixture
def our_scp(archive, scp_port):
    with StorageSCP(archive, OUR_AET, scp_port, host="127.0.0.1") as server:
        yield server


def _uids(archive, series_uid):
    return [r.sop_instance_uid for r in archive.instances(series_uid)]


def test_move_study_to_our_scp_with_progress(pacs_node, our_scp, archive, epi_header):
    seen = []
    q = Query(level="STUDY", study_uid=epi_header.StudyInstanceUID)
    result = move(pacs_node, q, OUR_AET, calling_aet=OUR_AET, progress=lambda d, t, _: seen.append((d, t)))
    assert result.ok and result.completed == 40, result.as_dict()
    assert len(_uids(archive, epi_header.SeriesInstanceUID)) == 40
    assert seen[-1] == (40, 40) and len(seen) > 2
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))  # progress never goes back


def test_move_resumes_without_duplicates(pacs_node, our_scp, archive, epi_header, epi_files):
    for p in epi_files[:15]:  # a previous, interrupted retrieval left 15 of the 40
        assert archive.ingest_file(p).status == "stored"
    q = Query(level="SERIES", study_uid=epi_header.StudyInstanceUID, series_uid=epi_header.SeriesInstanceUID)
    result = move(pacs_node, q, OUR_AET, archive=archive, calling_aet=OUR_AET)
    assert (result.skipped, result.completed, result.total) == (15, 25, 40), result.as_dict()
    uids = _uids(archive, epi_header.SeriesInstanceUID)
    assert len(uids) == len(set(uids)) == 40
    assert our_scp.stats.as_dict().get("duplicate", 0) == 0  # only the missing ones travelled
    again = move(pacs_node, q, OUR_AET, archive=archive, calling_aet=OUR_AET)
    assert (again.skipped, again.completed) == (40, 0)


def test_move_can_be_cancelled_then_resumed(pacs_node, our_scp, archive, epi_header):
    cancel = threading.Event()

    def progress(done, total, _):
        if done >= 5:
            cancel.set()

    q = Query(level="STUDY", study_uid=epi_header.StudyInstanceUID)
    result = move(pacs_node, q, OUR_AET, calling_aet=OUR_AET, progress=progress, cancel=cancel)
    assert result.cancelled
    partial = len(_uids(archive, epi_header.SeriesInstanceUID))
    assert 5 <= partial < 40
    result = move(pacs_node, q, OUR_AET, archive=archive, calling_aet=OUR_AET)
    assert result.ok and result.skipped == partial
    uids = _uids(archive, epi_header.SeriesInstanceUID)
    assert len(uids) == len(set(uids)) == 40


def test_get_study_straight_into_archive(pacs_node, archive, epi_header):
    seen = []
    q = Query(level="STUDY", study_uid=epi_header.StudyInstanceUID)
    result = get(pacs_node, q, archive, calling_aet=OUR_AET, progress=lambda d, t, _: seen.append((d, t)))
    assert result.ok and result.completed == 40 and result.outcomes == {"stored": 40}, result.as_dict()
    assert len(_uids(archive, epi_header.SeriesInstanceUID)) == 40
    assert seen[-1] == (40, 40)
    again = get(pacs_node, q, archive, calling_aet=OUR_AET)
    assert again.skipped == 40 and again.completed == 0
    assert len(_uids(archive, epi_header.SeriesInstanceUID)) == 40


def test_get_ct_keeps_pixels(pacs_node, archive, shared_data):
    import pydicom

    src = pydicom.dcmread(shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm")
    result = get(pacs_node, Query(level="STUDY", study_uid=src.StudyInstanceUID), archive, calling_aet=OUR_AET)
    assert result.completed == 1
    got = archive.read_dataset(src.SOPInstanceUID)
    assert got.PixelData == src.PixelData and got.ImagePositionPatient == src.ImagePositionPatient


def test_retrieve_needs_the_level_uid(pacs_node, archive):
    with pytest.raises(ValueError, match="StudyInstanceUID"):
        move(pacs_node, Query(level="STUDY", patient_id="DEV"), OUR_AET, calling_aet=OUR_AET)


def test_move_to_a_destination_that_is_down_reports_failures(pacs_node, archive, epi_header):
    from workstation.dicom_net.peer import DicomNetError

    q = Query(level="SERIES", study_uid=epi_header.StudyInstanceUID, series_uid=epi_header.SeriesInstanceUID)
    try:
        result = move(pacs_node, q, OUR_AET, calling_aet=OUR_AET)  # our SCP is not running
    except DicomNetError as exc:
        assert "C-MOVE" in str(exc)
    else:
        assert not result.ok and result.completed == 0 and result.failed > 0
    assert archive.instances(epi_header.SeriesInstanceUID) == []
