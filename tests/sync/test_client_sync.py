"""The client against the real service: pulls into the local cache, offline work, outbox, conflicts."""
from __future__ import annotations

import json
from typing import NamedTuple

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient, SyncUnavailable
from tests.sync.service_proc import ServiceProcess

pytestmark = pytest.mark.mariadb


class ServerOrder(NamedTuple):
    status: str
    version: int
    worker_result: dict


def client_for(dep, tmp_path, role="RIS", name="local", url=None) -> SyncClient:
    return SyncClient(f"sqlite:///{tmp_path / (name + '.sqlite')}", url or dep.url, dep.tokens[role],
                      backoff=Backoff(base=0.01, cap=0.05))


def server_order(dep, order_id):
    """(status, version, worker_result) straight from MySQL."""
    with dep.engine.connect() as c:
        row = c.execute(text("SELECT status, version, worker_result FROM ocs WHERE id=:i"), {"i": order_id}).one()
    return ServerOrder(row.status, row.version, json.loads(row.worker_result))


def history_count(dep, order_id):
    with dep.engine.connect() as c:
        return c.execute(text("SELECT COUNT(*) FROM ocs_history WHERE ocs_id=:i"), {"i": order_id}).scalar()


def test_worklist_tabs_and_nurse_summary(deployment, tmp_path):
    ris = client_for(deployment, tmp_path)
    unread, draft, signed = (ris.pull_worklist(s) for s in ("none", "draft", "signed"))
    assert (len(unread), len(draft), len(signed)) == (17, 10, 6)
    assert {s.report_status for s in draft} == {"draft"} and all(s.findings for s in draft)
    assert all(s.impression is None for s in unread)
    dates = [s.study_date for s in ris.pull_worklist(patient_id=1)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    assert len(ris.cached_worklist()) == 33  # union of the three tabs, from the local cache
    nurse = client_for(deployment, tmp_path, "NURSE", "nurse")
    studies = nurse.pull_worklist("signed")
    assert len(studies) == 6 and all(s.summary_only for s in studies)
    assert all(s.findings is None and s.study_uid is None and s.impression for s in studies)


def test_offline_queue_drains_when_service_returns(deployment, tmp_path):
    svc = ServiceProcess(deployment.database_url, tmp_path / "svc.log").start()
    try:
        client = client_for(deployment, tmp_path, url=svc.url)
        before = {o.id: o for o in client.pull_orders()}
        assert len(before) == 54 and client.state().online
        order = next(o for o in before.values() if o.job_role == "RIS" and o.status == "ORDERED")
        svc.stop()
        with pytest.raises(SyncUnavailable):
            client.pull_orders()
        assert len(client.cached_orders()) == 54  # the local store still answers
        client.enqueue("status", order.id, {"status": "ACCEPTED"}, order.version)
        report = client.drain()
        assert report.applied == 0 and report.remaining == 1 and "unreachable" in report.error
        state = client.state()
        assert state.pending == 1 and not state.online and "unreachable" in state.last_error
        assert server_order(deployment, order.id).status == "ORDERED"
        svc.start()
        report = client.drain(ignore_backoff=True)
        assert (report.applied, report.remaining, report.error) == (1, 0, None)
        state = client.state()
        assert state.pending == 0 and state.online and state.last_success >= state.last_error_at
        assert server_order(deployment, order.id)[:2] == ("ACCEPTED", order.version + 1)
        assert client.cached_order(order.id).status == "ACCEPTED"
        # incremental pull: only what changed since the last pull comes back
        assert [o.id for o in client.pull_orders()] == [order.id]
        assert client.pull_orders() == []
    finally:
        svc.stop()


def test_two_clients_same_draft_both_versions_kept(deployment, tmp_path):
    a, b = client_for(deployment, tmp_path, name="a"), client_for(deployment, tmp_path, name="b")
    order = next(o for o in a.pull_orders(full=True) if o.worker_result.get("findings") and o.status == "IN_PROGRESS")
    b.pull_orders(full=True)
    a.enqueue("report", order.id, {"findings": "A: 3 cm mass", "impression": "A impression"}, order.version)
    b.enqueue("report", order.id, {"findings": "B: 3.2 cm mass, oedema", "impression": "B impression"},
              order.version)
    assert a.drain().applied == 1
    report = b.drain()
    assert (report.applied, report.conflicts) == (0, 1)
    assert server_order(deployment, order.id).worker_result["findings"] == "A: 3 cm mass"  # not overwritten
    [conflict] = b.conflicts()
    assert conflict.local_payload["findings"] == "B: 3.2 cm mass, oedema"
    assert conflict.server_copy["worker_result"]["findings"] == "A: 3 cm mass"
    assert conflict.server_copy["version"] == order.version + 1
    assert b.state().conflicts == 1
    b.resolve_conflict(conflict.id, "mine")
    assert b.drain().applied == 1
    status, version, wr = server_order(deployment, order.id)
    assert wr["findings"] == "B: 3.2 cm mass, oedema" and version == order.version + 2
    [kept] = b.conflicts(include_resolved=True)
    assert kept.resolution == "mine" and kept.server_copy["worker_result"]["findings"] == "A: 3 cm mass"
    assert b.state().conflicts == 0


def test_conflict_resolved_with_theirs_sends_nothing(deployment, tmp_path):
    a, b = client_for(deployment, tmp_path, name="a2"), client_for(deployment, tmp_path, name="b2")
    order = [o for o in a.pull_orders(full=True) if o.job_role == "RIS" and o.status == "IN_PROGRESS"][-1]
    a.enqueue("report", order.id, {"impression": "first"}, order.version)
    b.enqueue("report", order.id, {"impression": "second"}, order.version)
    a.drain(), b.drain()
    [c] = b.conflicts()
    assert b.resolve_conflict(c.id, "theirs") is None
    assert b.drain().applied == 0 and b.state().pending == 0
    assert server_order(deployment, order.id).worker_result["impression"] == "first"


def test_local_edits_in_a_row_are_rebased_not_conflicting(deployment, tmp_path):
    client = client_for(deployment, tmp_path, name="seq")
    order = next(o for o in client.pull_orders(full=True) if o.job_role == "RIS" and o.status == "ACCEPTED")
    client.enqueue("status", order.id, {"status": "IN_PROGRESS"}, order.version)
    client.enqueue("report", order.id, {"findings": "draft 1"}, order.version)
    client.enqueue("measurement", order.id, {"uuid": "a" * 32, "kind": "length", "value": 31.5, "unit": "mm",
                                             "points_lps": [[-40.0, 10.0, 5.0], [-9.0, 12.0, 5.0]]})
    client.enqueue("report", order.id, {"findings": "draft 2", "impression": "glioma", "sign": True}, order.version)
    report = client.drain()
    assert (report.applied, report.conflicts, report.failed) == (4, 0, 0)
    status, version, wr = server_order(deployment, order.id)
    assert status == "CONFIRMED" and wr["findings"] == "draft 2" and wr["_confirmed"] is True
    # a left-sided point stays left (L is +x in LPS): coordinates go through untouched
    assert wr["measurements"][0]["points_lps"][0] == [-40.0, 10.0, 5.0]


def test_refused_change_is_kept_visible_not_dropped(deployment, tmp_path):
    doctor = client_for(deployment, tmp_path, "DOCTOR", "doc")
    order = next(o for o in doctor.pull_orders(full=True) if o.job_role == "RIS" and o.status == "RESULT_READY")
    doctor.enqueue("status", order.id, {"status": "CONFIRMED"}, order.version)  # only RIS staff confirm
    report = doctor.drain()
    assert report.failed == 1 and report.remaining == 0
    [failed] = doctor.failed_items()
    assert failed["payload"] == {"status": "CONFIRMED"} and "403" in failed["error"]
    assert doctor.state().failed == 1 and "refused" in doctor.state().last_error
    assert server_order(deployment, order.id).status == "RESULT_READY"


def test_lost_reply_retry_is_applied_once(deployment, tmp_path):
    client = client_for(deployment, tmp_path, name="retry")
    order = next(o for o in client.pull_orders(full=True) if o.job_role == "RIS" and o.status == "ORDERED"
                 and o.version == 1)
    client.enqueue("status", order.id, {"status": "ACCEPTED"}, order.version)
    client.drain()
    n = history_count(deployment, order.id)
    with client.engine.begin() as c:  # as if the reply had been lost: the item is sent again, same key
        c.execute(text("UPDATE sync_outbox SET status='pending'"))
    assert client.drain().applied == 1
    assert history_count(deployment, order.id) == n
    assert server_order(deployment, order.id)[:2] == ("ACCEPTED", 2)


def test_backoff_holds_retries_and_cancel_stops_a_drain(tmp_path):
    from tests.harness.peers import free_port

    client = SyncClient(f"sqlite:///{tmp_path / 'off.sqlite'}", f"http://127.0.0.1:{free_port()}", "token",
                        backoff=Backoff(base=60.0, jitter=0.0))
    client.enqueue("status", 1, {"status": "ACCEPTED"}, 1)
    first = client.drain()
    assert first.remaining == 1 and "unreachable" in first.error
    second = client.drain()  # within the backoff window: no new attempt
    assert second.error.startswith("waiting to retry")
    with client.engine.connect() as c:
        assert c.execute(text("SELECT attempts FROM sync_outbox")).scalar() == 1
    import threading

    cancel = threading.Event()
    cancel.set()
    assert client.drain(cancel, ignore_backoff=True).cancelled
    with pytest.raises(ValueError, match="unknown outbox kind"):
        client.enqueue("delete_everything", 1, {})


def test_seed_is_shaped_like_the_hospital_copy(deployment):
    with deployment.engine.connect() as c:
        q = lambda sql: c.execute(text(sql)).scalar()  # noqa: E731
        assert q("SELECT COUNT(*) FROM ocs WHERE ocs_number LIKE 'OCS-RIS-%'") == 33
        assert q("SELECT COUNT(*) FROM ocs WHERE ocs_number LIKE 'OCS-LIS-%'") == 21
        assert q("SELECT COUNT(*) FROM imaging_study") == 33
        assert q("SELECT COUNT(*) FROM ai_model") == 3 and q("SELECT COUNT(*) FROM ai_inference_request") == 10
        assert q("SELECT COUNT(DISTINCT ocs_id) FROM imaging_study JOIN ocs ON ocs.id = ocs_id "
                 "WHERE ocs.job_role = 'RIS'") == 33


def test_incremental_pull_catches_a_late_commit(deployment, tmp_path):
    client = client_for(deployment, tmp_path, name="late")
    orders = client.pull_orders()
    newest = max(o.updated_at for o in orders)
    assert client.pull_orders() == []
    victim = min(orders, key=lambda o: o.id)
    # a write stamped just before the last pull's newest row, committed only now (a slow transaction)
    with deployment.engine.begin() as c:
        c.execute(text("UPDATE ocs SET version = version + 1, updated_at = :t - INTERVAL 1 SECOND WHERE id = :i"),
                  {"t": newest, "i": victim.id})
    assert [o.id for o in client.pull_orders()] == [victim.id]
    assert client.cached_order(victim.id).version == victim.version + 1


def test_parallel_drain_keeps_each_rows_order(deployment, tmp_path):
    lab = client_for(deployment, tmp_path, "LIS", name="lab")
    orders = [o for o in lab.pull_orders(full=True) if o.status == "ORDERED"]
    assert len(orders) == 4 and {o.job_role for o in orders} == {"LIS"}
    for step in ("ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED"):  # interleaved across the rows
        for o in orders:
            lab.enqueue("status", o.id, {"status": step}, o.version)
    report = lab.drain()
    assert (report.applied, report.conflicts, report.failed) == (16, 0, 0)
    for o in orders:
        assert server_order(deployment, o.id)[:2] == ("CONFIRMED", o.version + 4)
        with deployment.engine.connect() as c:
            steps = c.execute(text("SELECT to_status FROM ocs_history WHERE ocs_id=:i ORDER BY id"),
                              {"i": o.id}).scalars().all()
        assert steps == ["ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED"]


def test_ai_review_goes_through_the_outbox(deployment, tmp_path):
    doctor = client_for(deployment, tmp_path, "DOCTOR", name="ai")
    doctor.enqueue("ai_review", 2, {"decision": "accepted", "comment": "mask matches the FLAIR signal"}, 1)
    assert doctor.drain().applied == 1
    with deployment.engine.connect() as c:
        row = c.execute(text("SELECT review_status, reviewer, version FROM ai_inference_result WHERE id=2")).one()
    assert tuple(row) == ("accepted", "dr.kim", 2)


def test_runner_drains_by_itself_when_the_service_returns(deployment, tmp_path):
    import time

    from sync.client import SyncRunner
    from tests.harness.peers import wait_until

    svc = ServiceProcess(deployment.database_url, tmp_path / "svc2.log")  # not started yet: offline
    client = client_for(deployment, tmp_path, name="runner", url=svc.url)
    states = []
    runner = SyncRunner(client, interval=0.2, pull=False, on_state=states.append).start()
    try:
        order_id = 48  # a LIS order no other test here touches
        with deployment.engine.connect() as c:
            version = c.execute(text("SELECT version FROM ocs WHERE id=:i"), {"i": order_id}).scalar()
        client.enqueue("report", order_id, {"findings": "a lab order has no report"}, version)  # refused, kept
        wait_until(lambda: states and not states[-1].online, timeout=10, what="offline state")
        assert states[-1].summary().startswith("offline · 1 change waiting · never synced")
        svc.start()
        wait_until(lambda: client.state().pending == 0, timeout=30, what="the outbox to drain")
        time.sleep(0.5)
        assert states[-1].online and "1 refused" in states[-1].summary()
        assert server_order(deployment, order_id).version == version  # untouched
    finally:
        runner.stop()
        svc.stop()
