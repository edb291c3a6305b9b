"""Left/right is sacred: a marker in the patient's LEFT shows on the screen's RIGHT (radiological
convention) whatever order the series was stored in, and the right edge label says "L"."""
import numpy as np
import pytest

from tests.gui.conftest import bright_centroid, viewport_pixels, wait_loaded
from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import (
    AXIAL_OBLIQUE, AXIAL_ROWS_FLIPPED, AXIAL_STANDARD, AXIAL_UPSIDE_DOWN, CORONAL, LEFT_ANTERIOR_MARKER, SAGITTAL,
    SUPERIOR_MARKER, make_volume,
)
from viewer.model.windowing import Window

pytestmark = pytest.mark.gui

AXIALS = {"standard": AXIAL_STANDARD, "rows-flipped": AXIAL_ROWS_FLIPPED, "upside-down": AXIAL_UPSIDE_DOWN,
          "oblique": AXIAL_OBLIQUE}


def _marker_on_screen(vp, point):
    vp.state.go_to_point(point)
    vp.state.set_window(Window(1000, 500))  # only the 1000 marker is bright
    vp.view.overlays.set_visible(False)
    rgb = viewport_pixels(vp)
    vp.view.overlays.set_visible(True)
    return bright_centroid(rgb), rgb.shape


@pytest.mark.parametrize("name", list(AXIALS))
def test_written_axial_series_shows_left_on_screen_right(name, make_main_window, qtbot, tmp_path):
    """End to end: DICOM files written at test time → loader → viewport pixels and labels."""
    vol = make_volume(AXIALS[name], shape_ijk=(64, 64, 40), spacing=(2.0, 2.0, 2.5))
    write_series(vol, tmp_path / name)
    w = make_main_window(size=(900, 700))
    w.controller.open_paths([str(tmp_path / name)], 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    (x, y), (h, wd, _) = _marker_on_screen(vp, LEFT_ANTERIOR_MARKER)
    assert x > wd * 0.55, f"{name}: patient-left marker at x={x:.0f} of {wd}: not on the screen's right"
    assert y < h * 0.45, f"{name}: anterior marker at y={y:.0f} of {h}: not at the top"
    labels = {e: vp.view.overlays.edge_label(e) for e in ("left", "right", "top", "bottom")}
    assert labels["right"].startswith("L") and labels["left"].startswith("R")
    assert labels["top"].startswith("A") and labels["bottom"].startswith("P")
    if name == "oblique":
        assert vp.state.view_name() == "oblique"


def test_flip_moves_marker_and_label(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    (x0, _), (_, wd, _) = _marker_on_screen(viewport, LEFT_ANTERIOR_MARKER)
    viewport.state.flip_horizontal()
    (x1, _), _ = _marker_on_screen(viewport, LEFT_ANTERIOR_MARKER)
    assert x0 > wd * 0.55 and x1 < wd * 0.45
    assert viewport.view.overlays.edge_label("right") == "R"
    assert viewport.view.overlays.edge_label("left") == "L"


def test_rotate_moves_anterior_to_the_right(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    viewport.state.rotate90()
    (x, y), (h, wd, _) = _marker_on_screen(viewport, LEFT_ANTERIOR_MARKER)
    # clockwise: anterior (top) → right, patient left (right) → bottom
    assert x > wd * 0.55 and y > h * 0.55
    assert viewport.view.overlays.edge_label("right") == "A"
    assert viewport.view.overlays.edge_label("bottom") == "L"


@pytest.mark.parametrize("direction,expected", [
    (SAGITTAL, {"right": "P", "left": "A", "top": "S", "bottom": "I"}),
    (CORONAL, {"right": "L", "left": "R", "top": "S", "bottom": "I"}),
], ids=["sagittal", "coronal"])
def test_sagittal_and_coronal_labels_and_content(direction, expected, viewport):
    viewport.state.set_volume(make_volume(direction, shape_ijk=(48, 48, 48)))
    assert {e: viewport.view.overlays.edge_label(e) for e in expected} == expected
    # superior marker (value 500) must be in the upper half of the screen
    viewport.state.go_to_point(SUPERIOR_MARKER)
    viewport.state.set_window(Window(200, 500))
    viewport.view.overlays.set_visible(False)
    rgb = viewport_pixels(viewport)
    ys, xs = np.nonzero((rgb[..., 0] > 100) & (rgb[..., 0] < 250))
    assert ys.mean() < rgb.shape[0] * 0.45
