"""Fixtures: a fresh SQLite reading database (the reading repository, real tables)."""
from __future__ import annotations

import pytest

from workstation.db.engine import sqlite_url
from workstation.reading.repository import ReadingRepository


@pytest.fixture
def repo(tmp_path) -> ReadingRepository:
    return ReadingRepository.open(sqlite_url(tmp_path / "reading.db"))
