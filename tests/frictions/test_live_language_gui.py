"""Switching the language live retranslates every open window: the main window with every panel (reading, AI,
measurements, MPR), an open MPR window and open dialogs turn Korean, and back to the same English texts."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox

from tests.frictions.visible_text import english_only, visible_texts
from tests.gui.conftest import mni_volume
from workstation.app.i18n import switch_language
from workstation.reading.demo_seed import DEMO_CREDIT


@pytest.fixture
def back_to_english():
    yield
    switch_language(QApplication.instance(), "en")


def _texts(window, qtbot, docks=None) -> set[tuple[str, str]]:
    """What a user reads on ``window``; with ``docks``, each tabbed panel raised in turn."""
    found = set(visible_texts(window))
    for dock in (docks or {}).values():
        dock.raise_()
        qtbot.wait(10)
        found |= set(visible_texts(window))
    return found


def test_language_switch_retranslates_every_open_window(make_main_window, qtbot, shared_data, back_to_english):
    from workstation.ui.about_dialog import AboutDialog
    from workstation.ui.dicom_nodes_dialog import DicomNodesDialog
    from workstation.ui.help_dialog import HelpDialog

    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    w.grid.active_viewport().state.set_volume(mni_volume(shared_data))
    qtbot.wait(100)
    mpr = w.docks["mpr"].widget().open_mpr()
    assert mpr is not None
    qtbot.waitExposed(mpr)
    help_dialog, about = HelpDialog(w), AboutDialog(w)
    nodes = DicomNodesDialog(w.session.nodes, w.settings, parent=w)  # another part's dialog, no hook of its own
    dialogs = [help_dialog, about, nodes]
    for d in dialogs:  # open beside the window while the language changes (not modal)
        d.show()
        qtbot.waitExposed(d)
    windows = [(w, w.docks), (mpr, None)] + [(d, None) for d in dialogs]
    english = [_texts(win, qtbot, docks) for win, docks in windows]
    assert all(any(english_only(t) for _k, t in texts) for texts in english)  # English to begin with
    help_rows = [help_dialog.table.item(r, 1).text() for r in range(help_dialog.table.rowCount())]

    switch_language(QApplication.instance(), "ko")
    qtbot.wait(100)
    for (win, docks), before in zip(windows, english):
        korean = _texts(win, qtbot, docks)
        left = sorted((k, t) for k, t in korean if english_only(t) and t != DEMO_CREDIT)  # (a citation)
        assert left == [], f"{type(win).__name__}: {left}"
        assert korean - before, type(win).__name__  # texts did change
    # texts composed from parts and data follow too
    editor, measurements = w.docks["reading_report"].widget(), w.docks["measurements"].widget()
    assert editor.tabs.tabText(2) == "이전 판독" and editor.sign_button.text() == "서명"
    assert "판독" in w.docks["reading_report"].windowTitle()
    assert measurements.insert.text() != "Insert into report" and mpr.slab_label.text() == "슬랩"
    assert all(a != b for a, b in zip(help_rows, (help_dialog.table.item(r, 1).text()
                                                  for r in range(help_dialog.table.rowCount()))))
    assert "버전" in about.title.text()

    switch_language(QApplication.instance(), "en")
    qtbot.wait(100)
    for (win, docks), before in zip(windows, english):
        assert _texts(win, qtbot, docks) == before, type(win).__name__  # the same English texts again
    for d in dialogs:
        d.close()
    mpr.close()


def test_ai_panels_with_a_segmentation_follow_a_language_switch(make_main_window, qtbot, tmp_path, back_to_english):
    """The AI panels' composed texts (map kind, review line, mL, 3D info) follow a switch too."""
    from tests.ai_review.demo_seg import DEMO, focus, write_demo_segs
    from tests.gui.conftest import wait_loaded

    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    for f in [*sorted(DEMO.glob("*/*.dcm")), *write_demo_segs(tmp_path)]:
        assert w.archive.ingest_file(f).status == "stored"
    w.controller.open_study(w.archive.studies()[0].study_instance_uid, focus=focus())
    for vp in w.grid.viewports:
        wait_loaded(qtbot, vp)
    panel = w.docks["ai_overlays"].widget()
    qtbot.waitUntil(lambda: any(len(vp.state.layers) >= 4 for vp in w.grid.viewports), timeout=60_000)
    w.grid.set_active(next(n for n, vp in enumerate(w.grid.viewports) if len(vp.state.layers) >= 4))  # the T1c
    qtbot.waitUntil(lambda: panel.choice.count() == 2, timeout=10_000)
    ai_docks = {k: d for k, d in w.docks.items() if k in ("ai_overlays", "ai_volume", "ai_3d", "fusion")}
    english = _texts(w, qtbot, ai_docks)
    status_en = panel.status.text()
    assert "label map" in status_en or "probability map" in status_en

    switch_language(QApplication.instance(), "ko")
    qtbot.wait(100)
    korean = _texts(w, qtbot, ai_docks)
    data = {panel.choice.itemText(n) for n in range(panel.choice.count())}  # SEG titles, series: the study's
    fusion = w.docks["fusion"].widget()
    data |= {c.itemText(n) for c in fusion.findChildren(QComboBox) for n in range(c.count())}
    left = sorted((k, t) for k, t in korean if english_only(t) and t not in data)
    assert left == [], left
    assert panel.status.text() != status_en and ("레이블" in panel.status.text() or "확률" in panel.status.text())

    switch_language(QApplication.instance(), "en")
    qtbot.wait(100)
    assert panel.status.text() == status_en and _texts(w, qtbot, ai_docks) == english
