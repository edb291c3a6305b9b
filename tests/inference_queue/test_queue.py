"""The inference queue with a real redis-server and real Celery workers (solo pool) as subprocesses."""
from __future__ import annotations

import time
from pathlib import Path

import pydicom
import pytest

from inference.queue.client import CANCELLED, DONE, FAILED, RUNNING, InferenceClient

from .conftest import segs_in


def _wait_all(client, ids, timeout=150):
    return {i: client.wait(i, timeout=timeout) for i in ids}


def test_n_jobs_from_two_clients_on_two_workers_give_n_segs_each_once(redis_server, workers, studies, tmp_path):
    workers.start("w1")
    workers.start("w2", cli=True)  # the product's `cdss-workstation inference-worker`
    out = tmp_path / "segs"
    a, b = InferenceClient(redis_server.url()), InferenceClient(redis_server.url())
    try:
        ids = [(a if n % 2 == 0 else b).submit(uid, [str(folder)], str(out), "tiny")
               for n, (uid, folder) in enumerate(studies)]
        # the same study + model again, from either client, is the same job
        assert b.submit(studies[0][0], [str(studies[0][1])], str(out), "tiny") == ids[0]
        assert a.submit(studies[1][0], [str(studies[1][1])], str(out), "tiny") == ids[1]
        assert len(set(ids)) == len(studies)
        gone = tmp_path / "archive" / "not-there"
        missing = a.submit("1.2.3.4", [str(gone)], str(out), "tiny")
        wrong = b.submit("1.2.3.999", [str(studies[0][1])], str(out), "tiny")
        seen_running = set()
        done = {i: a.wait(i, timeout=180, on_status=lambda s: s.state == RUNNING and seen_running.add(s.job_id))
                for i in ids}
        failed, failed_wrong = a.wait(missing, timeout=60), b.wait(wrong, timeout=60)
    finally:
        a.close(), b.close()
    # a job whose input is missing fails with the reason the user is shown
    assert failed.state == FAILED and failed_wrong.state == FAILED
    assert "input not found on the inference server" in failed.error and str(gone) in failed.error
    assert "not 1.2.3.999" in failed_wrong.error and failed.text().startswith("failed:")
    assert all(s.state == DONE for s in done.values()), [s.text() for s in done.values()] + [workers.log_text()]
    assert seen_running, "no job was ever seen running with progress"
    hosts = {s.result["seg"] for s in done.values()}
    assert len(hosts) == len(studies)
    for uid, _ in studies:
        segs = segs_in(out, uid)
        assert len(segs) == 1, segs
        ds = pydicom.dcmread(segs[0])
        assert ds.Modality == "SEG" and ds.StudyInstanceUID == uid
    assert len(segs_in(out)) == len(studies)
    assert not [p for p in out.iterdir() if p.name.startswith(".inference-")]  # no temp folder left behind
    c = InferenceClient(redis_server.url())
    fig = c.figures()
    assert fig.depth == {"gpu": 0, "cpu": 0}
    assert fig.jobs_per_min > 0 and "jobs/min" in fig.text()
    # a resubmission after it is done is still the same job: no second SEG
    assert c.submit(studies[2][0], [str(studies[2][1])], str(out), "tiny") == ids[2]
    c.close()


def test_worker_killed_mid_job_the_job_is_retried_and_gives_one_seg(redis_server, workers, studies, tmp_path):
    victim = workers.start("victim")
    out = tmp_path / "segs"
    c = InferenceClient(redis_server.url())
    uid, folder = studies[0]
    jid = c.submit(uid, [str(folder)], str(out), "tiny")
    deadline = time.monotonic() + 120
    while c.status(jid).state != RUNNING:
        assert time.monotonic() < deadline, workers.log_text()
        time.sleep(0.05)
    workers.kill9(victim)  # SIGKILL mid-job: no chance to ack or clean up
    assert not segs_in(out)
    workers.start("survivor")
    st = c.wait(jid, timeout=150)
    c.close()
    assert st.state == DONE, st.text() + workers.log_text()
    assert st.result["worker"].startswith("survivor@")  # the other worker did it
    assert len(segs_in(out, uid)) == 1 and len(segs_in(out)) == 1


