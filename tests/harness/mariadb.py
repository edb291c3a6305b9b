"""A throwaway MariaDB server: ``mariadb-install-db`` into a temp folder, ``mariadbd`` on a loopback port.

Usage::

    with MariaDBServer(tmp_path) as db:
        url = db.create_database("archive")   # mysql+pymysql://test:...@127.0.0.1:PORT/archive
"""
from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from .peers import free_port, require_binary, stop_process, wait_until


class MariaDBServer:
    user = "test"
    password = "test-pw-9f3c"

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.socket = self.workdir / "mdb.sock"

    def start(self) -> "MariaDBServer":
        install = require_binary("mariadb-install-db", "mariadb-server")
        mariadbd = require_binary("mariadbd", "mariadb-server")
        datadir = self.workdir / "data"
        datadir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [install, "--no-defaults", f"--datadir={datadir}", "--user=root",
             "--auth-root-authentication-method=socket", "--skip-test-db"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.proc = subprocess.Popen(
            [mariadbd, "--no-defaults", f"--datadir={datadir}", f"--socket={self.socket}",
             f"--port={self.port}", "--bind-address=127.0.0.1", "--user=root",
             f"--pid-file={self.workdir / 'mdb.pid'}", f"--log-error={self.workdir / 'mdb.err'}",
             "--skip-name-resolve", "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci", "--innodb-flush-log-at-trx-commit=2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: self._admin_ok(), timeout=60, what="mariadbd to answer")
        self.sql(f"CREATE USER '{self.user}'@'127.0.0.1' IDENTIFIED BY '{self.password}';")
        return self

    def _admin_ok(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            raise RuntimeError(f"mariadbd exited: {(self.workdir / 'mdb.err').read_text()[-2000:]}")
        return subprocess.run(
            ["mariadb-admin", "--no-defaults", f"--socket={self.socket}", "-uroot", "ping"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ).returncode == 0

    def sql(self, statement: str) -> str:
        out = subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-N", "-e", statement],
            check=True, capture_output=True, text=True,
        )
        return out.stdout

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh database granted to the test user; return its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:10]}"
        self.sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
                 f"GRANT ALL ON `{name}`.* TO '{self.user}'@'127.0.0.1';")
        return self.url(name)

    def url(self, database: str) -> str:
        return (f"mysql+pymysql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"
                "?charset=utf8mb4")

    def stop(self) -> None:
        if self.proc:
            stop_process(self.proc)
            self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
