"""The run command's window: the reading panels are docked by the shell, the worklist holds the demo study's
order and seeded orders in every reading status, and opening the order's images goes through the viewer."""
from __future__ import annotations

import pytest

from workstation.reading.demo_seed import demo_study

pytestmark = pytest.mark.gui


def test_main_window_has_reading_panels_with_demo_orders(qtbot, tmp_path):
    from workstation.app.launch import build_main_window, import_demo
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert {"reading_worklist", "reading_report", "reading_history", "reading_tree"} <= set(window.docks)
        assert "reading_audit" not in window.docks   # the local reader is RIS, not SYSTEMMANAGER
        worklist = window.docks["reading_worklist"].widget()
        hub = worklist.hub
        orders = hub.service.worklist()
        assert {o.reading_status for o in orders} == {"unread", "draft", "signed"}
        uid = demo_study()[1].study_uid
        demo = next(o for o in orders if o.study.study_uid == uid)
        assert demo.id in worklist.visible_order_ids()
        qtbot.waitUntil(lambda: worklist.selected_order_id() == demo.id, timeout=30000)  # pre-selected
        window.docks["reading_history"].raise_()
        qtbot.waitUntil(lambda: window.docks["reading_report"].visibleRegion().isEmpty(), timeout=30000)
        hub.open_report(demo.id)   # "open report" from the study tree raises the report dock
        qtbot.waitUntil(lambda: not window.docks["reading_report"].visibleRegion().isEmpty(), timeout=30000)
        import_demo(window.archive)
        opened = []
        window.controller.series_opened.connect(lambda i, v: opened.append(i))
        assert hub.open_images(demo.id)
        qtbot.waitUntil(lambda: bool(opened), timeout=60000)
        assert [e.action for e in hub.service.audit.entries(action="open_study")] == ["open_study"]
    finally:
        window.close()
        window.archive.close()