def test_redis_restart_between_submit_and_run_loses_nothing(redis_server, workers, studies, tmp_path):
    out = tmp_path / "segs"
    c = InferenceClient(redis_server.url())
    ids = [c.submit(uid, [str(folder)], str(out), "tiny") for uid, folder in studies[:2]]
    assert c.figures().depth["gpu"] == 2
    c.close()
    redis_server.restart()  # no worker has seen the jobs yet; AOF carries them over
    c = InferenceClient(redis_server.url())
    assert c.figures().depth["gpu"] == 2
    workers.start("w1")
    done = _wait_all(c, ids)
    c.close()
    assert all(s.state == DONE for s in done.values()), [s.text() for s in done.values()]
    assert len(segs_in(out)) == 2


def test_cancel_a_queued_job_and_a_running_one(redis_server, workers, studies, tmp_path):
    out = tmp_path / "segs"
    c = InferenceClient(redis_server.url())
    first, queued, last = [c.submit(uid, [str(folder)], str(out), model)
                           for (uid, folder), model in zip(studies[:3], ("tiny", "tiny", "tiny_slow"))]
    c.cancel(queued)
    assert c.status(queued).state == CANCELLED
    workers.start("w1")
    assert c.wait(first, timeout=150).state == DONE
    deadline = time.monotonic() + 60
    while c.status(last).state != RUNNING:
        assert time.monotonic() < deadline, workers.log_text()
        time.sleep(0.05)
    c.cancel(last)  # running: the pipeline stops at its next check
    st_last = c.wait(last, timeout=60)
    assert st_last.state == CANCELLED, st_last.text()
    assert c.status(queued).state == CANCELLED
    assert segs_in(out, studies[1][0]) == [] and segs_in(out, studies[2][0]) == []
    assert len(segs_in(out)) == 1
    # after a cancel, the same study may be submitted again: a new job
    again = c.submit(studies[1][0], [str(studies[1][1])], str(out), "tiny")
    assert again != queued and c.wait(again, timeout=150).state == DONE
    c.close()
    assert len(segs_in(out, studies[1][0])) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".inference-")]


def test_embedded_mode_runs_the_same_pipeline_in_process(studies, tmp_path):
    c = InferenceClient(None)
    assert c.embedded
    out = tmp_path / "segs"
    uid, folder = studies[0]
    jid = c.submit(uid, [str(folder)], str(out), "tiny")
    assert c.submit(uid, [str(folder)], str(out), "tiny") == jid
    bad = c.submit("1.2.3.4", [str(tmp_path / "nope")], str(out), "tiny")
    st = c.wait(jid, timeout=120)
    assert st.state == DONE and st.result["volumes_ml"]
    assert c.wait(bad, timeout=30).state == FAILED and "input not found" in c.status(bad).error
    assert len(segs_in(out)) == 1
    assert "waiting" in c.figures().text()
    c.close()


def test_worker_command_refuses_a_missing_broker_or_an_unknown_queue(tmp_path):
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "CDSS_INFERENCE_BROKER"}
    cmd = [sys.executable, "-m", "workstation.cli.main", "inference-worker"]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--broker" in r.stderr
    r = subprocess.run(cmd + ["--broker", "redis://127.0.0.1:1/0", "--queues", "gpu,fast"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "unknown queue(s) fast" in r.stderr


def test_a_job_run_again_returns_its_seg_and_leaves_one(studies, tmp_path):
    """What a retried job does when the first run got as far as renaming its SEG into place."""
    from inference.queue.job import run_job

    uid, folder = studies[2]
    job = {"study_uid": uid, "inputs": [str(folder)], "out_dir": str(tmp_path / "segs"), "model": "tiny"}
    first = run_job(job)
    mtime = Path(first["seg"]).stat().st_mtime_ns
    again = run_job(job)
    assert not first["reused"] and again["reused"]
    assert again["seg"] == first["seg"] and Path(first["seg"]).stat().st_mtime_ns == mtime
    assert len(segs_in(tmp_path / "segs")) == 1 and len(list((tmp_path / "segs").iterdir())) == 3
