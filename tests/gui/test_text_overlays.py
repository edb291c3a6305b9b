"""The viewport's texts are really drawn, where a reader looks for them: the orientation letters
(yellow) mid-edge, the corner texts (white) in their corners; a scroll step redraws the slice
corner and only that; a flip redraws the letters; hiding the overlays leaves no text pixels."""
import numpy as np
import pytest

from tests.gui.conftest import viewport_pixels
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume
from viewer.model.windowing import Window

pytestmark = pytest.mark.gui


def _yellow(rgb):
    g = rgb.astype(int)
    return (g[..., 0] > 150) & (g[..., 1] > 120) & (g[..., 2] < 90)


def _white(rgb):
    return (rgb.astype(int).min(axis=2) > 150)


def _black_viewport(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    viewport.state.set_window(Window(1, 10_000))  # every voxel far below the window: a black image
    return viewport_pixels(viewport)


def test_letters_mid_edge_and_corner_texts_in_corners(viewport):
    rgb = _black_viewport(viewport)
    h, w, _ = rgb.shape
    y, wt = _yellow(rgb), _white(rgb)
    edges = {"top": y[: h // 8, w // 3: 2 * w // 3], "bottom": y[-h // 8:, w // 3: 2 * w // 3],
             "left": y[h // 3: 2 * h // 3, : w // 8], "right": y[h // 3: 2 * h // 3, -w // 8:]}
    for name, region in edges.items():
        assert region.sum() > 15, f"no orientation letter drawn on the {name} edge"
    assert y[h // 4: 3 * h // 4, w // 4: 3 * w // 4].sum() == 0, "a letter drawn over the image centre"
    corners = {"top_left": wt[: h // 6, : w // 3], "top_right": wt[: h // 6, -w // 3:],
               "bottom_left": wt[-h // 6:, : w // 3], "bottom_right": wt[-h // 6:, -w // 3:]}
    for name, region in corners.items():
        assert region.sum() > 30, f"no text drawn in the {name} corner"


def test_scroll_redraws_the_slice_corner_only(viewport):
    before = _black_viewport(viewport)
    viewport.state.scroll(7)
    after = viewport_pixels(viewport)
    h, w, _ = before.shape
    changed = np.any(before != after, axis=2)
    assert changed[-h // 6:, : w // 3].any(), "the slice number/location corner did not change"
    assert not changed[: h // 6].any(), "the top corners changed on a scroll step"
    assert not changed[-h // 6:, -w // 3:].any(), "the window/zoom corner changed on a scroll step"


def test_flip_redraws_the_side_letters(viewport):
    before = _black_viewport(viewport)
    assert viewport.view.overlays.edge_label("right") == "L"
    viewport.state.flip_horizontal()
    after = viewport_pixels(viewport)
    h, w, _ = before.shape
    band = slice(h // 3, 2 * h // 3)
    assert viewport.view.overlays.edge_label("right") == "R"
    assert (_yellow(before[band, -w // 8:]) != _yellow(after[band, -w // 8:])).any()
    # the letters swapped sides: the right edge now shows what the left edge showed (mirrored position)
    left_before = _yellow(before[band, : w // 8]).sum()
    right_after = _yellow(after[band, -w // 8:]).sum()
    assert abs(left_before - right_after) <= max(3, 0.1 * left_before)


def test_hidden_overlays_leave_no_text(viewport):
    _black_viewport(viewport)
    viewport.view.overlays.set_visible(False)
    rgb = viewport_pixels(viewport)
    assert not _yellow(rgb).any() and not _white(rgb).any()
    viewport.view.overlays.set_visible(True)
    assert _yellow(viewport_pixels(viewport)).any()


def test_texts_follow_a_resize(viewport, qtbot):
    _black_viewport(viewport)
    viewport.resize(400, 300)
    qtbot.waitUntil(lambda: viewport.width() == 400, timeout=30000)
    rgb = viewport_pixels(viewport)
    h, w, _ = rgb.shape
    assert (w, h) == (400, 300)
    assert _yellow(rgb)[h // 3: 2 * h // 3, -w // 8:].sum() > 15, "right letter not at the new right edge"
    assert _white(rgb)[-h // 5:, -w // 3:].sum() > 30, "bottom-right text not in the new corner"
