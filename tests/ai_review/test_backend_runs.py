"""An M1 run of this workstation recorded as the CDSS's AI inference request and result, and its review queued
as that result's review (issues 19, 20), against the real sync service: queued while offline, sent later in
the order request → result → review; a failed run (the real pipeline's error through ``M1Run``) becomes a
failed request with its reason; a study the CDSS does not know stays local, said why."""
from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient
from tests.gui.dicom_writer import write_series
from tests.sync.service_proc import ServiceProcess
from tests.viewer_layers.phantoms import image_volume, same_grid_labels
from viewer.io import load_path
from viewer.io.seg import read_seg
from workstation.ai_review.backend_runs import RunRecorder, reading_store_ids
from workstation.ai_review.seg_index import study_segs
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg
from workstation.ai_review.service import ReviewService
from workstation.archive import Archive
from workstation.db.database import LocalDatabase
from workstation.reading.audit import AuditLog
from workstation.reading.repository import ReadingRepository
from workstation.reading.roles import Role
from workstation.syncing.bridge import SyncBridge

pytestmark = pytest.mark.mariadb


@pytest.fixture(scope="module")
def deployment(mariadb, tmp_path_factory):
    from tests.sync.conftest import deploy

    dep = deploy(mariadb, tmp_path_factory)
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def cdss_mr_study(dep, patient_id=1):
    with dep.engine.connect() as c:
        return tuple(c.execute(text(
            "SELECT ocs.id, imaging_study.study_uid FROM ocs JOIN imaging_study ON imaging_study.ocs_id = ocs.id "
            "WHERE ocs.patient_id=:p AND modality='MR' ORDER BY ocs.id LIMIT 1"), {"p": patient_id}).one())


@pytest.fixture
def ws(tmp_path, deployment):
    """A workstation: archive with an MR study of a CDSS order (and its M1 label SEG), reading store pulled
    from the CDSS through the bridge, sync client on a service process of its own (started, stoppable)."""
    ocs_id, study_uid = cdss_mr_study(deployment)
    archive = Archive.open(tmp_path / "archive")
    files = write_series(image_volume(), tmp_path / "mr", modality="MR", patient_id="P20260001",
                         study_uid=study_uid)
    source = load_path(tmp_path / "mr").volumes[0]
    seg_path = write_label_seg(same_grid_labels().voxels, source_headers(files, source),
                               [SegmentSpec(1, "enhancing", (0, 200, 0), "m1_demo_synthetic 0.1.0")],
                               tmp_path / "inbox_seg.dcm", series_description="M1 tumour SEG")
    for f in files:
        archive.ingest_file(f)
    svc = ServiceProcess(deployment.database_url, tmp_path / "svc.log").start()
    client = SyncClient(f"sqlite:///{tmp_path / 'sync.sqlite'}", svc.url, deployment.tokens["DOCTOR"],
                        backoff=Backoff(base=0.01, cap=0.05))
    repo = ReadingRepository.open(f"sqlite:///{tmp_path / 'reading.sqlite'}")
    bridge = SyncBridge(repo, client)
    bridge.pull()
    db = LocalDatabase.of_archive(archive)
    recorder = RunRecorder(db.session_factory, client, reading_store_ids(repo), "dr.kim")
    yield SimpleNamespace(archive=archive, db=db, svc=svc, client=client, repo=repo, recorder=recorder,
                          seg_path=seg_path, study_uid=study_uid, ocs_id=ocs_id, tmp=tmp_path)
    bridge.close()
    client.close()
    svc.stop()
    archive.close()


def server_request(dep, job):
    with dep.engine.connect() as c:
        return c.execute(text("SELECT * FROM ai_inference_request WHERE job_uid=:j"), {"j": job}).mappings().one()


def test_a_local_run_and_its_review_reach_the_cdss_in_order_after_being_queued_offline(ws, deployment):
    ws.svc.stop()  # the service goes away: everything below is queued offline
    job = str(uuid.uuid4())
    run = ws.recorder.submitted(job, ws.study_uid, patient_id="P20260001")
    assert run.request_outbox_id is not None and run.not_queued == ""
    ws.archive.ingest_file(ws.seg_path)
    (ref,) = study_segs(ws.archive, ws.study_uid)
    result = {"seg": str(ws.seg_path), "volumes_ml": {"enhancing": 4.25},
              "model": {"name": "m1_demo_synthetic", "version": "0.1.0", "weights_sha256": "3b04e594",
                        "disclaimer": "trained on synthetic data - not for clinical use"}}
    run = ws.recorder.finished(job, "done", result=result, seg_paths=[ref.path])
    assert run.seg_sop_instance_uid == ref.sop_instance_uid and run.result_outbox_id is not None
    review = ReviewService(ws.db.session_factory, AuditLog(ws.db.session_factory, "ws"),
                           SimpleNamespace(username="dr.kim", role=Role.DOCTOR), archive=ws.archive, sync=ws.client,
                           runs=ws.recorder)
    r = review.review(ref, read_seg(ref.path), "rejected", "misses the anterior rim")
    assert r.queued  # queued although the CDSS result does not exist yet
    assert ws.client.drain().applied == 0 and ws.client.state().pending == 3

    ws.svc.start()
    report = ws.client.drain(ignore_backoff=True)
    assert (report.applied, report.failed, report.conflicts) == (3, 0, 0)
    req = server_request(deployment, job)
    assert (req["patient_id"], req["ocs_id"], req["study_uid"], req["status"]) == (1, ws.ocs_id, ws.study_uid,
                                                                                   "COMPLETED")
    with deployment.engine.connect() as c:
        res = c.execute(text("SELECT * FROM ai_inference_result WHERE request_id=:r"),
                        {"r": req["id"]}).mappings().one()
    data = res["result_data"] if isinstance(res["result_data"], dict) else json.loads(res["result_data"])
    assert data["seg_sop_instance_uid"] == ref.sop_instance_uid and data["seg_series_uid"] == ref.series_instance_uid
    assert data["volumes_ml"] == {"enhancing": 4.25} and data["model"]["weights_sha256"] == "3b04e594"
    assert (res["review_status"], res["review_comment"], res["reviewer"]) == ("rejected", "misses the anterior rim",
                                                                              "dr.kim")
    # a second look: accepted, queued on top of the first review (version 2), applied without a conflict
    review.review(ref, read_seg(ref.path), "accepted", "fine after all")
    assert ws.client.drain().applied == 1
    with deployment.engine.connect() as c:
        assert c.execute(text("SELECT review_status FROM ai_inference_result WHERE id=:i"),
                         {"i": res["id"]}).scalar() == "accepted"


