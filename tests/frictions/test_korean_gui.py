"""Korean everywhere on screen: the main window with every panel (each tab raised in turn) and the MPR window
show no English-only text; the MPR window follows a live language switch; screenshot korean-mpr.png."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.frictions.visible_text import english_only, visible_texts
from tests.gui.conftest import mni_volume
from tests.gui.screenshots import screenshot_path
from workstation.app.i18n import switch_language


@pytest.fixture
def korean():
    switch_language(QApplication.instance(), "ko")
    yield
    switch_language(QApplication.instance(), "en")


def _english(window) -> list[tuple[str, str]]:
    return sorted({(k, t) for k, t in visible_texts(window) if english_only(t)})


def test_no_english_only_text_in_korean(korean, make_main_window, qtbot, shared_data, tmp_path):
    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    w.grid.active_viewport().state.set_volume(mni_volume(shared_data))
    qtbot.wait(100)
    found = _english(w)
    for dock in w.docks.values():  # tabbed panels: each one on top in turn
        dock.raise_()
        qtbot.wait(10)
        found += _english(w)
    assert sorted(set(found)) == []
    mpr = w.docks["mpr"].widget().open_mpr()
    assert mpr is not None
    qtbot.waitExposed(mpr)
    mpr.resize(1280, 520)
    qtbot.wait(300)
    assert _english(mpr) == []
    QApplication.processEvents()
    assert QApplication.primaryScreen().grabWindow(mpr.winId()).save(str(screenshot_path(tmp_path, "korean-mpr.png")))
    # live switch: the open MPR window and the menus follow
    switch_language(QApplication.instance(), "en")
    qtbot.wait(50)
    assert w.image_menu.menu.title() == "&Image"
    assert mpr.slab_label.text() == "Slab" and mpr.slab_combo.currentText() == "Thin"
    assert w.docks["mpr"].widget().mpr_button.text() == "MPR of the active series"
    switch_language(QApplication.instance(), "ko")
    qtbot.wait(50)
    assert w.image_menu.menu.title() == "영상(&I)"
    assert mpr.slab_label.text() == "슬랩" and mpr.slab_combo.currentText() == "얇은 단면"
    assert _english(mpr) == [] and _english(w) == []
    mpr.close()
