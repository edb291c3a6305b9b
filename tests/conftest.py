"""Shared fixtures: test data, real peers (MariaDB, Orthanc), strict pydicom."""
from __future__ import annotations

import os
import sys
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


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """End the test process once pytest is done (summary printed, peers stopped by their fixtures), after
    stopping the virtual X server ourselves. Otherwise pytest-xvfb stops Xvfb in an ``atexit`` handler and
    the Qt application and VTK render windows still alive are torn down afterwards, at interpreter exit,
    against a dead display ("XIO: fatal IO error", or a segfault) -- a crash that would turn a passing run
    into a failing exit status. A real user's display does not vanish before the program exits."""
    status = config.stash.get(_EXIT_STATUS, None)
    if status is None or "PySide6.QtWidgets" not in sys.modules and "vtkmodules" not in sys.modules:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        import pytest_xvfb

        pytest_xvfb.shutdown_xvfb()
    except Exception:  # noqa: BLE001 - no Xvfb was started (a real display, or --no-xvfb)
        pass
    os._exit(status)


_EXIT_STATUS = pytest.StashKey[int]()
