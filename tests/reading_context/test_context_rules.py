"""The one reading context: open, compare, switch, sign refused with another patient on screen."""
from __future__ import annotations

from datetime import date

import pytest

from workstation.archive.queries import StudyRecord
from workstation.reading.context import ContextError, ReadingContext, StudyIdentity
from workstation.reading.records import Patient, Report, Study


@pytest.fixture
def orders(repo):
    hong = Patient("P001", "Hong^Gildong")
    kim = Patient("P002", "Kim^Minjun")
    cur = repo.create_order(hong, study=Study("1.2.3.1", date(2026, 11, 30), "MR", "BRAIN"), by="t")
    prior = repo.create_order(hong, study=Study("1.2.3.0", date(2025, 5, 2), "MR", "BRAIN"), by="t")
    other = repo.create_order(kim, study=Study("1.2.9.1", date(2026, 11, 29), "CT", "HEAD"), by="t")
    cur = repo.save_draft(cur.id, Report(findings="enhancing lesion"), by="t")
    return cur, prior, other


def test_open_sets_patient_study_and_order(orders):
    cur, _, _ = orders
    ctx = ReadingContext()
    plan = ctx.open_study(cur, source="worklist")
    assert plan.patient_changed and ctx.patient_number == "P001" and ctx.order.id == cur.id
    assert ctx.study.study_uid == "1.2.3.1" and ctx.source == "worklist"
    assert "Hong Gildong" in ctx.header() and "P001" in ctx.header() and "2026-11-30" in ctx.header()
    assert "Draft" in ctx.header() and "IN_PROGRESS" in ctx.header()  # the live status after a saved draft


def test_opening_another_patient_clears_every_viewport(orders):
    cur, prior, other = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    for i in range(3):
        ctx.show_current(i)
    ctx.compare_prior(3, prior)
    plan = ctx.open_study(other, source="worklist tab")
    assert plan.patient_changed and plan.clear == (0, 1, 2, 3) and plan.keep == ()
    assert ctx.viewports == {} and ctx.patient_number == "P002"


def test_same_patient_keeps_only_explicit_priors(orders):
    cur, prior, _ = orders
    ctx = ReadingContext()
    ctx.open_study(prior)
    ctx.show_current(0)
    ctx.show_current(1)
    # the prior is now compared while the current one opens: open cur, then compare prior explicitly
    ctx.open_study(cur)
    ctx.show_current(0)
    ctx.compare_prior(1, prior)
    plan = ctx.open_study(cur)  # opened again (e.g. from the study tree)
    assert not plan.patient_changed and plan.keep == (1,) and plan.clear == (0,)
    ident = ctx.viewport_identity(1)
    assert ident.label == "2025-05-02 PRIOR" and not ident.foreign
    assert ctx.viewport_identity(0) is None             # cleared for the study opened again
    ctx.show_current(0)
    assert ctx.viewport_identity(0).label == "2026-11-30 CURRENT"   # labelled while a prior is beside it


def test_compare_prior_refuses_another_patient(orders):
    cur, _, other = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    with pytest.raises(ContextError, match="same patient"):
        ctx.compare_prior(1, other)
    with pytest.raises(ContextError, match="current study"):
        ctx.compare_prior(1, cur)
    assert 1 not in ctx.viewports


def test_identity_in_every_corner_and_red_for_a_foreign_patient(orders):
    cur, _, other = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    ctx.show_current(0)
    with pytest.raises(ContextError, match="not the patient being read"):
        ctx.place(1, StudyIdentity.of_order(other))      # never silently
    ctx.place(1, StudyIdentity.of_order(other), explicit=True)
    mine, theirs = ctx.viewport_identity(0), ctx.viewport_identity(1)
    assert mine.lines == ("Hong Gildong", "ID P001", "2026-11-30") and not mine.foreign
    assert theirs.foreign and theirs.lines[0] == "Kim Minjun" and "NOT THE PATIENT" in theirs.text
    assert ctx.viewport_identity(5) is None


def test_sign_refused_while_a_foreign_patient_is_visible(orders):
    cur, _, other = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    ctx.show_current(0)
    assert ctx.can_sign().ok
    ctx.place(3, StudyIdentity.of_order(other), explicit=True)
    check = ctx.can_sign(visible=[0, 1, 2, 3])
    assert not check.ok and "viewport 4" in check.reason and "Kim Minjun (P002)" in check.reason
    assert ctx.can_sign(visible=[0]).ok          # the foreign one is hidden (another layout page)
    ctx.clear(3)
    assert ctx.can_sign(visible=[0, 1, 2, 3]).ok


def test_sign_refused_for_a_report_of_another_patient(orders):
    cur, _, other = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    check = ctx.can_sign(order=other)
    assert not check.ok and "Kim Minjun" in check.reason and "Hong Gildong" in check.reason
    assert not ReadingContext().can_sign().ok


def test_sign_confirmation_names_the_patient(orders):
    cur, _, _ = orders
    ctx = ReadingContext()
    ctx.open_study(cur)
    text = ctx.sign_confirmation()
    assert "Hong Gildong" in text and "P001" in text and "2026-11-30" in text


def test_order_of_another_patient_cannot_be_current(orders):
    cur, _, other = orders
    ctx = ReadingContext()
    with pytest.raises(ContextError):
        ctx.open_study(StudyIdentity.of_order(cur), order=other)
    ctx.open_study(cur)
    with pytest.raises(ContextError):
        ctx.set_order(other)


def test_archive_identity_reads_dicom_dates():
    rec = StudyRecord("9.9", "X1", "Doe^Jane", "", "", "20240102", "", "MR brain", "", "", "MR\\SEG", "BRAIN", "",
                      2, 10)
    s = StudyIdentity.of_archive(rec)
    assert s.study_date == date(2024, 1, 2) and s.modality == "MR" and s.display_name == "Doe Jane"
