"""The study browser's series thumbnails never overlap once their pictures arrive (a warm start selects the
demo study right away; the pictures come later from a worker thread)."""
import itertools

import pytest

from workstation.app.launch import demo_study_uid, import_demo

pytestmark = pytest.mark.gui


def test_thumbnails_do_not_overlap(make_main_window, qtbot):
    win = make_main_window(archive="new")
    import_demo(win.archive)
    win.browser.refresh()
    uid = demo_study_uid()
    assert win.browser.select_study(uid)
    lst = win.browser.series_list
    qtbot.waitUntil(lambda: lst.count() == 4 and not any(lst.item(n).icon().isNull() for n in range(4)),
                    timeout=30_000)
    qtbot.wait(300)  # the list lays its items out on the next turns of the event loop
    rects = [lst.visualItemRect(lst.item(n)) for n in range(lst.count())]
    assert all(r.height() > lst.iconSize().height() // 2 for r in rects)  # each has room for its picture
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b), (a, b)
