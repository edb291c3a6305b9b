"""The study browser's search rule and non-image series kinds (no Qt)."""
from __future__ import annotations

from workstation.archive.queries import StudyRecord
from workstation.study_filter import comparison_index, filter_studies, non_image_kind, series_tooltip


def _study(uid, name, pid, date, mods, desc, acc=""):
    return StudyRecord(study_instance_uid=uid, patient_id=pid, patient_name=name, birth_date="", sex="",
                       study_date=date, study_time="", study_description=desc, accession_number=acc, study_id="",
                       modalities=mods, body_part="", referring_physician="", series_count=1, instance_count=1)


STUDIES = [
    _study("1", "KIM^MINJI", "P100", "20260105", "MR\\SEG", "Brain tumour follow-up"),
    _study("2", "LEE^JOON", "P200", "20251230", "CT", "Head trauma", acc="ACC77"),
    _study("3", "KIM^HYUN", "P300", "20260201", "MR", ""),
]


def _uids(*args, **kw):
    return [s.study_instance_uid for s in filter_studies(STUDIES, *args, **kw)]


def test_search_by_name_id_date_modality_description():
    assert _uids("kim") == ["1", "3"]
    assert _uids("kim minji") == ["1"]  # every word must match
    assert _uids("p200") == ["2"]
    assert _uids("2026-01") == ["1"] and _uids("202602") == ["3"] and _uids("2026") == ["1", "3"]
    assert _uids("tumour") == ["1"]
    assert _uids("acc77") == ["2"]
    assert _uids("", modality="MR") == ["1", "3"]
    assert _uids("kim", modality="CT") == []
    assert _uids("seg") == ["1"]  # a modality word in the text also works
    assert _uids("") == ["1", "2", "3"]
    assert _uids("nobody") == []


def test_non_image_series_kinds_and_no_none_in_tooltips():
    assert [non_image_kind(m) for m in ("SEG", "SR", "KO", "PR", "MR", "CT")] == ["SEG", "SR", "KO", "PR", None, None]
    assert non_image_kind("SR", "Radiation Dose Report") == "DOSE"
    assert series_tooltip("MR", None, None) == "MR"
    assert series_tooltip("MR", "axial", "T1") == "MR axial — T1"
    assert "None" not in series_tooltip(None, None, "T2")


def test_comparison_picks_the_same_sequence():
    prior = ["AX T1 SE", "AX T2 FLAIR", "AX T1 SE POST GD"]
    assert comparison_index(prior, "ax  t2 flair") == 1
    assert comparison_index(prior, "T2 FLAIR") == 1  # contained
    assert comparison_index(prior, "DWI") == 0 and comparison_index(prior, "") == 0
