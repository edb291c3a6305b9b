"""The viewport reacts like the common viewers: wheel, W/L drag, number-key presets, cursor HU."""
import re

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import viewport_pixels, wait_loaded
from tests.viewer_model.synthetic import AXIAL_STANDARD, LEFT_ANTERIOR_MARKER, make_volume
from viewer.model.windowing import Window, gray_of

pytestmark = pytest.mark.gui

TISSUE_POINT = np.array([-30.0, 20.0, 0.0])  # right posterior, inside the head (value 100), no marker


def _wheel(widget, notches: int, modifiers=Qt.NoModifier) -> None:
    c = QPointF(widget.width() / 2, widget.height() / 2)
    ev = QWheelEvent(c, widget.mapToGlobal(c), QPoint(0, 0), QPoint(0, 120 * notches), Qt.NoButton, modifiers,
                     Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def _mouse(widget, kind, pos: QPointF, button=Qt.LeftButton) -> None:
    buttons = Qt.NoButton if kind == QMouseEvent.MouseButtonRelease else button
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button if kind != QMouseEvent.MouseMove else Qt.NoButton,
                     buttons, Qt.NoModifier)
    QApplication.sendEvent(widget, ev)


def _drag(widget, start: QPointF, end: QPointF, button=Qt.LeftButton, steps: int = 5) -> None:
    _mouse(widget, QMouseEvent.MouseButtonPress, start, button)
    for n in range(1, steps + 1):
        p = start + (end - start) * (n / steps)
        _mouse(widget, QMouseEvent.MouseMove, p, button)
    _mouse(widget, QMouseEvent.MouseButtonRelease, end, button)


def _pixel_at_patient(vp, xyz) -> int:
    """Grey value on screen where the LPS point ``xyz`` is drawn (overlays hidden)."""
    vp.view.overlays.set_visible(False)
    rgb = viewport_pixels(vp)
    vp.view.overlays.set_visible(True)
    x, y = vp.view.display_of_patient(xyz)
    return int(rgb[rgb.shape[0] - 1 - int(round(y)), int(round(x)), 0])


def test_wheel_scrolls_slices_and_ctrl_wheel_zooms(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    k = viewport.state.slice_index
    _wheel(viewport, -1)  # wheel towards the user: next image
    assert viewport.state.slice_index == k + 1
    _wheel(viewport, 3)
    assert viewport.state.slice_index == k - 2
    assert f"{k - 1}/{viewport.state.slice_count}" in viewport.view.overlays.corner_text("bottom_left")
    _wheel(viewport, 1, Qt.ControlModifier)
    assert viewport.state.zoom == pytest.approx(1.1) and viewport.state.slice_index == k - 2


def test_wheel_to_the_marker_slice_shows_it(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    viewport.state.set_window(Window(1000, 500))
    viewport.state.set_slice(0)  # bottom of the head: no marker
    assert _pixel_at_patient(viewport, LEFT_ANTERIOR_MARKER) < 10
    target = viewport.state.geometry.index_of(LEFT_ANTERIOR_MARKER[2])
    for _ in range(target):
        _wheel(viewport, -1)
    assert viewport.state.slice_index == target
    assert _pixel_at_patient(viewport, LEFT_ANTERIOR_MARKER) > 200


def test_left_drag_windows_the_pixels_as_expected(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    viewport.state.go_to_point(TISSUE_POINT)
    viewport.state.set_window(Window(400, 200))
    before = _pixel_at_patient(viewport, TISSUE_POINT)
    assert abs(before - 255 * gray_of(100, Window(400, 200))) <= 4
    c = QPointF(256, 256)
    _drag(viewport, c, c + QPointF(200, -100))  # right: wider; up: lower level
    w = viewport.state.window
    assert w.width > 400 and w.level < 200
    after = _pixel_at_patient(viewport, TISSUE_POINT)
    assert abs(after - 255 * gray_of(100, w)) <= 4
    assert after > before + 20  # lower level, tissue brighter


def test_right_drag_zooms_middle_drag_pans(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    c = QPointF(256, 256)
    _drag(viewport, c, c + QPointF(0, -100), Qt.RightButton)
    assert viewport.state.zoom > 2
    x0, _ = viewport.view.display_of_patient(TISSUE_POINT)
    _drag(viewport, c, c + QPointF(50, 0), Qt.MiddleButton)
    x1, _ = viewport.view.display_of_patient(TISSUE_POINT)
    assert x1 - x0 == pytest.approx(50, abs=2)  # the image follows the mouse


def test_number_keys_apply_ct_presets(viewport, qtbot):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD, modality="CT"))
    for key, (w, lv) in {Qt.Key_1: (80, 40), Qt.Key_2: (200, 75), Qt.Key_3: (40, 40), Qt.Key_4: (2800, 600)}.items():
        qtbot.keyClick(viewport, key)
        assert (viewport.state.window.width, viewport.state.window.level) == (w, lv)
        assert f"W: {w} L: {lv}" in viewport.view.overlays.corner_text("bottom_right")


def test_mr_presets_file_voi_and_auto(viewport, qtbot):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD, window=(300.0, 500.0)))
    qtbot.keyClick(viewport, Qt.Key_2)
    auto = viewport.state.window
    assert auto != Window(500, 300) and auto.high > 500
    qtbot.keyClick(viewport, Qt.Key_1)
    assert viewport.state.window == Window(500, 300)


