"""Demo seed: orders in every reading status, one on the bundled demo study (UID read from its files)."""
from __future__ import annotations

from pathlib import Path

import pydicom

from workstation.reading.demo_seed import demo_study, seed_demo
from workstation.reading.priors import matching_priors
from workstation.reading.records import WorklistFilter

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def test_seed_covers_every_reading_status_and_links_the_demo_study(repo):
    first = next(p for p in DEMO.rglob("*.dcm") if p.is_file())
    uid = pydicom.dcmread(first, stop_before_pixels=True).StudyInstanceUID
    created = seed_demo(repo)
    assert {o.reading_status for o in created} == {"unread", "draft", "signed"}
    [demo] = repo.orders_for_study(uid)
    assert demo.reading_status == "unread" and demo.study.instance_count == 104 and demo.study.series_count == 4
    assert [o.study.study_uid for o in repo.orders(WorklistFilter(reading_status="unread", modality="MR"))][0] == uid
    assert matching_priors(demo, repo.patient_orders(demo.patient.patient_number))  # a prior to compare with
    assert seed_demo(repo) == []  # only once


def test_demo_study_metadata_from_dicom():
    patient, study = demo_study()
    assert study.modality == "MR" and study.body_part == "BRAIN" and str(study.study_date) == "2020-09-29"
    assert patient.patient_number == patient.name == "TCGA-FG-6692"  # the de-identified case, no invented name
