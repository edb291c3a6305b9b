"""Every study can be read: real archive rows (files from /work/shared/data imported into a temp archive)
without a CDSS order, matched to orders by accession number, then patient ID + date; local orders; local
priors in the patient history."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from workstation.archive.api import Archive
from workstation.reading.records import Patient, Report, Study
from workstation.reading.repository import ReadingRepository, RemoteOrder
from workstation.reading.status import OrderStatus
from workstation.reading.unmatched import (archive_studies, auto_match, create_local_order, link, local_priors,
                                           match_study, order_accession, unmatched_studies)

DATA = Path("/work/shared/data/dicomdir_pydicom_small")
FILES = ["77654033/CT2/17106", "77654033/CR1/6154", "98892001/CT5N/2062", "98892003/MR1/15820"]


@pytest.fixture
def archive(tmp_path):
    if not DATA.is_dir():
        pytest.fail(f"the shared test data is missing: {DATA}")
    arch = Archive.open(tmp_path / "archive")
    for f in FILES:
        assert arch.ingest_file(DATA / f).status == "stored"
    yield arch
    arch.close()


@pytest.fixture
def repo(archive) -> ReadingRepository:
    return ReadingRepository(archive.engine)   # the reading tables live in the archive's database


def by_date(studies, day):
    return next(s for s in studies if s.study_date == day)


def test_studies_without_an_order_are_listed(archive, repo):
    studies = archive_studies(archive)
    assert len(studies) == 4 and len(unmatched_studies(studies, repo.orders())) == 4
    ct = by_date(studies, date(1995, 9, 3))
    assert (ct.patient_number, ct.modality, ct.body_part, ct.accession_number) == ("77654033", "CT", "HEAD", "2")
    order = create_local_order(repo, ct, by="dr.kim")
    left = unmatched_studies(studies, repo.orders())
    assert ct.study_uid not in {s.study_uid for s in left} and len(left) == 3
    assert [s.study_date for s in left] == sorted((s.study_date for s in left), reverse=True)
    assert create_local_order(repo, ct, by="dr.kim").id == order.id   # never two orders for one study


def test_accession_number_match_is_automatic(archive, repo):
    studies = archive_studies(archive)
    ct = by_date(studies, date(1995, 9, 3))
    _, order = repo.upsert_from_remote(RemoteOrder("2", Patient("77654033", "Doe^Peter"), "ACCEPTED",
                                                   ordered_at=datetime(1995, 9, 1, 9, 0), description="CT brain"))
    assert order_accession(order) == "2"
    m = match_study(ct, repo.orders(), [s.study_uid for s in studies])
    assert m.by == "accession" and m.automatic.id == order.id and not m.needs_choice
    linked = link(repo, order.id, ct)
    assert linked.study.study_uid == ct.study_uid and linked.study.modality == "CT"
    # the CR study has the same accession number, but the order has its images now: no candidate
    cr = next(s for s in studies if s.modality == "CR")
    assert match_study(cr, repo.orders(), [s.study_uid for s in studies]).candidates == ()


def test_patient_and_date_match_automatic_when_one_user_choice_when_several(archive, repo):
    studies = archive_studies(archive)
    mr = next(s for s in studies if s.modality == "MR")
    assert (mr.patient_number, mr.study_date) == ("98890234", date(2003, 5, 5))
    p = Patient("98890234", "Other^Name")
    first = repo.create_order(p, study=Study("9.9.9.1", date(2003, 5, 5), "MR", "BRAIN"), by="t")
    repo.create_order(p, study=Study("9.9.9.2", date(2003, 5, 6), "MR", "BRAIN"), by="t")   # another day
    repo.create_order(p, study=Study("9.9.9.3", date(2003, 5, 5), "CT", "HEAD"), by="t")    # another modality
    uids = [s.study_uid for s in studies]
    m = match_study(mr, repo.orders(), uids)
    assert m.by == "patient_date" and m.automatic.id == first.id
    second = repo.create_order(p, study=Study("9.9.9.4", date(2003, 5, 5), "MR", "SPINE"), by="t")
    m = match_study(mr, repo.orders(), uids)
    assert m.needs_choice and m.automatic is None and {o.id for o in m.candidates} == {first.id, second.id}


def test_auto_match_links_only_unambiguous_studies(archive, repo):
    studies = archive_studies(archive)
    uids = [s.study_uid for s in studies]
    _, peter = repo.upsert_from_remote(RemoteOrder("2", Patient("77654033", "Doe^Peter"), "ORDERED",
                                                   ordered_at=datetime(1995, 9, 1)))
    # patient 77654033's CT and CR both carry accession number "2": one order, two studies → the user's choice
    linked, left = auto_match(repo, studies)
    assert linked == [] and len(left) == 4
    contested = [m for m in left if m.candidates]
    assert {m.study.modality for m in contested} == {"CT", "CR"} and all(m.by == "accession" for m in contested)
    # the CT of patient 98890234 carries accession number "2" too: never a candidate across patients
    assert all(not m.candidates for m in left if m.study.patient_number == "98890234")
    # an MR order of 98890234 on the MR's day: the one unambiguous study is linked
    mr_order = repo.create_order(Patient("98890234", "X"), study=Study("9.9.1", date(2003, 5, 5), "MR"), by="t")
    linked, left = auto_match(repo, studies)
    assert [o.id for o in linked] == [mr_order.id] and linked[0].study.study_uid in uids
    assert linked[0].study.study_date == date(2003, 5, 5) and peter.study is None


def test_local_order_syncs_like_any_other_and_can_be_signed(archive, repo):
    studies = archive_studies(archive)
    mr = next(s for s in studies if s.modality == "MR")
    events = []
    repo.subscribe(events.append)
    order = create_local_order(repo, mr, by="dr.kim")
    assert order.status == OrderStatus.ORDERED and order.dirty and order.remote_id is None
    assert order.study.study_uid == mr.study_uid and "LOCAL" in order.description
    assert [e.kind for e in events] == ["order_created"] and order.id in {o.id for o in repo.dirty_orders()}
    repo.save_draft(order.id, Report(findings="no acute finding"), by="dr.kim")
    signed = repo.sign(order.id, by="dr.kim")
    assert signed.status == OrderStatus.CONFIRMED and signed.report.confirmed
    assert [h.to_status for h in repo.history(order.id)][-1] == "CONFIRMED"


def test_patient_history_includes_local_priors(archive, repo):
    studies = archive_studies(archive)
    ct = by_date(studies, date(1995, 9, 3))
    create_local_order(repo, ct, by="t")
    priors = local_priors("77654033", studies, repo.patient_orders("77654033"))
    assert [p.study.modality for p in priors] == ["CR"] and priors[0].study.study_date == date(2001, 1, 1)
    assert local_priors("nobody", studies, repo.orders()) == []
