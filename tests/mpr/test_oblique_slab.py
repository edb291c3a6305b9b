"""Oblique reslice and thick slabs of a phantom built at test time: the sphere is where geometry says."""
import numpy as np
import pytest

from viewer.geometry.crosshair import CrosshairFrame
from viewer.geometry.planes import oblique_plane
from viewer.mpr.reference_lines import volume_rect
from viewer.mpr.slab import PlaneGrid, reslice, slab, slab_offsets
from tests.mpr.phantoms import oblique_direction, sphere_phantom

CENTER = np.array([6.0, -4.0, 5.0])
RADIUS = 8.0


@pytest.fixture(scope="module")
def phantom():
    # the grid itself is double-oblique: nothing lines up with the display axes by accident
    return sphere_phantom(CENTER, RADIUS, direction=oblique_direction())


def _disc(image, grid, threshold=500.0):
    """Centre (u, v) and equivalent radius (mm) of the bright region of a resliced image."""
    u, v = grid.uv()
    mask = np.nan_to_num(image) > threshold
    area = mask.sum() * grid.du * grid.dv
    return np.array([u[mask].mean(), v[mask].mean()]), np.sqrt(area / np.pi)


def test_oblique_plane_through_sphere_shows_disc_at_the_projected_centre(phantom):
    frame = CrosshairFrame.at((0.0, 0.0, 0.0)).rotated((1, 1, 0), 35.0).rotated((0, 0, 1), 20.0).moved_to(CENTER + (3, 1, -2))
    for name, plane in frame.planes().items():
        grid = PlaneGrid.covering(volume_rect(plane, phantom), 0.5)
        image = reslice(phantom, plane, grid)
        centre_uv, radius = _disc(image, grid)
        expected_uv = plane.to_plane(CENTER)[:2]
        d = abs(plane.signed_distance(CENTER))
        assert np.allclose(centre_uv, expected_uv, atol=0.5), name
        assert radius == pytest.approx(np.sqrt(RADIUS**2 - d**2), abs=0.6), name


def test_plane_missing_the_sphere_shows_nothing_but_a_mip_slab_reaching_it_does(phantom):
    plane = oblique_plane((0.3, 0.5, 1.0), CENTER).shifted(RADIUS + 3.0)  # 3 mm beyond the sphere
    grid = PlaneGrid.covering(volume_rect(plane, phantom), 0.5)
    assert np.nanmax(reslice(phantom, plane, grid)) < 100.0
    thin = slab(phantom, plane, grid, thickness_mm=4.0, mode="mip")  # reaches 2 mm: still misses
    thick = slab(phantom, plane, grid, thickness_mm=10.0, mode="mip")  # reaches 5 mm: cuts the sphere
    assert np.nanmax(thin) < 100.0
    centre_uv, radius = _disc(thick, grid)
    assert np.allclose(centre_uv, plane.to_plane(CENTER)[:2], atol=0.5)
    # the slab's deepest sample is ~5 mm towards the sphere, i.e. ~6 mm from its centre
    assert radius == pytest.approx(np.sqrt(RADIUS**2 - 6.0**2), abs=1.0)


def test_minip_and_mean_of_a_slab_through_the_sphere_edge(phantom):
    plane = oblique_plane((0.0, 0.2, 1.0), CENTER)
    grid = PlaneGrid.covering(volume_rect(plane, phantom), 0.5)
    c = np.rint(np.array(grid.pixel_of(*plane.to_plane(CENTER)[:2]))).astype(int)
    mip = slab(phantom, plane, grid, 30.0, "mip")
    minip = slab(phantom, plane, grid, 30.0, "minip")
    mean = slab(phantom, plane, grid, 30.0, "mean")
    assert mip[c[1], c[0]] == pytest.approx(1000.0)
    assert minip[c[1], c[0]] == pytest.approx(0.0)  # 30 mm slab sticks out of a 16 mm sphere
    # the mean is the fraction of the slab inside the sphere: ~16 mm of 30 mm
    assert mean[c[1], c[0]] == pytest.approx(1000.0 * 2 * RADIUS / 30.0, rel=0.1)


def test_slab_offsets_are_centred_and_odd():
    offs = slab_offsets(10.0, 1.0)
    assert len(offs) % 2 == 1 and offs.mean() == pytest.approx(0.0) and offs.max() == pytest.approx(5.0)
    assert list(slab_offsets(0.5, 1.0)) == [0.0]
