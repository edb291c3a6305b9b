"""Application shell: layouts, study browser (double-click a study, thumbnails), drag a series onto a
viewport, panels added by other parts, help dialog listing the shortcuts."""
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pydicom.uid import generate_uid

from tests.gui.conftest import wait_loaded
from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import AXIAL_STANDARD, CORONAL, make_volume
from viewer.qt.viewport_widget import SERIES_MIME
from workstation.ui.viewport_grid_widget import LAYOUTS

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_arrange_viewports(name, make_main_window, qtbot):
    w = make_main_window()
    w.grid.set_layout(name)
    rows, cols = LAYOUTS[name]
    vps = w.grid.viewports
    assert len(vps) == rows * cols
    qtbot.waitUntil(lambda: all(v.isVisible() for v in vps), timeout=30000)
    xs = sorted({v.mapTo(w.grid, QPoint(0, 0)).x() for v in vps})
    ys = sorted({v.mapTo(w.grid, QPoint(0, 0)).y() for v in vps})
    assert (len(ys), len(xs)) == (rows, cols)
    assert w.toolbar.actions_by_key[f"layout_{name}"].isChecked()


def _archive_with_two_series(w, tmp_path):
    study = generate_uid()
    for n, (d, desc) in enumerate([(AXIAL_STANDARD, "axial marker"), (CORONAL, "coronal marker")]):
        for f in write_series(make_volume(d, shape_ijk=(40, 40, 30)), tmp_path / f"s{n}", study_uid=study,
                              description=desc, series_number=n + 1):
            w.archive.ingest_file(f)
    w.browser.refresh()
    return study


def test_double_click_study_opens_it_in_default_layout_and_thumbnails_render(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    study = _archive_with_two_series(w, tmp_path)
    items = w.browser.study_items()
    assert len(items) == 1
    w.browser.tree.setCurrentItem(items[0])
    w.browser.tree.itemDoubleClicked.emit(items[0], 0)
    assert w.grid.layout_name == "1x2"
    for vp in w.grid.viewports:
        wait_loaded(qtbot, vp)
    assert [vp.state.view_name() for vp in w.grid.viewports] == ["axial", "coronal"]
    assert all(vp.state.volume.study_instance_uid == study for vp in w.grid.viewports)
    lst = w.browser.series_list
    assert lst.count() == 2
    qtbot.waitUntil(lambda: all(not lst.item(n).icon().isNull() for n in range(lst.count())), timeout=30_000)


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_drop_series_thumbnail_onto_viewport(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    _archive_with_two_series(w, tmp_path)
    w.grid.set_layout("2x2")
    coronal = [s for s in w.archive.series() if s.series_description == "coronal marker"][0]
    target = w.grid.viewports[3]
    mime = QMimeData()
    mime.setData(SERIES_MIME, coronal.series_instance_uid.encode("ascii"))
    pos = QPointF(target.width() / 2, target.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    wait_loaded(qtbot, target)
    assert target.state.volume.series_instance_uid == coronal.series_instance_uid
    assert w.grid.active_index == 3
    assert all(v.state.volume is None for v in w.grid.viewports[:3])


def test_other_parts_add_panels(make_main_window):
    from workstation.app.panels import register_panel, unregister_panel

    register_panel("test_panel", "Test panel", lambda ctx: QLabel(f"controller={type(ctx.controller).__name__}"),
                   area="right")
    try:
        w = make_main_window()
        w.add_registered_panels()
        dock = w.docks["test_panel"]
        assert dock.widget().text() == "controller=ViewerController"
        assert w.dockWidgetArea(dock) == Qt.RightDockWidgetArea
        extra = w.add_panel("extra", "Extra", QLabel("x"), "bottom")
        assert w.dockWidgetArea(extra) == Qt.BottomDockWidgetArea
    finally:
        unregister_panel("test_panel")


def test_help_dialog_lists_shortcuts(make_main_window, qtbot):
    from workstation.ui.help_dialog import HelpDialog

    w = make_main_window()
    d = HelpDialog(w)
    qtbot.addWidget(d)
    keys = {d.table.item(r, 0).text() for r in range(d.table.rowCount())}
    assert {"Up", "PgDown", "1-9", "H", "Esc", "Ctrl+Wheel", "Left drag"} <= keys


def test_browser_shows_studies_that_arrive_without_refresh(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    assert w.browser.study_items() == []
    for f in write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 4)), tmp_path / "late"):
        w.archive.ingest_file(f)  # e.g. a DICOM receive in the background
    qtbot.waitUntil(lambda: len(w.browser.study_items()) == 1, timeout=10_000)
