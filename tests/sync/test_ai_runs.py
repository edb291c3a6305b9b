"""A workstation's AI run as the CDSS's inference request → result → review, through the outbox and the real
service: kept in that order when queued offline and drained later, recorded once however often it is sent,
a failed job a failed request with its reason; a patient's AI results (M1, MG, MM) pulled and cached."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient
from tests.sync.service_proc import ServiceProcess

pytestmark = pytest.mark.mariadb

RESULT_DATA = {"seg_series_uid": "1.2.826.0.1.3680043.10.99.1", "seg_instance_uids": ["1.2.826.0.1.3680043.10.99.1.1"],
               "model": {"name": "m1_demo_synthetic", "version": "0.1.0", "sha256": {"onnx": "d492f094"}},
               "volumes_ml": {"necrosis": 1.2, "oedema": 20.5, "enhancing": 4.25}}


def client_for(dep, tmp_path, role="DOCTOR", name="ws", url=None) -> SyncClient:
    return SyncClient(f"sqlite:///{tmp_path / (name + '.sqlite')}", url or dep.url, dep.tokens[role],
                      backoff=Backoff(base=0.01, cap=0.05))


def mr_order(dep, patient_id: int) -> tuple[int, str]:
    with dep.engine.connect() as c:
        return tuple(c.execute(text("SELECT ocs.id, imaging_study.study_uid FROM ocs JOIN imaging_study ON "
                                    "imaging_study.ocs_id = ocs.id WHERE ocs.patient_id=:p AND modality='MR' "
                                    "ORDER BY ocs.id LIMIT 1"), {"p": patient_id}).one())


def queue_run(client, patient_id, ocs_id, study_uid, job, outcome="COMPLETED", review=None):
    """What the workstation queues for one M1 job: request, then outcome, then (optionally) the review."""
    req = client.enqueue("ai_request", patient_id, {"patient_id": patient_id, "model": "M1", "ocs_id": ocs_id,
                                                    "study_uid": study_uid, "job_uid": job,
                                                    "requested_at": "2026-12-02T09:15:00"})
    body = ({"status": "COMPLETED", "result_data": RESULT_DATA, "completed_at": "2026-12-02T09:16:30"}
            if outcome == "COMPLETED" else {"status": "FAILED", "error": outcome})
    res = client.enqueue("ai_result", None, body, after=req)
    rev = client.enqueue("ai_review", None, review, 1, after=res) if review else None
    return req, res, rev


def request_row(dep, job):
    with dep.engine.connect() as c:
        return c.execute(text("SELECT * FROM ai_inference_request WHERE job_uid=:j"), {"j": job}).mappings().all()


def test_a_run_queued_offline_reaches_the_cdss_later_as_request_result_review_in_order(deployment, tmp_path):
    svc = ServiceProcess(deployment.database_url, tmp_path / "svc.log")  # not started: the workstation is offline
    client = client_for(deployment, tmp_path, url=svc.url)
    ocs_id, study_uid = mr_order(deployment, 1)
    job = uuid.uuid4().hex
    try:
        queue_run(client, 1, ocs_id, study_uid, job, review={"decision": "rejected", "comment": "rim missed"})
        report = client.drain()
        assert report.applied == 0 and client.state().pending == 3 and not client.state().online
        svc.start()
        report = client.drain(ignore_backoff=True)
        assert (report.applied, report.failed, report.conflicts, report.remaining) == (3, 0, 0, 0)
    finally:
        svc.stop()
    (req,) = request_row(deployment, job)
    assert (req["patient_id"], req["ocs_id"], req["study_uid"], req["status"]) == (1, ocs_id, study_uid, "COMPLETED")
    assert req["requested_by"] == "dr.kim" and str(req["created_at"]).startswith("2026-12-02 09:15:00")
    assert str(req["completed_at"]).startswith("2026-12-02 09:16:30")  # the workstation's times, not the send time
    with deployment.engine.connect() as c:
        res = c.execute(text("SELECT * FROM ai_inference_result WHERE request_id=:r"),
                        {"r": req["id"]}).mappings().one()
        log = c.execute(text("SELECT message FROM ai_inference_log WHERE request_id=:r ORDER BY id"),
                        {"r": req["id"]}).scalars().all()
    data = json.loads(res["result_data"]) if isinstance(res["result_data"], str) else res["result_data"]
    assert data["volumes_ml"]["enhancing"] == 4.25 and data["model"]["version"] == "0.1.0"
    assert data["seg_instance_uids"] == RESULT_DATA["seg_instance_uids"]
    assert (res["review_status"], res["review_comment"], res["reviewer"]) == ("rejected", "rim missed", "dr.kim")
    assert [m.split(" ")[0:2] for m in log] == [["M1", "run"], ["run", "completed,"], ["result", "rejected"]]


def test_the_same_job_sent_twice_or_by_two_workstations_is_one_request_and_one_result(deployment, tmp_path):
    ocs_id, study_uid = mr_order(deployment, 3)
    job = uuid.uuid4().hex
    first, second = client_for(deployment, tmp_path, name="a"), client_for(deployment, tmp_path, "RIS", name="b")
    for c in (first, second):  # the queue collapsed both workstations' submissions into one job
        queue_run(c, 3, ocs_id, study_uid, job)
        assert c.drain().applied == 2
    assert len(request_row(deployment, job)) == 1
    rid = request_row(deployment, job)[0]["id"]
    with deployment.http("DOCTOR") as h:
        again = h.post(f"/api/ai/requests/{rid}/result/", json={"status": "COMPLETED", "result_data": {}})
        assert again.status_code == 200 and again.json()["result"]["result_data"] == RESULT_DATA  # the stored one
        other = h.post(f"/api/ai/requests/{rid}/result/", json={"status": "FAILED", "error": "late failure"})
        assert other.status_code == 409 and other.json()["current"]["status"] == "COMPLETED"
    with deployment.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM ai_inference_result WHERE request_id=:r"), {"r": rid}).scalar() == 1


def test_a_failed_job_is_a_failed_request_with_its_reason(deployment, tmp_path):
    ocs_id, study_uid = mr_order(deployment, 4)
    job = uuid.uuid4().hex
    client = client_for(deployment, tmp_path)
    queue_run(client, 4, ocs_id, study_uid, job, outcome="study 1.2.3: no FLAIR series found")
    assert client.drain().applied == 2
    (req,) = request_row(deployment, job)
    assert (req["status"], req["error_message"]) == ("FAILED", "study 1.2.3: no FLAIR series found")
    with deployment.http("RIS") as h:
        listed = [r for r in h.get("/api/ai/requests/", params={"patient_id": 4}).json()["results"]
                  if r["job_uid"] == job]
    assert listed[0]["error"] == "study 1.2.3: no FLAIR series found" and listed[0]["result_id"] is None
    with deployment.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM ai_inference_result WHERE request_id=:r"),
                         {"r": req["id"]}).scalar() == 0


def test_a_refused_request_fails_what_waits_on_it_and_nothing_is_sent(deployment, tmp_path):
    client = client_for(deployment, tmp_path)
    job = uuid.uuid4().hex
    queue_run(client, 2, None, None, job, review={"decision": "accepted"})  # patient 2 has no MR study
    report = client.drain()
    assert (report.applied, report.failed) == (0, 1)
    failed = client.failed_items()
    assert [f["kind"] for f in failed] == ["ai_request", "ai_result", "ai_review"]
    assert "MRI" in failed[0]["error"] and "refused" in failed[1]["error"] and "refused" in failed[2]["error"]
    assert client.state().pending == 0 and request_row(deployment, job) == []


def test_a_patients_ai_results_of_every_model_are_pulled_and_read_offline(deployment, tmp_path):
    svc = ServiceProcess(deployment.database_url, tmp_path / "svc2.log").start()
    client = client_for(deployment, tmp_path, url=svc.url, name="pull")
    try:
        mine = client.pull_ai_results(1)
        theirs = client.pull_ai_results(3)
    finally:
        svc.stop()
    assert {r.model for r in mine} >= {"M1", "MG"} and {r.patient_id for r in mine} == {1}
    assert "MM" in {r.model for r in theirs} and {r.patient_id for r in theirs} == {3}
    mg = next(r for r in mine if r.model == "MG")
    assert mg.result_data["training_data"] == "synthetic" and "IDH1" in mg.result_data["summary"]
    offline = client.cached_ai_results(1)  # the service is gone: the cache answers, this patient's only
    assert [r.id for r in offline] == [r.id for r in mine]
    assert not {r.id for r in offline} & {r.id for r in theirs}
