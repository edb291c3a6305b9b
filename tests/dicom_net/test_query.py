"""C-ECHO and C-FIND against a real Orthanc."""
from __future__ import annotations

import pytest

from tests.dicom_net.conftest import OUR_AET
from workstation.dicom_net.nodes import RemoteNode
from workstation.dicom_net.peer import DicomNetError
from workstation.dicom_net.query import Query, echo, find

pytestmark = pytest.mark.orthanc


def test_echo_orthanc(pacs_node):
    assert echo(pacs_node, OUR_AET) < 5


def test_find_from_unknown_aet_is_a_readable_error(pacs_node):
    with pytest.raises(DicomNetError, match="C-FIND|association"):
        find(pacs_node, Query(level="STUDY"), "STRANGER")


def test_echo_nobody_listening_is_a_readable_error():
    from tests.harness.peers import free_port

    with pytest.raises(DicomNetError, match="association"):
        echo(RemoteNode("x", "NOONE", "127.0.0.1", free_port()))


def test_find_levels(pacs_node, epi_header):
    pid = str(epi_header.PatientID)
    patients = find(pacs_node, Query(level="PATIENT", patient_id=pid), OUR_AET)
    assert [p["PatientID"] for p in patients] == [pid]

    studies = find(pacs_node, Query(level="STUDY", patient_id=pid), OUR_AET)
    assert [s["StudyInstanceUID"] for s in studies] == [epi_header.StudyInstanceUID]
    assert studies[0]["NumberOfStudyRelatedInstances"] == "40"

    series = find(pacs_node, Query(level="SERIES", study_uid=epi_header.StudyInstanceUID), OUR_AET)
    assert [(s["SeriesInstanceUID"], s["Modality"]) for s in series] == [(epi_header.SeriesInstanceUID, "MR")]

    images = find(pacs_node, Query(level="IMAGE", study_uid=epi_header.StudyInstanceUID,
                                   series_uid=epi_header.SeriesInstanceUID), OUR_AET)
    assert len({i["SOPInstanceUID"] for i in images}) == 40


def test_find_filters(pacs_node, epi_header):
    all_studies = find(pacs_node, Query(level="STUDY"), OUR_AET)
    assert len(all_studies) == 2
    mr = find(pacs_node, Query(level="STUDY", modality="MR"), OUR_AET)
    assert [s["StudyInstanceUID"] for s in mr] == [epi_header.StudyInstanceUID]
    day = str(epi_header.StudyDate)
    in_range = find(pacs_node, Query(level="STUDY", study_date=f"{day}-{day}"), OUR_AET)
    assert epi_header.StudyInstanceUID in [s["StudyInstanceUID"] for s in in_range]
    before = find(pacs_node, Query(level="STUDY", study_date=f"-{int(day) - 1}", modality="MR"), OUR_AET)
    assert before == []
    name = str(epi_header.PatientName)
    wild = find(pacs_node, Query(level="STUDY", patient_name=name[:2] + "*"), OUR_AET)
    assert epi_header.StudyInstanceUID in [s["StudyInstanceUID"] for s in wild]
    assert find(pacs_node, Query(level="STUDY", patient_name="NOBODY*"), OUR_AET) == []


def test_bad_query_is_a_readable_error():
    with pytest.raises(ValueError, match="date"):
        Query(study_date="2020/01/01").validate()


def test_identifier_carries_each_filter_at_the_right_level():
    from workstation.dicom_net.query import identifier

    study = identifier(Query(level="STUDY", accession="A-17", modality="MR", study_date="20240101-",
                             patient_name="KIM*"))
    assert (study.QueryRetrieveLevel, study.AccessionNumber, study.ModalitiesInStudy, study.StudyDate,
            str(study.PatientName)) == ("STUDY", "A-17", "MR", "20240101-", "KIM*")
    assert study.StudyInstanceUID == "" and study.NumberOfStudyRelatedInstances == ""  # asked back
    series = identifier(Query(level="SERIES", study_uid="1.2.3", modality="CT"))
    assert series.Modality == "CT" and "ModalitiesInStudy" not in series and series.StudyInstanceUID == "1.2.3"
    patient = identifier(Query(level="PATIENT", patient_id="P1", accession="ignored"))
    assert patient.PatientID == "P1" and "AccessionNumber" not in patient
