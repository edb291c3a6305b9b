"""Fixtures of the sync tests: a migrated, seeded MariaDB database and the service running on it."""
from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine

from tests.sync.service_proc import ServiceProcess


@dataclass
class Deployment:
    database_url: str
    engine: Engine
    tokens: dict[str, str]
    service: ServiceProcess

    @property
    def url(self) -> str:
        return self.service.url

    def http(self, role: str | None) -> httpx.Client:
        headers = {"Authorization": f"Token {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def deploy(mariadb, tmp_path_factory) -> Deployment:
    from sync.service.db import make_engine
    from sync.service.migrate import upgrade
    from sync.service.seed import seed_demo

    url = mariadb.create_database()
    engine = make_engine(url)
    upgrade(engine)
    tokens = seed_demo(engine)
    service = ServiceProcess(url, tmp_path_factory.mktemp("svc") / "service.log").start()
    return Deployment(url, engine, tokens, service)


@pytest.fixture(scope="module")
def deployment(mariadb, tmp_path_factory):
    """One seeded database + service per test module (tests use distinct rows)."""
    dep = deploy(mariadb, tmp_path_factory)
    yield dep
    dep.service.stop()
    dep.engine.dispose()
