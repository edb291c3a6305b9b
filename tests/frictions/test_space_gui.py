"""Space for images: the full window (every panel) fits 1280×800 in English and Korean; the panels collapse
to a strip and come back."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from workstation.app.i18n import switch_language


@pytest.fixture
def restore_english():
    yield
    switch_language(QApplication.instance(), "en")


def test_minimum_size_fits_1280x800_in_both_languages(make_main_window, qtbot, restore_english):
    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    sizes = {}
    for lang in ("en", "ko"):
        switch_language(QApplication.instance(), lang)
        qtbot.wait(50)
        hint = w.minimumSizeHint()
        sizes[lang] = (hint.width(), hint.height())
    print("minimum size hint:", sizes)
    for lang, (width, height) in sizes.items():
        assert width <= 1280 and height <= 800, f"{lang}: minimum {width}×{height}"
    # at 1280×800 the status bar is on screen and the images get most of the width
    w.resize(1280, 800)
    qtbot.wait(50)
    assert w.status.geometry().bottom() < w.height() <= 800


def test_panels_collapse_to_a_strip_and_come_back(make_main_window, qtbot):
    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    shown = [k for k, d in w.docks.items() if d.isVisible()]
    width_before = w.grid.width()
    w.view_menu.images_only.trigger()
    qtbot.wait(50)
    assert not any(d.isVisible() for d in w.docks.values())
    assert w.view_menu.strip.isVisible() and w.view_menu.strip.width() < 200
    assert w.grid.width() > width_before
    studies = next(a for a in w.view_menu.strip.actions() if a.text() == w.docks["studies"].windowTitle())
    studies.trigger()  # one panel back from the strip
    assert w.docks["studies"].isVisible() and w.view_menu.strip.isVisible()
    w.view_menu.images_only.trigger()  # all back
    qtbot.wait(50)
    assert sorted(k for k, d in w.docks.items() if d.isVisible()) == sorted(shown)
    assert not w.view_menu.strip.isVisible()
