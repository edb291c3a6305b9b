"""The VTK reslice pipeline gives the same images as the numpy reference (no display needed)."""
import numpy as np
import pytest

from viewer.geometry.crosshair import CrosshairFrame
from viewer.mpr.reference_lines import volume_rect
from viewer.render.mpr_reslice import MprReslice, volume_image
from viewer.mpr.slab import PlaneGrid, reslice, slab, slab_offsets
from tests.mpr.phantoms import oblique_direction, sphere_phantom


@pytest.fixture(scope="module")
def noisy():
    vol = sphere_phantom((6.0, -4.0, 5.0), 8.0, direction=oblique_direction(10, 25, -30))
    noise = np.random.default_rng(7).normal(0, 50, vol.voxels.shape).astype(np.float32)
    return vol.with_voxels(vol.voxels + noise)


def _inside_all(vol, plane, grid, offsets):
    ok = np.ones((grid.rows, grid.columns), bool)
    for w in offsets:
        ok &= ~np.isnan(reslice(vol, plane.shifted(w), grid))
    return ok


def test_vtk_oblique_reslice_matches_numpy_reference_on_three_planes_sharing_one_image(noisy):
    image = volume_image(noisy)  # one vtkImageData shared by the three views
    frame = CrosshairFrame.at((6.0, -4.0, 5.0)).rotated((0.2, 1, 0.4), 27.0)
    for name, plane in frame.planes().items():
        grid = PlaneGrid.covering(volume_rect(plane, noisy), 0.7)
        view = MprReslice(noisy, image)
        view.set_plane(plane)
        view.set_grid(grid)
        got = view.to_numpy()
        ref = reslice(noisy, plane, grid)
        ok = ~np.isnan(ref)
        assert ok.sum() > 2000, name
        assert np.abs(got[ok] - ref[ok]).max() < 0.05, name
        assert view.reslice.GetInput() is image


@pytest.mark.parametrize("mode", ["mip", "minip", "mean"])
def test_vtk_slab_modes_match_numpy_reference(noisy, mode):
    plane = CrosshairFrame.at((6.0, -4.0, 5.0)).rotated((1, 0, 0), 20.0).plane("coronal")
    grid = PlaneGrid.covering(volume_rect(plane, noisy), 0.8)
    view = MprReslice(noisy)
    view.set_plane(plane)
    view.set_grid(grid)
    view.set_slab(mode, 7.0)
    got, ref = view.to_numpy(), slab(noisy, plane, grid, 7.0, mode, step_mm=view.step_mm)
    ok = _inside_all(noisy, plane, grid, slab_offsets(7.0, view.step_mm))
    assert ok.sum() > 1000
    assert np.abs(got[ok] - ref[ok]).max() < 0.05


def test_moving_the_plane_changes_only_the_matrix_not_the_data(noisy):
    view = MprReslice(noisy)
    plane = CrosshairFrame.at((6.0, -4.0, 5.0)).plane("axial")
    view.set_grid(PlaneGrid.covering(volume_rect(plane, noisy), 1.0))
    view.set_plane(plane)
    a = view.to_numpy()
    data_ptr = view.image.GetPointData().GetScalars().GetVoidPointer(0)
    view.set_plane(plane.shifted(12.0))  # leaves the sphere
    b = view.to_numpy()
    assert a.max() > 900 and b.max() < 500
    assert view.image.GetPointData().GetScalars().GetVoidPointer(0) == data_ptr
