"""Login dialog (failed logins audited) and the SYSTEMMANAGER's audit viewer with CSV export."""
from __future__ import annotations

import csv

import pytest

pytestmark = pytest.mark.gui


def test_login_dialog_refuses_wrong_password_then_accepts(make_hub, qtbot):
    from workstation.ui.reading.login_dialog import LoginDialog
    hub = make_hub("SYSTEMMANAGER", "it.park")
    users = hub.service.users
    users.create_user("dr.kim", "correct horse", "RIS")
    dlg = LoginDialog(users, "ws-9")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, "dr.kim")
    qtbot.keyClicks(dlg.password, "wrong")
    dlg.try_login()
    assert dlg.user is None and dlg.isVisible() and dlg.error.text() == "Wrong user name or password."
    assert dlg.password.text() == ""
    qtbot.keyClicks(dlg.password, "correct horse")
    dlg.try_login()
    assert dlg.user.username == "dr.kim" and dlg.result() == dlg.DialogCode.Accepted
    actions = [(e.username, e.action, e.workstation) for e in reversed(hub.service.audit.entries())
               if e.action != "user_state"]  # creating the user is a row of the audit chain too
    assert actions == [("dr.kim", "login_failed", "ws-9"), ("dr.kim", "login", "ws-9")]


def test_audit_viewer_lists_and_exports(make_hub, seeded_repo, qtbot, tmp_path):
    from workstation.ui.reading.audit_viewer_panel import AuditViewerPanel
    from workstation.ui.reading.report_editor_panel import ReportEditorPanel
    reader = make_hub("RIS", "dr.kim")
    ed = ReportEditorPanel(reader)
    qtbot.addWidget(ed)
    oid = seeded_repo.orders()[0].id
    reader.select_order(oid)
    assert ed.export_to(tmp_path / "rep.json")
    admin = make_hub("SYSTEMMANAGER", "it.park")
    panel = AuditViewerPanel(admin)
    qtbot.addWidget(panel)
    rows = [(panel.table.item(r, 1).text(), panel.table.item(r, 2).text()) for r in range(panel.table.rowCount())]
    assert rows[:2] == [("dr.kim", "export_report"), ("dr.kim", "open_report")]
    panel.user_filter.setText("dr.kim")
    panel.action_filter.setText("export_report")
    panel.refresh()
    assert panel.table.rowCount() == 1
    assert panel.export_to(tmp_path / "audit.csv") == 1
    with (tmp_path / "audit.csv").open(encoding="utf-8-sig") as f:
        assert [r["action"] for r in csv.DictReader(f)] == ["export_report"]
    assert admin.service.audit.entries(action="export_audit")[0].username == "it.park"


def test_audit_viewer_refused_to_a_reader(make_hub, qtbot):
    from workstation.ui.reading.audit_viewer_panel import AuditViewerPanel
    hub = make_hub("RIS", "dr.kim")
    errors = []
    hub.error.connect(errors.append)
    panel = AuditViewerPanel(hub)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 0 and "may not view audit" in errors[0]
