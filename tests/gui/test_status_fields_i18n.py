"""The status bar's sync and receive fields (now ``SyncStatus``/``ReceiveStatus`` over the session's services)
keep their Korean texts and follow a live language switch."""
import pytest

pytestmark = pytest.mark.gui


def test_sync_and_receive_fields_in_korean_and_back(make_main_window, qtbot):
    win = make_main_window(archive="new")
    sync, receive = win.services.sync.label, win.services.receiver.label
    assert (sync.text(), receive.text()) == ("Sync: off", "Receive: off")
    try:
        win.set_language("ko")
        qtbot.waitUntil(lambda: sync.text() == "동기화: 꺼짐", timeout=30000)
        assert receive.text() == "수신: 꺼짐"
    finally:
        win.set_language("en")
    qtbot.waitUntil(lambda: sync.text() == "Sync: off" and receive.text() == "Receive: off", timeout=30000)
