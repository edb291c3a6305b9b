"""Keyboard frictions: PgUp/PgDn move what Help says, key bursts coalesce, the viewport has the focus
after opening a study, number keys never type into the toolbar."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume
from viewer.model.shortcuts import KEY_BINDINGS, PAGE_SLICES
from viewer.model.windowing import Window


def _post_keys(widget, key, n: int) -> None:
    for _ in range(n):
        QApplication.postEvent(widget, QKeyEvent(QEvent.KeyPress, key, Qt.NoModifier))


def test_page_keys_move_what_help_says(viewport):
    help_text = {a: d for _k, a, d in KEY_BINDINGS}
    assert f"{PAGE_SLICES} slices" in help_text["next_page"] and f"{PAGE_SLICES} slices" in help_text["prev_page"]
    viewport.state.set_volume(make_volume(AXIAL_STANDARD, shape_ijk=(32, 32, 120)))  # 10 % would be 12
    start = viewport.state.slice_index
    viewport.handle_key(Qt.Key_PageDown)
    assert viewport.state.slice_index == start + PAGE_SLICES
    viewport.handle_key(Qt.Key_PageUp)
    viewport.handle_key(Qt.Key_PageUp)
    assert viewport.state.slice_index == start - PAGE_SLICES


def test_key_burst_lands_on_last_requested_slice_with_few_renders(viewport, qtbot):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD, shape_ijk=(32, 32, 60)))
    qtbot.wait(50)
    viewport.state.set_slice(10)
    qtbot.wait(50)
    renders = viewport.render_count
    _post_keys(viewport, Qt.Key_Down, 20)
    QApplication.processEvents()
    qtbot.wait(50)
    assert viewport.state.slice_index == 30
    assert 1 <= viewport.render_count - renders <= 3, viewport.render_count - renders
    qtbot.wait(200)  # nothing keeps scrolling afterwards
    assert viewport.state.slice_index == 30


def test_focus_on_viewport_after_opening_a_study(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    paths = write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 8)), tmp_path / "s")
    for p in paths:
        w.archive.ingest_file(p)
    w.browser.refresh()
    item = w.browser.study_items()[0]
    w.browser.tree.setFocus()
    w.browser.tree.setCurrentItem(item)
    rect = w.browser.tree.visualItemRect(item)
    qtbot.mouseClick(w.browser.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(w.browser.tree.viewport(), Qt.LeftButton, pos=rect.center())
    vp = w.grid.active_viewport()
    qtbot.waitUntil(lambda: vp.state.volume is not None, timeout=30_000)
    assert w.focusWidget() is vp
    qtbot.waitUntil(lambda: vp.state.loaded_fraction >= 1.0, timeout=30_000)
    with qtbot.waitActive(w):
        w.activateWindow()
    start = vp.state.slice_index
    qtbot.keyClick(w.windowHandle(), Qt.Key_PageDown)  # goes to the images, not the study list
    assert vp.state.slice_index == min(vp.state.slice_count - 1, start + PAGE_SLICES) != start
    assert w.browser.tree.currentItem() is item


def test_number_keys_never_edit_the_fps_box(make_main_window, qtbot):
    w = make_main_window()
    vp = w.grid.active_viewport()
    vp.state.set_volume(make_volume(AXIAL_STANDARD, modality="CT"))
    fps = w.toolbar.fps
    before = fps.value()
    qtbot.mouseClick(fps, Qt.LeftButton)  # a click on the toolbar's box takes no focus
    assert fps.focusPolicy() == Qt.NoFocus and w.focusWidget() is not fps
    with qtbot.waitActive(w):
        w.activateWindow()
    qtbot.keyClick(w.windowHandle(), "4")  # CT bone preset, through the window system like a real key
    assert fps.value() == before
    assert vp.state.window == Window(2800, 600)


def test_help_lists_the_window_shortcuts_the_menus_use(make_main_window):
    from PySide6.QtGui import QKeySequence

    from viewer.model.shortcuts import WINDOW_BINDINGS
    from workstation.ui.help_dialog import HelpDialog

    w = make_main_window()
    actions = {**w.image_menu.actions, "images_only": w.view_menu.images_only, "quit": w.quit_action}
    for keys, action, _desc in WINDOW_BINDINGS:
        assert actions[action].shortcut() == QKeySequence(keys), action
    dialog = HelpDialog(w)
    shown = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert {k for k, _a, _d in WINDOW_BINDINGS} <= shown
    dialog.close()


def test_focus_on_viewport_after_opening_from_the_worklist(make_main_window, qtbot, tmp_path):
    """Double-click on an order of the worklist (reading panel): the images open with the keyboard on the
    active viewport; PgDn then moves the slice, not the worklist's row (which would switch the report)."""
    from workstation.reading.unmatched import archive_studies, create_local_order

    w = make_main_window(archive="new", with_panels=True, size=(1280, 800))
    for p in write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 30)), tmp_path / "s"):
        w.archive.ingest_file(p)
    hub = w.reading_hub
    order = create_local_order(hub.service.repo, archive_studies(w.archive)[0], by=hub.service.user.username)
    worklist = w.docks["reading_worklist"].widget()
    worklist.reload()
    rows = worklist.visible_order_ids()
    assert order.id in rows and len(rows) > 1
    table = worklist.table
    row = rows.index(order.id)
    rect = table.visualRect(table.model().index(row, 1))
    table.setFocus()
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    vp = w.grid.active_viewport()
    qtbot.waitUntil(lambda: vp.state.volume is not None and vp.state.loaded_fraction >= 1.0, timeout=30_000)
    assert vp.state.volume.metadata.get("patient_id") == order.patient.patient_number
    with qtbot.waitActive(w):
        w.activateWindow()
    assert w.focusWidget() is vp
    editor = w.docks["reading_report"].widget()
    assert worklist.selected_order_id() == order.id and editor.order.id == order.id
    start = vp.state.slice_index
    qtbot.keyClick(w.windowHandle(), Qt.Key_PageDown)  # through the window system, like a real key
    assert vp.state.slice_index == min(vp.state.slice_count - 1, start + PAGE_SLICES) != start
    assert worklist.selected_order_id() == order.id and editor.order.id == order.id  # the report stayed
