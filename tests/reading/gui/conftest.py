"""GUI fixtures: a reading hub on a seeded database (the demo orders), for a given role."""
from __future__ import annotations

import pytest

from tests.reading.conftest import FAST_HASHER
from workstation.db.engine import sqlite_url
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.demo_seed import seed_demo
from workstation.reading.drafts import DraftJournal
from workstation.reading.records import User
from workstation.reading.repository import ReadingRepository
from workstation.reading.service import ReadingService

pytestmark = pytest.mark.gui


@pytest.fixture
def seeded_repo(tmp_path):
    repo = ReadingRepository.open(sqlite_url(tmp_path / "reading.db"))
    seed_demo(repo)
    return repo


@pytest.fixture
def make_hub(seeded_repo, tmp_path, qtbot):
    from workstation.ui.reading.hub import ReadingHub

    def make(role: str = "RIS", username: str = "dr.kim", archive=None, controller=None) -> ReadingHub:
        audit = AuditLog(seeded_repo.session_factory, "ws-gui")
        svc = ReadingService(seeded_repo, audit, User(username, role), UserStore(seeded_repo.session_factory, audit,
                                                                                 FAST_HASHER))
        return ReadingHub(svc, DraftJournal(tmp_path / "drafts"), archive, controller)
    return make
