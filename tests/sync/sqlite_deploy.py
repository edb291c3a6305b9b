"""A seeded service on the embedded default (SQLite in a temp folder), for tests that need no MariaDB."""
from __future__ import annotations

from pathlib import Path

from tests.sync.conftest import Deployment
from tests.sync.service_proc import ServiceProcess


def deploy_sqlite(folder: Path) -> Deployment:
    from sync.service.db import make_engine
    from sync.service.migrate import upgrade
    from sync.service.seed import seed_demo

    url = f"sqlite:///{folder / 'cdss.db'}"
    engine = make_engine(url)
    upgrade(engine)
    tokens = seed_demo(engine)
    service = ServiceProcess(url, folder / "service.log").start()
    return Deployment(url, engine, tokens, service)


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory (``VmHWM``), KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")
