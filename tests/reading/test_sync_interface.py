"""The repository as the sync layer sees it: upsert from remote keeps local drafts, records conflicts;
local changes reach subscribers."""
from __future__ import annotations

from workstation.reading.records import Patient, Report, Study
from workstation.reading.repository import RemoteOrder

PAT = Patient("20001", "정하늘", None, "F", remote_id="p-1")


def remote(**kw):
    base = dict(remote_id="ocs-7", patient=PAT, status="ACCEPTED", priority="ROUTINE",
                study=Study("1.2.3.4", None, "MR", "BRAIN", series_count=4, instance_count=600))
    base.update(kw)
    return RemoteOrder(**base)


def test_new_remote_order_is_created_not_dirty(repo):
    outcome, o = repo.upsert_from_remote(remote())
    assert outcome == "created" and o.status == "ACCEPTED" and not o.dirty
    assert o.study.series_count == 4 and o.patient.remote_id == "p-1"
    assert repo.upsert_from_remote(remote())[0] == "unchanged"


def test_remote_update_applies_when_no_local_edits(repo):
    _, o = repo.upsert_from_remote(remote())
    outcome, o = repo.upsert_from_remote(remote(status="IN_PROGRESS", worker_result={"findings": "remote text"}))
    assert outcome == "updated" and o.status == "IN_PROGRESS" and o.report.findings == "remote text"
    assert repo.history(o.id)[-1].note == "changed in CDSS"


def test_local_draft_is_kept_and_conflict_recorded(repo):
    _, o = repo.upsert_from_remote(remote())
    repo.save_draft(o.id, Report(findings="my local words"), "dr.kim")
    outcome, o2 = repo.upsert_from_remote(remote(worker_result={"findings": "someone else's words"}))
    assert outcome == "conflict" and o2.report.findings == "my local words"
    [c] = repo.conflicts()
    assert c.local["findings"] == "my local words" and c.remote["findings"] == "someone else's words"
    repo.resolve_conflict(c.id, "local")
    assert repo.conflicts() == [] and repo.get_order(o.id).report.findings == "my local words"


def test_change_feed_and_dirty_drain(repo):
    events = []
    unsubscribe = repo.subscribe(events.append)
    _, o = repo.upsert_from_remote(remote())
    assert events == []  # pulled data is not a local change
    repo.save_draft(o.id, Report(findings="x"), "r")
    repo.sign(o.id, "r")
    assert [e.kind for e in events] == ["draft", "signed"] and events[-1].remote_id == "ocs-7"
    assert events[-1].payload["_confirmed"] is True
    assert [d.id for d in repo.dirty_orders()] == [o.id]
    repo.mark_synced(o.id)
    assert repo.dirty_orders() == []
    unsubscribe()
    repo.add_addendum(o.id, "more", "r")
    assert len(events) == 2


def test_signed_local_report_never_replaced_by_remote_draft(repo):
    _, o = repo.upsert_from_remote(remote())
    repo.save_draft(o.id, Report(findings="signed words"), "r")
    repo.sign(o.id, "r")
    repo.mark_synced(o.id)
    outcome, o2 = repo.upsert_from_remote(remote(worker_result={"findings": "older draft"}))
    assert outcome == "conflict" and o2.report.findings == "signed words" and o2.report.confirmed


def test_remote_version_kept_for_pushes(repo):
    _, o = repo.upsert_from_remote(remote(version=3))
    assert o.remote_version == 3
    repo.save_draft(o.id, Report(findings="local"), "r")
    _, o = repo.upsert_from_remote(remote(version=4, worker_result={"findings": "remote"}))
    assert o.remote_version == 3   # conflict: the local copy still builds on version 3
    assert repo.mark_synced(o.id, remote_version=5).remote_version == 5
