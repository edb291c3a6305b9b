"""The MPR panel wires the MPR window and prior comparison to the viewport grid."""
import numpy as np
import pytest

from viewer.mpr.registration import Registration
from workstation.ui.mpr_panel import MprPanel, registrations_dir
from workstation.ui.viewport_grid_widget import ViewportGridWidget
from tests.mpr.phantoms import grid_volume
from tests.mpr.siemens import load_siemens

pytestmark = pytest.mark.gui


@pytest.fixture
def grid_and_panel(show, shared_data):
    grid = show(ViewportGridWidget(), 900, 450)
    grid.set_layout("1x2")
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    grid.viewports[0].state.set_volume(ax)
    grid.viewports[1].state.set_volume(sag)
    grid.set_active(0)
    panel = show(MprPanel(grid), 300, 400)
    return grid, panel, ax, sag


def test_mpr_window_crosshair_moves_the_linked_viewport(qtbot, grid_and_panel, show):
    grid, panel, ax, sag = grid_and_panel
    panel.link_box.setChecked(True)
    mpr = panel.open_mpr()
    show(mpr, 1200, 420)
    assert mpr.volume is ax
    point = ax.center_world + (20.0, -10.0, 5.0)
    mpr.set_crosshair(point)
    st = grid.viewports[1].state
    assert abs(st.patient_to_screen(mpr.frame.point)[2]) <= st.geometry.step / 2 + 1e-6
    panel.link_box.setChecked(False)
    before = st.slice_index
    mpr.set_crosshair(point + (-40.0, 0.0, 0.0))
    assert st.slice_index == before


def test_prior_comparison_reuses_a_kept_registration(grid_and_panel, show):
    grid, panel, ax, _sag = grid_and_panel
    other = grid_volume((30, 40, 40), spacing=(3, 3, 3), origin=(-60, -60, -45),
                        frame_of_reference_uid="2.25.4242", series_uid="2.25.4243")
    other = other.with_voxels(np.random.default_rng(0).random(other.voxels.shape).astype(np.float32))
    grid.viewports[1].state.set_volume(other)
    panel.refresh_choices()
    shift = np.eye(4)
    shift[:3, 3] = (2.0, 0.0, 0.0)
    panel.store.save(Registration(matrix=shift.tolist(), fixed_series_uid=ax.series_instance_uid,
                                  moving_series_uid=other.series_instance_uid, accepted=True))
    assert panel.store.folder == registrations_dir()
    view = show(panel.open_priors(), 900, 420)
    assert view.registration is not None and view.registration.accepted
    assert np.allclose(panel.links.transform(ax.frame_of_reference_uid, "2.25.4242"), shift)


def test_no_series_gives_a_message_not_a_crash(show):
    grid = show(ViewportGridWidget(), 400, 300)
    panel = show(MprPanel(grid), 300, 300)
    assert panel.open_mpr() is None and panel.open_priors() is None
    assert panel.message.text()


def _shift_move(widget, x, y):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(x, y)
    ev = QMouseEvent(QEvent.MouseMove, pos, widget.mapToGlobal(pos), Qt.NoButton, Qt.NoButton, Qt.ShiftModifier)
    QApplication.sendEvent(widget, ev)


def _rgb(widget):
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    f = vtkWindowToImageFilter()
    f.SetInput(widget.GetRenderWindow())
    f.ReadFrontBufferOff()
    f.Update()
    out = f.GetOutput()
    w, h, _ = out.GetDimensions()
    return vtk_to_numpy(out.GetPointData().GetScalars()).reshape(h, w, -1)[:, :, :3].astype(int)  # row 0 = bottom


def test_shift_move_in_a_viewport_sets_the_cursor_everywhere_and_marks_it(grid_and_panel, show):
    grid, panel, ax, sag = grid_and_panel
    panel.link_box.setChecked(True)
    mpr = show(panel.open_mpr(), 1000, 380)
    vp_ax, vp_sag = grid.viewports
    target = ax.center_world + (15.0, -12.0, 0.0)
    target = target - vp_ax.state.patient_to_screen(target)[2] * vp_ax.state.basis.normal  # on the shown slice
    x, y = vp_ax.view.display_of_patient(target)
    ratio = vp_ax.devicePixelRatioF()
    _shift_move(vp_ax, x / ratio, vp_ax.height() - 1 - y / ratio)
    point = panel.linker.point
    assert np.linalg.norm(point - target) < 2.0
    # the sagittal viewport jumped to the slice through the point and marks it with the cyan cross
    st = vp_sag.state
    assert abs(st.patient_to_screen(point)[2]) <= st.geometry.step / 2 + 1e-6
    sx, sy = vp_sag.view.display_of_patient(point)
    rgb = _rgb(vp_sag)
    r0, c0 = int(round(sy)), int(round(sx))
    patch = rgb[max(0, r0 - 12):r0 + 13, max(0, c0 - 12):c0 + 13]
    cyan = (patch[..., 2] > 180) & (patch[..., 1] > 180) & (patch[..., 0] < 140)
    assert cyan.sum() >= 10
    # the axial viewport shows where the sagittal plane cuts it: a yellow line through the cursor,
    # running top to bottom (sampled 30 px above and below the cursor, clear of the cross)
    ax_rgb = _rgb(vp_ax)
    for dy in (-30, 30):
        row = ax_rgb[int(round(y)) + dy, max(0, int(round(x)) - 4):int(round(x)) + 5]
        yellow = (row[:, 0] > 200) & (row[:, 1] > 170) & (row[:, 2] < 130)
        assert yellow.any(), dy
    # and the MPR window followed the cursor
    assert np.allclose(mpr.frame.point, point)


def test_panel_is_registered_in_the_main_window(show):
    from workstation.app.main_window import MainWindow
    from workstation.app.panels import import_panel_modules

    import_panel_modules()
    w = MainWindow(None)
    w.add_registered_panels()
    show(w, 1300, 800)
    assert "mpr" in w.docks
    panel = w.docks["mpr"].widget()
    assert isinstance(panel, MprPanel) and panel.grid is w.controller.grid


def test_a_new_layout_is_linked_when_the_active_viewport_changes(grid_and_panel, shared_data):
    grid, panel, ax, _sag = grid_and_panel
    panel.link_box.setChecked(True)
    grid.set_layout("2x2")
    cor = load_siemens(str(shared_data), "cor_asc_35sl")
    grid.viewports[2].state.set_volume(cor)
    grid.set_active(2)
    panel.refresh_choices()
    assert len(panel.linker.states) == 4
    point = ax.center_world + (5.0, 10.0, -6.0)
    panel.linker.set_point(point, ax)
    st = grid.viewports[2].state
    assert abs(st.patient_to_screen(point)[2]) <= st.geometry.step / 2 + 1e-6
