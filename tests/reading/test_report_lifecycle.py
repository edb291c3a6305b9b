"""Drafts, signing, immutability of a signed report, addenda as new versions."""
from __future__ import annotations

import pytest

from workstation.reading.errors import ReadingError, ReportLocked
from workstation.reading.records import Report
from workstation.reading.roles import Role


def test_draft_moves_order_in_progress_and_sign_confirms(repo, order):
    o = repo.save_draft(order.id, Report(findings="Enhancing tumour.", impression="GBM.", tumor={"size_mm": 30}), "r")
    assert (o.status, o.reading_status) == ("IN_PROGRESS", "draft")
    o = repo.sign(order.id, "dr.kim")
    assert (o.status, o.reading_status, o.report.confirmed, o.report.signed_by) == ("CONFIRMED", "signed", True,
                                                                                     "dr.kim")
    assert o.report.to_worker_result()["_confirmed"] is True
    assert [v.version for v in repo.report_versions(order.id)] == [1]


def test_signed_report_is_read_only(repo, service_for, order):
    repo.save_draft(order.id, Report(findings="Original words."), "r")
    repo.sign(order.id, "r")
    ris = service_for(Role.RIS)
    with pytest.raises(ReportLocked, match="addendum"):
        ris.save_draft(order.id, Report(findings="Changed words."))
    with pytest.raises(ReportLocked):
        repo.sign(order.id, "r")
    assert repo.get_order(order.id).report.findings == "Original words."


def test_addendum_creates_a_new_version_and_keeps_the_signed_text(repo, order):
    repo.save_draft(order.id, Report(findings="Original words."), "r")
    repo.sign(order.id, "r")
    o = repo.add_addendum(order.id, "Perfusion shows raised rCBV.", "dr.lee")
    assert o.report.findings == "Original words." and o.report.version == 2
    assert [(a.text, a.author) for a in o.report.addenda] == [("Perfusion shows raised rCBV.", "dr.lee")]
    versions = repo.report_versions(order.id)
    assert [(v.version, v.kind) for v in versions] == [(1, "signed"), (2, "addendum")]
    assert versions[0].report.addenda == ()  # the signed version itself did not change


def test_addendum_needs_a_signed_report_and_text(repo, order):
    with pytest.raises(ReadingError, match="only a signed report"):
        repo.add_addendum(order.id, "x", "r")
    repo.save_draft(order.id, Report(findings="a"), "r")
    repo.sign(order.id, "r")
    with pytest.raises(ReadingError, match="empty"):
        repo.add_addendum(order.id, "   ", "r")


def test_empty_report_cannot_be_signed(repo, order):
    with pytest.raises(ReadingError, match="empty"):
        repo.sign(order.id, "r")
    assert repo.get_order(order.id).status == "ORDERED"


def test_cancelled_order_report_cannot_be_written(repo, order):
    repo.change_status(order.id, "CANCELLED", "r")
    with pytest.raises(ReportLocked, match="CANCELLED"):
        repo.save_draft(order.id, Report(findings="x"), "r")
