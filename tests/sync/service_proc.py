"""The sync service under uvicorn in a subprocess on a free loopback port (start, SIGKILL, restart)."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.harness.peers import free_port, stop_process, wait_until

ROOT = Path(__file__).resolve().parents[2]


class ServiceProcess:
    def __init__(self, database_url: str, log_path: Path):
        self.database_url = database_url
        self.port = free_port()
        self.log_path = Path(log_path)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServiceProcess":
        """Start (or restart, on the same port) the service."""
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.service", "--database", self.database_url, "--port", str(self.port),
             "--no-migrate"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(self._ready, timeout=60, interval=0.1, what="the sync service to answer")
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"sync service exited: {self.log_path.read_text()[-3000:]}")
        return httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, in-flight requests die."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc:
            stop_process(self.proc, timeout=10)
            self.proc = None
