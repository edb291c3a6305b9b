"""Archive fixtures: every archive test runs on SQLite and on the harness's MariaDB."""
from __future__ import annotations

import pytest

from workstation.archive import Archive


@pytest.fixture(params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def database_url(request) -> str | None:
    """``None`` (SQLite in the archive folder) or a fresh MariaDB database URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("mariadb_url")


@pytest.fixture
def archive_dir(tmp_path):
    return tmp_path / "archive"


@pytest.fixture
def archive(archive_dir, database_url):
    a = Archive.open(archive_dir, database_url)
    yield a
    a.close()


@pytest.fixture
def reopen(archive_dir, database_url):
    """Open the same archive again (new engine), e.g. after simulating a crash."""
    opened = []

    def _open():
        a = Archive.open(archive_dir, database_url)
        opened.append(a)
        return a

    yield _open
    for a in opened:
        a.close()
