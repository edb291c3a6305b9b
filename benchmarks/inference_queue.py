"""Inference queue throughput: jobs/min with 1 and 2 Celery workers (solo pool) on a real redis-server,
against the same jobs run in-process one after another (the embedded default, the baseline of this run);
and the queue's overhead per job (submit → done seen by the client, minus the pipeline's own time); the cost of
one status-bar figures read (ms) and, with ``--fetch``, of a worker fetching the study from a real Orthanc by
WADO-RS (``fetch = "dicomweb"``) against the bare pipeline time.

    nice -n 10 .venv/bin/python benchmarks/inference_queue.py [--jobs 6] [--model tiny|m1_demo_synthetic] [--fetch]

``tiny`` (default) is a one-layer network through the real loader and pipeline (inference/queue/tiny.py)
on a coarse synthetic study, so the figures are about the queue, not the network; with
``--model m1_demo_synthetic`` they are about M1 on this machine. The machine is shared and has two cores:
compare ratios, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _start_worker(broker: str, name: str, log: Path) -> subprocess.Popen:
    env = dict(os.environ, CDSS_INFERENCE_BROKER=broker, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "inference.queue.app", "worker", "-P", "solo",
                             "-Q", "gpu,cpu", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
                             "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=open(log, "ab"),
                            stderr=subprocess.STDOUT)


def _run_batch(client, uid: str, folder: Path, out: Path, n: int, model: str, tag: str) -> tuple[float, list]:
    t0 = time.perf_counter()
    ids = [client.submit(uid, [str(folder)], str(out / f"{tag}{k}"), model) for k in range(n)]
    done = [client.wait(i, timeout=1800, interval=0.05) for i in ids]
    wall = time.perf_counter() - t0
    bad = [d.text() for d in done if d.state != "done"]
    if bad:
        raise SystemExit(f"{tag}: {bad}")
    return wall, done


def _fetch_figures(tmp: Path, uid: str, folder: Path, bare_s: float) -> dict:
    """WADO-RS fetch of the study from a real Orthanc, as a worker with ``fetch = "dicomweb"`` does (median of 3)."""
    import shutil

    from inference.queue.fetch import dicomweb_files
    from tests.harness.orthanc import OrthancServer

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with OrthancServer(tmp / "orthanc") as pacs:
        for f in files:
            pacs.upload(f)
        auth = tmp / "pacs-auth"
        auth.write_text(f"{pacs.user}:{pacs.password}")
        os.environ["CDSS_INFERENCE_DICOMWEB_AUTH_FILE"] = str(auth)
        times = []
        for k in range(3):
            t = time.perf_counter()
            got = dicomweb_files(uid, {"url": pacs.dicomweb_url}, tmp / f"fetched{k}")
            times.append(time.perf_counter() - t)
            shutil.rmtree(tmp / f"fetched{k}")
    fetch_s = sorted(times)[1]
    return {"dicomweb_fetch_s_per_study": round(fetch_s, 3), "fetched_instances": len(got),
            "study_mb": round(sum(f.stat().st_size for f in files) / 1e6, 2),
            "fetch_vs_bare_pipeline": round(fetch_s / bare_s, 3)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=6)
    ap.add_argument("--model", default="tiny")
    ap.add_argument("--fetch", action="store_true", help="also time a WADO-RS fetch of the study from Orthanc")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    from inference.queue.client import InferenceClient
    from inference.queue.job import run_job
    from inference.queue.tiny import make_tiny_model, make_tiny_study
    from tests.harness.redis_peer import RedisServer

    tmp = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    if args.model == "tiny":
        make_tiny_model(tmp / "models" / "tiny")
        os.environ["CDSS_MODELS_PATH"] = str(tmp / "models")
    study = make_tiny_study(tmp / "study", seed=3)
    import pydicom

    uid = str(pydicom.dcmread(next((study.folder / "T1c").iterdir()), stop_before_pixels=True).StudyInstanceUID)
    n, out = args.jobs, tmp / "out"
    figures: dict = {"jobs": n, "model": args.model}

    # baseline: the same jobs in-process, one after another (model loaded once, warm-up job not counted)
    job = {"study_uid": uid, "inputs": [str(study.folder)], "model": args.model, "device": "auto"}
    run_job({**job, "out_dir": str(out / "warm")})
    t0, bare = time.perf_counter(), []
    for k in range(n):
        res = run_job({**job, "out_dir": str(out / f"inproc{k}")})
        bare.append(res["seconds"]["total"])
    inproc_wall = time.perf_counter() - t0
    figures["in_process_jobs_per_min"] = round(n / inproc_wall * 60, 2)
    figures["bare_pipeline_s_per_job"] = round(sum(bare) / n, 3)

    with RedisServer(tmp / "redis") as redis:
        procs = []
        try:
            client = InferenceClient(redis.url())
            for w in (1, 2):
                procs.append(_start_worker(redis.url(), f"w{w}", tmp / f"w{w}.log"))
                # warm each worker (imports + model load) with as many jobs as there are workers
                _run_batch(client, uid, study.folder, out, w, args.model, f"warm{w}_")
                wall, done = _run_batch(client, uid, study.folder, out, n, args.model, f"q{w}_")
                figures[f"workers_{w}_jobs_per_min"] = round(n / wall * 60, 2)
                if w == 1:  # one job at a time on an idle warm worker: client-seen latency - pipeline time
                    lat = []
                    for k in range(3):
                        t = time.perf_counter()
                        _, d = _run_batch(client, uid, study.folder, out, 1, args.model, f"lat{k}_")
                        lat.append((time.perf_counter() - t) - d[0].result["seconds"]["total"])
                    figures["queue_overhead_ms_per_job"] = round(1000 * sorted(lat)[1], 1)
            # the status bar's figure: jobs finished in the last 10 minutes / 10 (all of this run's jobs)
            figures["status_bar_jobs_per_min_last_10_min"] = client.figures().jobs_per_min
            reads = []
            for _ in range(20):
                t = time.perf_counter()
                client.figures()
                reads.append(time.perf_counter() - t)
            figures["status_figures_read_ms"] = round(1000 * sorted(reads)[10], 2)
            client.close()
        finally:
            for p in procs:
                p.send_signal(signal.SIGQUIT)
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
    if args.fetch:
        figures.update(_fetch_figures(tmp, uid, study.folder, figures["bare_pipeline_s_per_job"]))
    base = figures["in_process_jobs_per_min"]
    figures["ratio_1_worker_vs_in_process"] = round(figures["workers_1_jobs_per_min"] / base, 2)
    figures["ratio_2_workers_vs_in_process"] = round(figures["workers_2_jobs_per_min"] / base, 2)
    figures["overhead_vs_bare_pipeline"] = round(
        figures["queue_overhead_ms_per_job"] / 1000 / figures["bare_pipeline_s_per_job"], 3)
    figures["cpu_cores"] = os.cpu_count()
    figures["device"] = "cuda" if torch.cuda.is_available() else "cpu"
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
