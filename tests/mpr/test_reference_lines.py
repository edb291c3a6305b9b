"""Reference lines: where the other views' planes cut a view, in that view's 2D coordinates."""
import numpy as np
import pytest

from viewer.geometry.crosshair import CrosshairFrame
from viewer.geometry.planes import standard_plane
from viewer.mpr.reference_lines import plane_intersection, reference_line, reference_lines, volume_rect
from tests.mpr.phantoms import grid_volume, oblique_direction


@pytest.fixture
def vol():
    return grid_volume((40, 50, 60), spacing=(1.0, 1.0, 1.0), origin=(-30.0, -25.0, -20.0))


def test_coronal_and_sagittal_cut_the_axial_view_along_its_axes(vol):
    axial = standard_plane("axial", (0.0, 0.0, 0.0))
    rect = volume_rect(axial, vol)
    assert rect == pytest.approx((-30.5, 29.5, -25.5, 24.5))
    cor = reference_line(axial, rect, standard_plane("coronal", (0.0, 10.0, 0.0)))
    assert np.allclose([cor.start[1], cor.end[1]], 10.0)  # horizontal, 10 mm below (posterior)
    assert sorted([cor.start[0], cor.end[0]]) == pytest.approx([-30.5, 29.5])
    sag = reference_line(axial, rect, standard_plane("sagittal", (-7.0, 0.0, 0.0)))
    assert np.allclose([sag.start[0], sag.end[0]], -7.0)  # vertical, 7 mm to the screen left (patient right)
    assert reference_line(axial, rect, standard_plane("axial", (0, 0, 5))) is None  # parallel


def test_line_stops_where_the_other_series_ends(vol):
    axial = standard_plane("axial", (0.0, 0.0, 0.0))
    small = grid_volume((10, 10, 10), spacing=(1, 1, 1), origin=(0.0, -5.0, -5.0))  # x from -0.5 to 9.5
    seg = reference_line(axial, volume_rect(axial, vol), standard_plane("coronal", (0, 0, 0)), small)
    assert sorted([seg.start[0], seg.end[0]]) == pytest.approx([-0.5, 9.5])


def test_oblique_reference_line_points_lie_on_both_planes():
    vol = grid_volume((40, 50, 60), direction=oblique_direction(), origin=(-30.0, -25.0, -20.0))
    frame = CrosshairFrame.at(vol.center_world).rotated((1, 2, 3), 40.0)
    planes = frame.planes()
    rect = volume_rect(planes["axial"], vol)
    lines = reference_lines(planes["axial"], rect, {k: planes[k] for k in ("sagittal", "coronal")})
    assert set(lines) == {"sagittal", "coronal"}
    for name, seg in lines.items():
        for uv in (seg.start, seg.end):
            p = planes["axial"].to_world(uv[0], uv[1])
            assert abs(planes[name].signed_distance(p)) < 1e-9
        assert seg.length > 10
    # both lines cross at the crosshair point (the view's origin)
    point, direction = plane_intersection(planes["axial"], planes["coronal"])
    assert abs(np.dot(frame.point - point, planes["coronal"].normal)) < 1e-9
