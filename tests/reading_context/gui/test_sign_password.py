"""Signing asks the signer's password when local users exist: a wrong one signs nothing (audited as a failed
login), the right one signs; the prompt names the patient."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from workstation.db.engine import sqlite_url
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.demo_seed import seed_demo
from workstation.reading.drafts import DraftJournal
from workstation.reading.records import Report
from workstation.reading.repository import ReadingRepository
from workstation.reading.service import ReadingService

pytestmark = pytest.mark.gui
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_sign_needs_the_signers_password_when_users_exist(qtbot, tmp_path):
    from workstation.ui.reading.hub import ReadingHub
    from workstation.ui.reading.report_editor_panel import ReportEditorPanel

    repo = ReadingRepository.open(sqlite_url(tmp_path / "reading.db"))
    seed_demo(repo)
    audit = AuditLog(repo.session_factory, "ws-test")
    users = UserStore(repo.session_factory, audit, hasher=FAST)
    user = users.create_user("dr.kim", "correct horse", "RIS")
    hub = ReadingHub(ReadingService(repo, audit, user, users), DraftJournal(tmp_path / "drafts"))
    editor = ReportEditorPanel(hub)
    qtbot.addWidget(editor)
    order = next(o for o in repo.orders() if o.reading_status == "unread" and o.study is not None)
    repo.save_draft(order.id, Report(findings="No change."), by="dr.kim")
    hub.select_order(order.id)
    editor.confirm_sign = False
    prompts = []
    editor.password_provider = lambda prompt: prompts.append(prompt) or "wrong"
    editor.sign()
    assert not repo.get_order(order.id).report.confirmed and "Not signed" in editor.refusal
    assert order.patient.display_name in prompts[0] and order.patient.patient_number in prompts[0]
    assert audit.entries(action="login_failed")
    editor.password_provider = lambda prompt: None          # cancelled: nothing signed
    editor.sign()
    assert not repo.get_order(order.id).report.confirmed
    editor.password_provider = lambda prompt: "correct horse"
    editor.sign()
    assert repo.get_order(order.id).report.confirmed and repo.get_order(order.id).report.signed_by == "dr.kim"
