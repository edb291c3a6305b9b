"""MPR layout under Xvfb: three true planes, crosshair click moves the other views, slabs, oblique."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from viewer.mpr.cursor import slice_through
from viewer.qt.mpr_view import MprView
from tests.mpr.gui.helpers import grab, level_at
from tests.mpr.phantoms import oblique_direction, sphere_phantom, grid_volume
from tests.mpr.siemens import load_siemens

pytestmark = pytest.mark.gui

C = np.array([15.0, -10.0, 8.0])
R = 9.0
BRIGHT, DARK = 150.0, 60.0


@pytest.fixture(scope="module")
def phantom():
    return sphere_phantom(C, R, shape_kji=(70, 72, 74), spacing=(1.0, 1.0, 1.0), direction=oblique_direction(),
                          origin=(-35.0, -36.0, -34.0), value=1000.0, background=100.0)


@pytest.fixture
def mpr(show, phantom):
    return show(MprView(phantom), 1350, 480)


def test_layout_shows_true_planes_with_sphere_under_the_crosshair(mpr):
    mpr.set_crosshair(C)
    normals = {"axial": (0, 0, 1), "sagittal": (-1, 0, 0), "coronal": (0, 1, 0)}
    for name, w in mpr.views.items():
        assert np.allclose(w.view.plane.normal, normals[name])
        assert level_at(w, C) > BRIGHT, name
        # 2 radii along the screen's right: background
        assert level_at(w, C + 2 * R * w.view.plane.right) < DARK, name
    # patient left is on the screen's right in the axial and coronal views
    for name in ("axial", "coronal"):
        w = mpr.views[name]
        assert w.view.patient_to_display(C + (10, 0, 0))[0] > w.view.patient_to_display(C)[0]


def test_click_in_axial_moves_sagittal_and_coronal_to_the_point(qtbot, mpr, phantom):
    start = phantom.center_world.copy()
    start[2] = C[2]
    mpr.set_crosshair(start)  # the sagittal plane misses the sphere: x is 15 mm off
    sag = mpr.views["sagittal"]
    assert abs(sag.view.plane.signed_distance(C)) > R
    axial = mpr.views["axial"]
    x, y = axial.widget_pos_of(C)
    qtbot.mouseClick(axial, Qt.LeftButton, pos=QPoint(int(round(x)), int(round(y))))
    assert np.allclose(mpr.frame.point[:2], C[:2], atol=1.5)
    assert abs(sag.view.plane.signed_distance(C)) < 1.5
    assert abs(mpr.views["coronal"].view.plane.signed_distance(C)) < 1.5
    assert level_at(sag, C) > BRIGHT and level_at(mpr.views["coronal"], C) > BRIGHT


def test_wheel_scrolls_along_the_view_normal(mpr):
    mpr.set_crosshair(C)
    mpr.scroll("axial", 3)
    assert np.allclose(mpr.frame.point, C + (0, 0, 3 * mpr.step_mm))


def test_mip_slab_shows_a_sphere_the_thin_plane_misses(qtbot, mpr):
    mpr.set_crosshair(C + (0, 0, R + 4.0))
    axial = mpr.views["axial"]
    assert level_at(axial, C) < DARK
    mpr.slab_spin.setValue(14.0)  # reaches 7 mm down: into the sphere
    mpr.slab_combo.setCurrentIndex(mpr.slab_combo.findData("mip"))
    assert mpr.slab_mode == "mip" and mpr.slab_mm == 14.0
    assert level_at(axial, C) > BRIGHT
    mpr.slab_combo.setCurrentIndex(mpr.slab_combo.findData("minip"))
    assert level_at(axial, C) < DARK


def test_oblique_rotation_tilts_the_other_planes_and_they_still_cut_the_sphere(mpr):
    mpr.set_crosshair(C)
    mpr.rotate("axial", 30.0)
    sag, cor = mpr.views["sagittal"].view.plane, mpr.views["coronal"].view.plane
    assert np.degrees(np.arccos(abs(sag.normal @ (-1.0, 0.0, 0.0)))) == pytest.approx(30.0)
    assert np.allclose(mpr.views["axial"].view.plane.normal, (0, 0, 1))
    assert abs(sag.normal @ cor.normal) < 1e-9
    assert level_at(mpr.views["sagittal"], C) > BRIGHT
    assert "oblique" in mpr.views["coronal"].view.corner.GetInput()
    mpr.reset_button.click()
    assert not mpr.frame.is_oblique


def test_ctrl_drag_angle_is_clockwise_on_screen(mpr):
    w = mpr.views["axial"]
    mpr.set_crosshair(C)
    cx, cy = w.widget_pos_of(C)
    # from the right of the centre to below it: a quarter turn clockwise on the screen
    angle = w._drag_angle(QPointF(cx + 50, cy), QPointF(cx, cy + 50))
    assert angle == pytest.approx(90.0)
    mpr.rotate("axial", angle)
    # the sagittal line (screen vertical before) now runs horizontally in the axial view
    seg = w.view._segments["sagittal"]
    d = seg.end - seg.start
    assert abs(d[1]) < 1e-6 * np.linalg.norm(d)


def test_other_series_in_the_frame_of_reference_follow_the_cursor(qtbot, show, shared_data):
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    view_ax, view_sag = show(MprView(ax), 900, 320), show(MprView(sag), 900, 320)
    view_ax.crosshair_moved.connect(lambda p, _for: view_sag.follow(p, view_ax.volume))
    target = ax.center_world + (12.0, -8.0, 0.0)
    w = view_ax.views["axial"]
    x, y = w.widget_pos_of(target)
    qtbot.mouseClick(w, Qt.LeftButton, pos=QPoint(int(round(x)), int(round(y))))
    assert np.allclose(view_sag.frame.point, view_ax.frame.point)
    hit = slice_through(sag, view_sag.frame.point)
    assert hit.inside_slice and hit.within_half_slice
    stranger = grid_volume(frame_of_reference_uid="1.2.3.4.5")
    assert not view_sag.follow(view_ax.frame.point, stranger)
