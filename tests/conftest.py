"""Shared fixtures: test data, real peers (MariaDB, Orthanc), strict pydicom."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.harness.peers import in_ci

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (real DICOM). Missing: fail in CI, skip elsewhere."""
    if not SHARED_DATA.is_dir():
        msg = f"test data not found at {SHARED_DATA}"
        if in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return SHARED_DATA


@pytest.fixture(scope="session")
def mariadb(tmp_path_factory):
    """One MariaDB server for the whole run; use ``mariadb.create_database()`` per test."""
    from tests.harness.mariadb import MariaDBServer

    server = MariaDBServer(tmp_path_factory.mktemp("mariadb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mariadb_url(mariadb) -> str:
    """A fresh, empty MariaDB database for this test."""
    return mariadb.create_database()


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory):
    """One Orthanc for the whole run (tests that need their own modalities start their own)."""
    from tests.harness.orthanc import OrthancServer

    server = OrthancServer(tmp_path_factory.mktemp("orthanc"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Never touch the real user's data/config folders from a test."""
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "cdss-home"))
    monkeypatch.setenv("LANG", os.environ.get("LANG", "C.UTF-8"))
    yield
