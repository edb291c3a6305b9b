"""Sync from the window against the real CDSS service (uvicorn subprocess on a seeded MariaDB): offline
shows in the status bar, the outbox drains when the service is back, a conflict made by a second client is
shown side by side and settled by the user's choice."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient
from tests.gui.screenshots import screenshot_path
from tests.sync.service_proc import ServiceProcess

pytestmark = [pytest.mark.gui, pytest.mark.mariadb]


@pytest.fixture
def cdss(mariadb_url, tmp_path):
    from sync.service.db import make_engine
    from sync.service.migrate import upgrade
    from sync.service.seed import seed_demo

    engine = make_engine(mariadb_url)
    upgrade(engine)
    tokens = seed_demo(engine)
    svc = ServiceProcess(mariadb_url, tmp_path / "service.log")  # not started yet: the CDSS is "down"
    yield engine, tokens, svc
    svc.stop()
    engine.dispose()


def _order(engine, status: str):
    with engine.connect() as c:
        row = c.execute(text("SELECT id, version, status, worker_result FROM ocs WHERE job_role='RIS' AND status=:s "
                             "ORDER BY id LIMIT 1"), {"s": status}).one()
    return row.id, row.version, row.status, json.loads(row.worker_result or "{}")


def _server(engine, order_id):
    with engine.connect() as c:
        row = c.execute(text("SELECT status, version, worker_result FROM ocs WHERE id=:i"), {"i": order_id}).one()
    return row.status, row.version, json.loads(row.worker_result or "{}")


def _configure(win, svc, token):
    win.settings.sync_url, win.settings.sync_token, win.settings.sync_interval_s = svc.url, token, 2.0
    win.services.sync.apply_settings()
    return win.services.sync


def test_status_bar_offline_then_queue_drains(make_main_window, qtbot, cdss):
    engine, tokens, svc = cdss
    win = make_main_window(archive="new")
    assert "off" in win.services.sync.label.text()
    sync = _configure(win, svc, tokens["RIS"])
    order_id, version, _, _ = _order(engine, "ORDERED")
    sync.client.enqueue("status", order_id, {"status": "ACCEPTED"}, version)  # a change made while offline
    win.services.actions["sync_now"].trigger()
    label = sync.label
    qtbot.waitUntil(lambda: "offline" in label.text() and "1 change waiting" in label.text(), timeout=30_000)
    assert tokens["RIS"] not in label.text() + label.toolTip()
    assert _server(engine, order_id)[0] == "ORDERED"
    svc.start()
    win.services.actions["sync_now"].trigger()
    qtbot.waitUntil(lambda: "online" in label.text() and "waiting" not in label.text(), timeout=30_000)
    assert sync.state.pending == 0 and sync.state.online
    assert _server(engine, order_id)[:2] == ("ACCEPTED", version + 1)


def test_conflict_from_second_client_shown_and_resolved(make_main_window, qtbot, cdss, tmp_path):
    engine, tokens, svc = cdss
    svc.start()
    order_id, version, _, _ = _order(engine, "IN_PROGRESS")
    win = make_main_window(archive="new")
    sync = _configure(win, svc, tokens["RIS"])
    qtbot.waitUntil(lambda: sync.state is not None and sync.state.online, timeout=30_000)
    # a colleague's workstation saves the same report first
    other = SyncClient(f"sqlite:///{tmp_path / 'other.sqlite'}", svc.url, tokens["RIS"], backoff=Backoff(base=0.01))
    other.enqueue("report", order_id, {"findings": "Colleague: 2.1 cm enhancing lesion, right frontal",
                                       "impression": "Colleague impression"}, version)
    assert other.drain().applied == 1
    mine = {"findings": "Mine: 2.4 cm lesion, right frontal, with oedema", "impression": "My impression"}
    sync.client.enqueue("report", order_id, mine, version)
    win.services.actions["sync_now"].trigger()
    qtbot.waitUntil(lambda: sync.state is not None and sync.state.conflicts == 1, timeout=30_000)
    assert "1 conflict" in sync.label.text()
    assert _server(engine, order_id)[2]["findings"].startswith("Colleague")  # nothing overwritten
    dialog = win.services.show_conflicts()
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "Mine: 2.4 cm" in dialog.mine.toPlainText() and "Colleague" not in dialog.mine.toPlainText()
    assert "Colleague: 2.1 cm" in dialog.theirs.toPlainText() and "Mine" not in dialog.theirs.toPlainText()
    dialog.move(win.x() + 250, win.y() + 120)
    qtbot.wait(300)
    from PySide6.QtWidgets import QApplication

    pix = QApplication.primaryScreen().grabWindow(0, win.x(), win.y(), win.width(), win.height())
    assert pix.save(str(screenshot_path(tmp_path, "sync-conflict.png")))
    dialog.keep_mine.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.list.count() == 0, timeout=30_000)
    assert dialog.empty.isVisible()
    qtbot.waitUntil(lambda: _server(engine, order_id)[2].get("findings", "").startswith("Mine"), timeout=30_000)
    status, new_version, wr = _server(engine, order_id)
    assert new_version == version + 2 and wr["impression"] == "My impression"
    qtbot.waitUntil(lambda: sync.state.conflicts == 0 and sync.state.pending == 0, timeout=30_000)
    dialog.close()


def test_take_theirs_sends_nothing(make_main_window, qtbot, cdss, tmp_path):
    engine, tokens, svc = cdss
    svc.start()
    order_id, version, _, _ = _order(engine, "IN_PROGRESS")
    win = make_main_window(archive="new")
    sync = _configure(win, svc, tokens["RIS"])
    other = SyncClient(f"sqlite:///{tmp_path / 'other.sqlite'}", svc.url, tokens["RIS"])
    other.enqueue("report", order_id, {"impression": "theirs"}, version)
    other.drain()
    sync.client.enqueue("report", order_id, {"impression": "mine"}, version)
    sync.sync_now()
    qtbot.waitUntil(lambda: sync.state is not None and sync.state.conflicts == 1, timeout=30_000)
    dialog = win.services.show_conflicts()
    qtbot.addWidget(dialog)
    dialog.take_theirs.click()
    qtbot.waitUntil(lambda: sync.state.conflicts == 0, timeout=30_000)
    win.services.actions["sync_now"].trigger()
    qtbot.wait(500)
    _, new_version, wr = _server(engine, order_id)
    assert new_version == version + 1 and wr["impression"] == "theirs"  # mine was not sent
    dialog.close()


def test_token_saved_but_never_shown(make_main_window, qtbot):
    from workstation.session.settings import Settings
    from workstation.ui.sync_settings_dialog import SyncSettingsDialog

    win = make_main_window()
    dlg = SyncSettingsDialog(win.settings, win)
    qtbot.addWidget(dlg)
    dlg.url.setText("http://cdss.example:8600")
    dlg.token.setText("s3cret-token-value")
    dlg.accept()
    saved = Settings.load()
    assert saved.sync_url == "http://cdss.example:8600" and saved.sync_token == "s3cret-token-value"
    assert "s3cret" not in repr(saved)
    again = SyncSettingsDialog(saved, win)
    qtbot.addWidget(again)
    assert again.token.text() == "" and "s3cret" not in again.token.placeholderText()
    again.accept()  # leaving the field empty keeps the saved token
    assert Settings.load().sync_token == "s3cret-token-value"


def test_reading_store_bridged_pull_and_push(make_main_window, qtbot, cdss):
    """With the reading panels open, CDSS orders land in the worklist's store and a report saved there
    reaches MySQL."""
    from workstation.reading.records import Report

    engine, tokens, svc = cdss
    svc.start()
    win = make_main_window(archive="new", with_panels=True)
    hub = win.panel_context.hub
    repo = hub.service.repo
    changed = []
    hub.orders_changed.connect(lambda: changed.append(1))
    assert win.services.attach_reading()
    sync = _configure(win, svc, tokens["RIS"])
    assert sync.bridge is not None
    qtbot.waitUntil(lambda: sync.state is not None and sync.state.online and bool(changed), timeout=60_000)
    with engine.connect() as c:
        ris = c.execute(text("SELECT COUNT(*) FROM ocs WHERE job_role='RIS'")).scalar()
    remote = [o for o in repo.orders() if o.remote_id is not None]
    assert len(remote) == ris
    order_id, version, _, _ = _order(engine, "IN_PROGRESS")
    local = next(o for o in remote if o.remote_id == str(order_id))
    hub.service.save_draft(local.id, Report(findings="Bridged: 1.8 cm lesion left temporal",
                                            impression="Bridged impression"))
    sync.sync_now()
    qtbot.waitUntil(lambda: _server(engine, order_id)[2].get("findings", "").startswith("Bridged"), timeout=30_000)
    qtbot.waitUntil(lambda: sync.state.pending == 0, timeout=30_000)
    assert _server(engine, order_id)[2]["impression"] == "Bridged impression"


def test_bridged_conflict_settled_on_both_sides(make_main_window, qtbot, cdss, tmp_path):
    from workstation.reading.records import Report

    engine, tokens, svc = cdss
    svc.start()
    win = make_main_window(archive="new", with_panels=True)
    hub = win.panel_context.hub
    repo = hub.service.repo
    win.services.attach_reading()
    sync = _configure(win, svc, tokens["RIS"])
    order_id, version, _, _ = _order(engine, "IN_PROGRESS")
    qtbot.waitUntil(lambda: any(o.remote_id == str(order_id) for o in repo.orders()), timeout=60_000)
    local = next(o for o in repo.orders() if o.remote_id == str(order_id))
    other = SyncClient(f"sqlite:///{tmp_path / 'other.sqlite'}", svc.url, tokens["RIS"])
    other.enqueue("report", order_id, {"findings": "Colleague wins the race", "impression": "theirs"}, version)
    assert other.drain().applied == 1
    hub.service.save_draft(local.id, Report(findings="Mine, saved in the report editor", impression="mine"))
    sync.sync_now()
    qtbot.waitUntil(lambda: sync.state is not None and sync.state.conflicts == 1, timeout=30_000)
    dialog = win.services.show_conflicts()
    qtbot.addWidget(dialog)
    assert "Mine, saved" in dialog.mine.toPlainText() and "Colleague wins" in dialog.theirs.toPlainText()
    dialog.keep_mine.click()
    qtbot.waitUntil(lambda: _server(engine, order_id)[2].get("findings", "").startswith("Mine"), timeout=30_000)
    qtbot.waitUntil(lambda: sync.state.conflicts == 0 and sync.state.pending == 0, timeout=30_000)
    assert not [c for c in repo.conflicts() if c.order_id == local.id]
    assert repo.get_order(local.id).report.findings.startswith("Mine")
    dialog.close()
