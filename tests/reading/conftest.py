"""Fixtures of the reading tests: a fresh SQLite reading database, users of every role."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from workstation.db.engine import sqlite_url
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.records import Patient, Study, User
from workstation.reading.repository import ReadingRepository
from workstation.reading.roles import Role
from workstation.reading.service import ReadingService

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # argon2id, test-speed parameters


@pytest.fixture
def repo(tmp_path) -> ReadingRepository:
    return ReadingRepository.open(sqlite_url(tmp_path / "reading.db"))


@pytest.fixture
def audit(repo) -> AuditLog:
    return AuditLog(repo.session_factory, workstation="ws-test")


@pytest.fixture
def users(repo, audit) -> UserStore:
    return UserStore(repo.session_factory, audit, hasher=FAST_HASHER)


@pytest.fixture
def service_for(repo, audit, users):
    def make(role: Role | str, username: str | None = None) -> ReadingService:
        role = Role(role)
        return ReadingService(repo, audit, User(username or role.value.lower(), role.value), users)
    return make


@pytest.fixture
def order(repo):
    """A fresh RIS order on an MR brain study."""
    return repo.create_order(Patient("P001", "Hong^Gildong"),
                             study=Study("1.2.826.0.1.1", None, "MR", "BRAIN", "MR brain"), by="tester")
