import numpy as np
import pytest

from tests.viewer_model.synthetic import make_volume
from viewer.model.windowing import (
    Window, auto_window, default_window, drag_window, gray_of, load_presets, presets_for, resolve_preset,
)


def test_ct_presets_from_resources():
    ct = {p.name: (p.width, p.level, p.key) for p in presets_for("CT", load_presets())}
    assert ct["Brain"] == (80, 40, "1")
    assert ct["Subdural"] == (200, 75, "2")
    assert ct["Stroke"] == (40, 40, "3")
    assert ct["Bone"] == (2800, 600, "4")


def test_mr_presets_file_voi_and_auto():
    vol = make_volume(window=(300.0, 500.0))
    file_p, auto_p = presets_for("MR", load_presets())
    assert resolve_preset(file_p, vol) == Window(500, 300)
    auto = resolve_preset(auto_p, vol)
    # tissue 100, marker 1000: the auto window spans them, background 0 excluded
    assert auto.low >= 99 and auto.high <= 1000.5 and auto.high > 500


def test_auto_window_ignores_background_and_outliers():
    rng = np.random.default_rng(0)
    data = np.zeros(100_000)
    data[:50_000] = rng.normal(400, 50, 50_000)
    data[0] = 1e6
    w = auto_window(data)
    assert 200 < w.low < 300 and 500 < w.high < 600


def test_default_window_ct_without_voi_is_brain():
    assert default_window(make_volume(modality="CT")) == Window(80, 40)


def test_drag_right_widens_drag_down_raises_level():
    w = drag_window(Window(100, 50), dx=100, dy=0, value_range=1000)
    assert w.width == pytest.approx(200) and w.level == 50
    w = drag_window(Window(100, 50), dx=0, dy=50, value_range=1000)
    assert w.level == pytest.approx(100)
    assert drag_window(Window(10, 0), dx=-1000, dy=0, value_range=1000).width >= 1


def test_gray_of():
    w = Window(80, 40)
    assert gray_of(0, w) == 0 and gray_of(80, w) == 1 and gray_of(40, w) == pytest.approx(0.5)
    assert gray_of(0, w, invert=True) == 1


def test_default_mr_window_comes_from_the_middle_slice_so_a_streaming_placeholder_gets_it():
    vol = make_volume(shape_ijk=(32, 32, 40))
    placeholder = vol.with_voxels(np.zeros_like(vol.voxels))
    placeholder.voxels[20] = vol.voxels[20]
    assert default_window(placeholder) == default_window(vol)
    assert default_window(vol).width > 50
