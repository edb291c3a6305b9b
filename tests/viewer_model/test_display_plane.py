"""Display-plane maths: radiological convention from the affine, whatever the storage order."""
import numpy as np
import pytest

from tests.viewer_model.synthetic import (
    AXIAL_OBLIQUE, AXIAL_ROWS_FLIPPED, AXIAL_STANDARD, AXIAL_UPSIDE_DOWN, CORONAL, SAGITTAL, make_volume, rotation,
)
from viewer.geometry.planes import plane_basis, reslice_matrix, transform_basis, view_name
from viewer.geometry.slicing import slice_geometry


@pytest.mark.parametrize("direction", [AXIAL_STANDARD, AXIAL_ROWS_FLIPPED, AXIAL_UPSIDE_DOWN],
                         ids=["standard", "rows-flipped", "upside-down"])
def test_axial_series_show_patient_left_on_screen_right_and_front_on_top(direction):
    b = plane_basis(direction)
    assert np.allclose(b.right, [1, 0, 0]) and np.allclose(b.down, [0, 1, 0])
    assert b.labels() == {"right": "L", "left": "R", "top": "A", "bottom": "P"}


def test_tilted_axial_keeps_left_right_and_front_top():
    b = plane_basis(AXIAL_OBLIQUE)
    assert b.right[0] > 0.9 and b.down[1] > 0.8
    assert b.labels()["right"].startswith("L") and b.labels()["top"].startswith("A")
    # the plane really is the acquisition plane
    n = np.cross(AXIAL_OBLIQUE[:, 0], AXIAL_OBLIQUE[:, 1])
    assert abs(abs(np.dot(b.normal, n)) - 1) < 1e-9
    assert view_name(AXIAL_OBLIQUE) == "oblique"


def test_sagittal_and_coronal_labels():
    assert plane_basis(SAGITTAL).labels() == {"right": "P", "left": "A", "top": "S", "bottom": "I"}
    assert plane_basis(CORONAL).labels() == {"right": "L", "left": "R", "top": "S", "bottom": "I"}
    assert view_name(SAGITTAL) == "sagittal" and view_name(CORONAL) == "coronal"


def test_flip_and_rotate_change_labels():
    b = plane_basis(AXIAL_STANDARD)
    assert transform_basis(b, flip_h=True).labels()["right"] == "R"
    assert transform_basis(b, flip_v=True).labels()["top"] == "P"
    r = transform_basis(b, quarter_turns=1)  # clockwise: anterior (top) goes to the right
    assert r.labels() == {"right": "A", "left": "P", "top": "R", "bottom": "L"}
    assert transform_basis(b, quarter_turns=4).labels() == b.labels()


def test_reslice_matrix_maps_plane_points_to_their_voxels():
    vol = make_volume(AXIAL_OBLIQUE, shape_ijk=(20, 22, 10))
    b = plane_basis(vol.direction)
    geo = slice_geometry(vol.affine, vol.shape_ijk, b)
    origin = geo.plane_point(3, b.normal)
    m = reslice_matrix(vol.affine, b, origin)
    for u, v in [(0, 0), (5.5, -3.0), (-10, 7)]:
        world = origin + u * b.right + v * b.up
        ijk = (m @ [u, v, 0, 1])[:3]
        assert np.allclose(ijk, vol.world_to_index(world))


def test_native_slices_match_volume_slices():
    vol = make_volume(AXIAL_STANDARD, shape_ijk=(8, 8, 12), spacing=(1, 1, 3))
    geo = slice_geometry(vol.affine, vol.shape_ijk, plane_basis(vol.direction))
    assert geo.count == 12 and geo.step == pytest.approx(3.0)
    assert geo.offset(0) == pytest.approx(vol.index_to_world([0, 0, 0])[2])
    assert geo.index_of(vol.index_to_world([0, 0, 7])[2]) == 7


def test_reformatted_plane_of_axial_volume():
    vol = make_volume(rotation([0, 0, 1], 5), shape_ijk=(30, 30, 10), spacing=(1, 1, 4))
    b = plane_basis(vol.direction, "sagittal")
    assert b.labels()["right"] == "P"
    geo = slice_geometry(vol.affine, vol.shape_ijk, b)
    assert geo.count > 25


@pytest.mark.parametrize("direction", [AXIAL_STANDARD, AXIAL_ROWS_FLIPPED, AXIAL_UPSIDE_DOWN])
def test_thumbnail_puts_left_marker_top_right(direction):
    from viewer.model.thumbnail import thumbnail

    vol = make_volume(direction, shape_ijk=(64, 64, 48))
    k = int(round(vol.world_to_index([35.0, -30.0, 0.0])[2]))
    t = thumbnail(vol.voxels[k], vol.direction, size=64)
    ys, xs = np.nonzero(t > 200)
    assert xs.mean() > 40 and ys.mean() < 24  # patient left -> right, anterior -> top


def test_left_handed_grid_still_radiological():
    # i = patient right-ward, j = posterior, k = superior: a left-handed grid (NIfTI LAS-like)
    b = plane_basis(np.diag([-1.0, 1.0, 1.0]))
    assert b.labels() == {"right": "L", "left": "R", "top": "A", "bottom": "P"}
    vol = make_volume(np.diag([-1.0, 1.0, 1.0]), shape_ijk=(8, 8, 6), spacing=(1, 1, 2))
    geo = slice_geometry(vol.affine, vol.shape_ijk, b)
    assert geo.count == 6 and geo.step == pytest.approx(2.0)
