"""Space for images: the full window (every panel) fits 1280×800 in English and Korean, where the viewports get
well over half its width by default; the panels collapse to a strip and come back."""
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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_viewports_get_most_of_the_width_at_1280x800(lang, make_main_window, qtbot, restore_english):
    switch_language(QApplication.instance(), lang)  # the window is built in that language
    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    qtbot.wait(100)
    assert w.size().toTuple() == (1280, 800)
    report = w.docks["reading_report"]
    assert report.isVisible() and not report.visibleRegion().isEmpty()  # the report is on top of its tabs
    share = w.grid.width() / w.width()
    print(f"{lang}: viewports {w.grid.width()} of {w.width()} px ({share:.0%}), report {report.width()} px")
    assert share >= 0.55, f"{lang}: the viewports get {w.grid.width()} of {w.width()} px"
    # the report's own fields stay usable beside them: the findings box and the buttons are on screen
    editor = report.widget()
    assert editor.findings.width() >= 200 and editor.sign_button.visibleRegion().boundingRect().width() > 30
    assert editor.header.wordWrap() and editor.tabs.count() == 3  # report / tumour / prior report as tabs


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
