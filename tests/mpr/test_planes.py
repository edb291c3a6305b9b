"""Display planes: radiological orientation whatever the acquisition; oblique MPR follows the crosshair."""
import numpy as np
import pytest

from viewer.geometry.orientation import edge_labels
from viewer.geometry.crosshair import CrosshairFrame
from viewer.geometry.planes import Plane, display_plane, oblique_plane, rotation_matrix
from tests.mpr.phantoms import grid_volume, sphere_phantom

SAGITTAL_IOP = np.column_stack([(0.0, 1.0, 0.0), (0.0, 0.0, -1.0), (1.0, 0.0, 0.0)])  # i=+y (P), j=-z (I), k=+x (L)


@pytest.mark.parametrize("name, labels", [
    ("axial", {"left": "R", "right": "L", "top": "A", "bottom": "P"}),
    ("coronal", {"left": "R", "right": "L", "top": "S", "bottom": "I"}),
    ("sagittal", {"left": "A", "right": "P", "top": "S", "bottom": "I"}),
])
def test_sagittal_acquisition_shows_true_standard_planes(name, labels):
    vol = grid_volume(direction=SAGITTAL_IOP)
    plane = display_plane(vol, name)
    assert edge_labels(plane.right, plane.down) == labels
    assert np.allclose(plane.origin, vol.center_world)


def test_patient_left_marker_lands_on_screen_right_in_axial_of_sagittal_series():
    # a sphere 20 mm to the patient's LEFT (+x) of the centre, in a sagittally acquired volume
    vol = sphere_phantom((20.0, 0.0, 0.0), 5.0, shape_kji=(60, 60, 60), spacing=(1, 1, 1),
                         direction=SAGITTAL_IOP, origin=(-30.0, -30.0, 30.0))
    plane = display_plane(vol, "axial", point=(0.0, 0.0, 0.0))
    u, v, _ = plane.to_plane((20.0, 0.0, 0.0))
    assert u == pytest.approx(20.0) and v == pytest.approx(0.0)  # screen right of the centre
    assert vol.value_at_world(plane.to_world(u, v)) == 1000.0
    assert vol.value_at_world(plane.to_world(-u, v)) == 0.0


def test_acquired_plane_of_a_tilted_axial_keeps_left_on_the_right():
    tilt = rotation_matrix((1, 0, 0), 12.0)
    vol = grid_volume(direction=tilt)
    plane = display_plane(vol, "acquired")
    assert np.allclose(plane.normal, tilt[:, 2])
    assert edge_labels(plane.right, plane.down)["right"] == "L"
    assert edge_labels(plane.right, plane.down)["top"].startswith("A")


def test_oblique_normal_option_gives_a_plane_with_that_normal():
    n = np.array([0.2, -0.3, 1.0])
    plane = display_plane(grid_volume(), "axial", point=(1, 2, 3), normal=n)
    assert np.allclose(plane.normal, n / np.linalg.norm(n))
    assert plane.signed_distance((1, 2, 3)) == pytest.approx(0.0)
    assert plane.right[0] > 0.9  # still patient left to the right


def test_plane_basis_is_right_handed_and_round_trips():
    p = oblique_plane((1, 1, 3), (5, -4, 2))
    assert np.allclose(np.cross(p.right, p.down), p.normal)
    pts = np.random.default_rng(1).normal(size=(10, 3)) * 50
    uvw = p.to_plane(pts)
    assert np.allclose(p.to_world(uvw[:, 0], uvw[:, 1], uvw[:, 2]), pts)


def test_rotating_the_crosshair_in_axial_tilts_the_other_two_planes():
    frame = CrosshairFrame.at((10.0, -5.0, 3.0))
    rotated = frame.rotated_in("axial", 30.0)
    before, after = frame.planes(), rotated.planes()
    assert after["axial"].angle_to(before["axial"]) == pytest.approx(0.0, abs=1e-9)
    assert after["sagittal"].angle_to(before["sagittal"]) == pytest.approx(30.0)
    assert after["coronal"].angle_to(before["coronal"]) == pytest.approx(30.0)
    # still mutually orthogonal and all through the crosshair point
    normals = np.array([pl.normal for pl in after.values()])
    assert np.allclose(normals @ normals.T, np.eye(3), atol=1e-12)
    for pl in after.values():
        assert pl.signed_distance(rotated.point) == pytest.approx(0.0)
    assert rotated.is_oblique and not rotated.reset_rotation().is_oblique
    # on screen, the axial view stays put (its crosshair lines turn); the others tilt
    shown = rotated.display_planes()
    assert np.allclose(shown["axial"].right, (1, 0, 0)) and np.allclose(shown["axial"].down, (0, 1, 0))
    for name in ("sagittal", "coronal"):
        assert np.allclose(abs(shown[name].normal @ after[name].normal), 1.0)
        assert shown[name].down @ (0, 0, -1) > 0.99  # still upright: inferior at the bottom


def test_plane_through_moves_only_along_the_normal():
    p = Plane((0, 0, 0), (1, 0, 0), (0, 1, 0))
    q = p.through((3.0, 4.0, 7.0))
    assert np.allclose(q.origin, (0, 0, 7.0))
