"""A throwaway ``redis-server`` on a loopback port in a temp folder, with persistence (AOF) on.

Usage::

    with RedisServer(tmp_path) as r:
        url = r.url()           # redis://127.0.0.1:PORT/0
        r.restart()             # stop (SIGTERM: AOF flushed) and start again on the same port and data
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .peers import free_port, port_open, require_binary, stop_process, wait_until


class RedisServer:
    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        binary = require_binary("redis-server", "redis-server")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
             "--protected-mode", "yes", "--logfile", str(self.workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._up, timeout=20, what="redis-server to listen")
        return self

    def _up(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            log = self.workdir / "redis.log"
            raise RuntimeError(f"redis-server exited: {log.read_text()[-2000:] if log.exists() else ''}")
        return port_open(self.port)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.proc:
            stop_process(self.proc)
            self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
