"""Fixtures: a tiny model folder (the real loader and pipeline, a one-layer network), tiny synthetic
studies, a real redis-server (AOF on) per test and real Celery workers (solo pool) as subprocesses."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest

from tests.harness.redis_peer import RedisServer

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_S = 8  # a killed worker's job goes back to the queue after this (production: 3600)


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    from inference.queue.tiny import make_tiny_model

    root = tmp_path_factory.mktemp("models")
    make_tiny_model(root / "tiny")
    make_tiny_model(root / "tiny_slow", spacing_mm=1.0)  # same network, ~60x the windows: a job to cancel mid-run
    return root


@pytest.fixture(scope="session")
def studies(tmp_path_factory) -> list[tuple[str, Path]]:
    """Four tiny four-sequence studies: (StudyInstanceUID, folder)."""
    from inference.queue.tiny import make_tiny_study

    out = []
    for seed in range(4):
        s = make_tiny_study(tmp_path_factory.mktemp(f"study{seed}"), seed=seed)
        uid = str(pydicom.dcmread(next((s.folder / "T1c").iterdir()), stop_before_pixels=True).StudyInstanceUID)
        out.append((uid, s.folder))
    return out


@pytest.fixture
def redis_server(tmp_path):
    with RedisServer(tmp_path / "redis") as r:
        yield r


@pytest.fixture(autouse=True)
def _model_path(models_dir, monkeypatch):
    monkeypatch.setenv("CDSS_MODELS_PATH", str(models_dir))


class Workers:
    """Celery workers started as subprocesses, stopped (or killed) by PID."""

    def __init__(self, broker: str, models_dir: Path, logs: Path):
        self.broker, self.models_dir, self.logs = broker, models_dir, logs
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, queues: str = "gpu,cpu", cli: bool = False) -> subprocess.Popen:
        env = dict(os.environ, CDSS_INFERENCE_BROKER=self.broker, CDSS_MODELS_PATH=str(self.models_dir),
                   CDSS_INFERENCE_VISIBILITY_TIMEOUT=str(VISIBILITY_S), CDSS_INFERENCE_RESTORE_INTERVAL="2",
                   OMP_NUM_THREADS="1",
                   PYTHONPATH=str(ROOT))
        if cli:  # the product's command
            cmd = [sys.executable, "-m", "workstation.cli.main", "inference-worker", "--broker", self.broker,
                   "--queues", queues, "--name", f"{name}@%h", "--loglevel", "WARNING"]
        else:  # plain Celery on the app module
            cmd = [sys.executable, "-m", "celery", "-A", "inference.queue.app", "worker", "-P", "solo", "-Q", queues,
                   "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"]
        log = open(self.logs / f"{name}.log", "ab")
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def kill9(self, p: subprocess.Popen) -> None:
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=10)

    def stop_all(self) -> None:
        """Idle by now: cold shutdown (SIGQUIT) of each, SIGKILL if it lingers."""
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGQUIT)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)

    def log_text(self) -> str:
        return "\n".join(f"--- {f.name}\n{f.read_text(errors='replace')[-3000:]}" for f in self.logs.glob("*.log"))


@pytest.fixture
def workers(redis_server, models_dir, tmp_path):
    logs = tmp_path / "worker-logs"
    logs.mkdir()
    w = Workers(redis_server.url(), models_dir, logs)
    yield w
    w.stop_all()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(tmp_path / "no-site.toml"))  # not this machine's /etc file
    return tmp_path / "home"


@pytest.fixture
def archive_two_studies(tmp_path, studies):
    from workstation.archive.api import Archive
    from workstation.importer.job import run_import

    archive = Archive.open(tmp_path / "archive")
    assert run_import(archive, [studies[0][1], studies[2][1]]).ok
    yield archive, studies[0][0], studies[2][0]
    archive.close()


def segs_in(folder: Path, study_uid: str | None = None) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*_seg.dcm") if study_uid is None or p.name.startswith(study_uid))
