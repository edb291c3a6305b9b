"""Off-screen MPR render (for ``render --plane/--normal``): a sagittal acquisition as a true axial with
the patient's left on the screen's right; an oblique plane puts a sphere where geometry says."""
import numpy as np
import pytest

from viewer.geometry.planes import display_plane
from viewer.render.mpr_offscreen import OffscreenMpr, render_plane_png
from tests.mpr.phantoms import sphere_phantom

pytestmark = pytest.mark.gui

SAGITTAL = np.column_stack([(0.0, 1.0, 0.0), (0.0, 0.0, -1.0), (1.0, 0.0, 0.0)])
LEFT_BALL = np.array([25.0, -10.0, 5.0])  # patient left (+x), a little anterior and superior


@pytest.fixture(scope="module")
def sagittal_series():
    return sphere_phantom(LEFT_BALL, 8.0, shape_kji=(80, 90, 90), spacing=(1.0, 1.0, 1.0), direction=SAGITTAL,
                          origin=(-40.0, -45.0, 45.0), value=1000.0, background=0.0)


def _bright_centroid(rgb):
    rgb = rgb.astype(float)
    grey_bright = (rgb.mean(axis=2) > 128) & (np.abs(rgb[..., 0] - rgb[..., 2]) < 30)  # not the yellow letters
    rows, cols = np.nonzero(grey_bright)
    return cols.mean(), rows.mean()


@pytest.mark.parametrize("plane, right_of_centre, below_centre", [
    ("axial", True, False),      # left on the right; anterior (-y) towards the top
    ("coronal", True, False),    # left on the right; superior towards the top
    ("sagittal", False, False),  # anterior on the left; superior towards the top
])
def test_sagittal_acquisition_renders_in_radiological_convention(sagittal_series, plane, right_of_centre, below_centre):
    off = OffscreenMpr(sagittal_series, (300, 300), plane)
    try:
        off.show(display_plane(sagittal_series, plane, point=LEFT_BALL), window=(500, 1000))
        cx, cy = _bright_centroid(off.pixels())
        ex, ey = off.display_of(LEFT_BALL)
        assert abs(cx - ex) < 2 and abs(cy - ey) < 2
        centre_x, centre_y = off.display_of(sagittal_series.center_world)
        assert (cx > centre_x) == right_of_centre
        assert (cy > centre_y) == below_centre
    finally:
        off.close()


def test_oblique_normal_png_shows_the_sphere(sagittal_series, tmp_path):
    normal = (0.3, -0.4, 0.87)
    out = render_plane_png(sagittal_series, tmp_path / "oblique.png", normal=normal, point=LEFT_BALL, size=(256, 256),
                           window=(500, 1000))
    assert out.is_file() and out.stat().st_size > 1000
    off = OffscreenMpr(sagittal_series, (256, 256))
    try:
        off.show(display_plane(sagittal_series, normal=normal, point=LEFT_BALL), window=(500, 1000))
        cx, cy = _bright_centroid(off.pixels())
        ex, ey = off.display_of(LEFT_BALL)
        assert abs(cx - ex) < 2 and abs(cy - ey) < 2
        # a plane 12 mm away misses the 8 mm sphere entirely
        off.show(display_plane(sagittal_series, normal=normal, point=LEFT_BALL).shifted(12.0), window=(500, 1000))
        rgb = off.pixels().astype(float)
        assert not np.any((rgb.mean(axis=2) > 128) & (np.abs(rgb[..., 0] - rgb[..., 2]) < 30))
    finally:
        off.close()