def test_a_failed_m1_run_becomes_a_failed_request_with_its_reason(ws, deployment):
    from workstation.ai_review.m1_run import M1Run, M1RunError
    from workstation.inference_jobs import InferenceService

    svc = InferenceService(ws.archive, None, out_dir=ws.tmp / "inbox", model=str(ws.tmp / "no_such_model"))
    run = M1Run(ws.archive, ws.study_uid, service=svc, poll_s=0.05, recorder=ws.recorder)
    try:
        with pytest.raises(M1RunError) as err:
            run.run()
    finally:
        svc.close()
    assert ws.client.drain().applied == 2
    req = server_request(deployment, run.job_id)
    assert req["status"] == "FAILED" and req["error_message"] and req["error_message"] in str(err.value)


def test_a_study_the_cdss_does_not_know_stays_local_and_says_why(ws, deployment):
    job = str(uuid.uuid4())
    run = ws.recorder.submitted(job, "1.2.3.999", patient_id="LOCAL-1")
    assert run.request_outbox_id is None and "no order" in run.not_queued
    assert ws.recorder.finished(job, "failed", error="x").result_outbox_id is None
    assert ws.client.state().pending == 0
    with deployment.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM ai_inference_request WHERE job_uid=:j"), {"j": job}).scalar() == 0


def test_a_review_of_a_run_someone_reviewed_meanwhile_is_kept_as_a_conflict_on_that_ai_result(ws, deployment):
    from workstation.syncing.conflicts import conflict_sides, conflict_title

    job = str(uuid.uuid4())
    ws.recorder.submitted(job, ws.study_uid)
    ws.archive.ingest_file(ws.seg_path)
    (ref,) = study_segs(ws.archive, ws.study_uid)
    ws.recorder.finished(job, "done", result={"seg": str(ws.seg_path), "volumes_ml": {"enhancing": 1.0}},
                         seg_paths=[ref.path])
    assert ws.client.drain().applied == 2
    result_id = server_request(deployment, job)["id"]
    with deployment.engine.connect() as c:
        result_id = c.execute(text("SELECT id FROM ai_inference_result WHERE request_id=:r"), {"r": result_id}).scalar()
    with deployment.http("RIS") as h:  # a radiologist reviews it on another workstation first
        assert h.post(f"/api/ai/results/{result_id}/review/",
                      json={"decision": "accepted", "base_version": 1}).status_code == 200
    review = ReviewService(ws.db.session_factory, AuditLog(ws.db.session_factory, "ws"),
                           SimpleNamespace(username="dr.kim", role=Role.DOCTOR), archive=ws.archive, sync=ws.client,
                           runs=ws.recorder)
    review.review(ref, read_seg(ref.path), "rejected", "oedema over-called")
    assert ws.client.drain().conflicts == 1
    (c,) = ws.client.conflicts()
    assert conflict_title(c) == f"#{c.id} ai_review · AI result {result_id} · v2"
    mine, theirs = conflict_sides(c)
    assert "rejected" in mine and "accepted" in theirs and "ris.park" in theirs  # both kept; the user picks


def test_a_run_made_with_the_sync_off_is_queued_when_the_sync_is_there_at_its_next_event(ws, deployment):
    job = str(uuid.uuid4())
    ws.recorder.sync = None  # the user has not configured the CDSS sync yet
    run = ws.recorder.submitted(job, ws.study_uid)
    assert run.request_outbox_id is None and "off" in run.not_queued and ws.client.state().pending == 0
    ws.recorder.sync = ws.client  # configured in Settings while the job runs
    run = ws.recorder.finished(job, "failed", error="no FLAIR series in the study")
    assert run.request_outbox_id is not None and run.result_outbox_id is not None and run.not_queued == ""
    assert ws.client.drain().applied == 2
    req = server_request(deployment, job)
    assert (req["status"], req["error_message"]) == ("FAILED", "no FLAIR series in the study")
