"""The workstation's one sync package without Qt: the link starts client, bridge and runner from the settings,
reports offline while the CDSS cannot be reached (the queued change kept), and stops cleanly; the status line's
parts; one conflict model (mine / theirs)."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from sync.schema.records import SyncState
from tests.harness.peers import free_port
from workstation.session.builder import open_session
from workstation.session.settings import Settings
from workstation.syncing.conflicts import MINE, THEIRS, check_choice, reading_keep
from workstation.syncing.link import SyncLink
from workstation.syncing.status import needs_attention, status_parts


def _wait(fn, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_off_without_server_and_token(tmp_path):
    link = SyncLink(Settings(), local_url=f"sqlite:///{tmp_path / 'sync.sqlite'}")
    assert link.apply_settings() == "off" and not link.running and link.poll() is None
    assert link.conflicts() == []
    link.sync_now()  # harmless while off
    link.stop()


def test_offline_keeps_the_change_then_stops(tmp_path):
    session = open_session(tmp_path / "archive", settings=Settings(), sync_url=f"sqlite:///{tmp_path / 'sync.sqlite'}")
    link = session.sync
    settings = session.settings
    settings.sync_url, settings.sync_token, settings.sync_interval_s = f"http://127.0.0.1:{free_port()}", "tok", 0.2
    try:
        assert link.bridged  # the local reader's worklist is bridged
        assert link.apply_settings() == "started" and link.running and link.bridge is not None
        link.client.enqueue("status", 7, {"status": "ACCEPTED"}, 1)
        link.sync_now()
        state = _wait(lambda: (s := link.poll()) is not None and s.pending == 1 and not s.online and s)
        assert link.state is state and state.last_error
        assert needs_attention(state)
        assert not link.take_orders_changed()  # nothing was pulled
    finally:
        session.close()
    assert not link.running and link.client is None and link.bridge is None


def test_restart_on_new_settings_uses_the_new_server(tmp_path):
    settings = Settings(sync_url=f"http://127.0.0.1:{free_port()}", sync_token="a", sync_interval_s=60)
    link = SyncLink(settings, local_url=f"sqlite:///{tmp_path / 'sync.sqlite'}")
    try:
        link.apply_settings()
        first = link.client
        settings.sync_url = f"http://127.0.0.1:{free_port()}"
        link.apply_settings()
        assert link.client is not first and str(link.client._http.base_url).rstrip("/") == settings.sync_url
        settings.sync_token = ""
        assert link.apply_settings() == "off" and not link.running
    finally:
        link.stop()


def test_status_parts_in_summary_order():
    at = datetime(2026, 12, 2, 10, 42)
    state = SyncState(pending=3, conflicts=1, failed=2, last_success=at, last_error="ConnectError: refused",
                      last_error_at=at, online=False)
    assert status_parts(state) == [("offline", None), ("waiting", 3), ("conflicts", 1), ("refused", 2),
                                   ("last_sync", "10:42"), ("error", "ConnectError")]
    ok = SyncState(pending=0, conflicts=0, failed=0, last_success=None, last_error=None, last_error_at=None,
                   online=True)
    assert status_parts(ok) == [("online", None), ("never_synced", None)] and not needs_attention(ok)


def test_one_conflict_vocabulary():
    assert (reading_keep(MINE), reading_keep(THEIRS)) == ("local", "remote")
    with pytest.raises(ValueError, match="mine or theirs"):
        check_choice("merged")