def test_keys_flip_invert_rotate_and_reset(viewport, qtbot):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    qtbot.keyClick(viewport, Qt.Key_H)
    assert viewport.view.overlays.edge_label("right") == "R"
    qtbot.keyClick(viewport, Qt.Key_I)
    assert viewport.state.invert
    qtbot.keyClick(viewport, Qt.Key_Escape)
    assert viewport.view.overlays.edge_label("right") == "L" and not viewport.state.invert
    k = viewport.state.slice_index
    qtbot.keyClick(viewport, Qt.Key_PageDown)
    assert viewport.state.slice_index > k
    qtbot.keyClick(viewport, Qt.Key_Home)
    assert viewport.state.slice_index == 0


def test_cine_advances_slices(viewport, qtbot):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    viewport.set_cine_fps(30)
    k = viewport.state.slice_index
    shown = []
    viewport.state.subscribe(lambda _changed: shown.append(viewport.state.slice_index))
    qtbot.keyClick(viewport, Qt.Key_Space)
    assert viewport.is_cine_running()
    # each frame the next slice (wrapping at the end); a loaded machine may draw frames late, never skip them
    qtbot.waitUntil(lambda: len(set(shown) - {k}) >= 3, timeout=20000)
    steps = [b - a for a, b in zip([k] + shown, shown) if b != a]
    assert all(d == 1 or d == 1 - viewport.state.slice_count for d in steps), steps
    qtbot.keyClick(viewport, Qt.Key_Space)
    assert not viewport.is_cine_running()


def test_status_bar_shows_hu_of_a_known_ct_voxel(make_main_window, qtbot, shared_data):
    folder = shared_data / "ct_philips_ingenuity_head_phantom_cd" / "DICOM" / "S21570" / "S2010"
    w = make_main_window(size=(1000, 800))
    w.controller.open_paths([str(folder)], 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    vol = vp.state.volume
    assert vol.modality == "CT"
    # a known voxel read with pydicom directly: the file of the current slice, row 256, the first
    # column inside the phantom's dense shell (> 100 HU)
    k = vp.state.slice_index
    files = [pydicom.dcmread(f) for f in sorted(folder.iterdir()) if f.name.startswith("I")]
    plane_z = vol.index_to_world([0, 0, k])[2]
    ds = min(files, key=lambda d: abs(float(d.ImagePositionPatient[2]) - plane_z))
    hu = ds.pixel_array.astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    j = 256
    i = int(np.argmax(hu[j] > 100)) + 1
    expected = hu[j, i]
    assert expected > 100
    ipp = np.array(ds.ImagePositionPatient, float)
    iop = np.array(ds.ImageOrientationPatient, float)
    xyz = ipp + iop[:3] * i * float(ds.PixelSpacing[1]) + iop[3:] * j * float(ds.PixelSpacing[0])
    vp.state.set_zoom(3.0)
    vp.state.pan_by(*(-np.array(vp.state.patient_to_screen(xyz)[:2]) + np.array(
        [(vp.state.geometry.u_range[0] + vp.state.geometry.u_range[1]) / 2,
         (vp.state.geometry.v_range[0] + vp.state.geometry.v_range[1]) / 2])))
    vp.render_now()
    x, y = vp.view.display_of_patient(xyz)  # VTK display (origin bottom-left, device pixels)
    ratio = vp.devicePixelRatioF()
    pos = QPointF(x / ratio, vp.height() - 1 - y / ratio)
    _mouse(vp, QMouseEvent.MouseMove, pos, Qt.NoButton)
    text = w.status.cursor_label.text()
    m = re.search(r"(-?\d+(?:\.\d+)?) HU", text)
    assert m, text
    assert float(m.group(1)) == pytest.approx(expected, abs=0.5)
    coords = [float(v) for v in re.findall(r"-?\d+\.\d", text)[:3]]
    assert np.allclose(coords, xyz, atol=0.6)


def test_4d_time_points_with_keys_and_shift_wheel(viewport, qtbot):
    vol = make_volume(AXIAL_STANDARD, shape_ijk=(32, 32, 10))
    frames = np.stack([vol.voxels, vol.voxels * 2, vol.voxels * 3])
    viewport.state.set_volume(vol.with_voxels(frames))
    assert "T: 1/3" in viewport.view.overlays.corner_text("bottom_left")
    qtbot.keyClick(viewport, Qt.Key_Period)
    assert viewport.state.timepoint == 1
    _wheel(viewport, -1, Qt.ShiftModifier)
    assert viewport.state.timepoint == 2 and "T: 3/3" in viewport.view.overlays.corner_text("bottom_left")
    qtbot.keyClick(viewport, Qt.Key_Comma)
    assert viewport.state.timepoint == 1
    xyz = np.array([0.0, 0.0, 0.0])  # head tissue, 100 at t=0
    viewport.state.go_to_point(xyz)
    assert viewport.state.volume.value_at_world(xyz, viewport.state.timepoint) == 200
