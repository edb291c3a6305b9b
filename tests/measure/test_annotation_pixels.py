"""Annotations drawn by the real viewport renderer (VTK under Xvfb): a length in the patient's left lands on
the screen's right where the renderer puts that patient point, follows a flip, and disappears when the
slice moves away."""
from __future__ import annotations

import gc

import numpy as np
import pytest

from tests.viewer_layers.phantoms import image_volume
from viewer.measure.measurement import measure
from viewer.model.annotation_layer import AnnotationLayer
from viewer.model.viewport_state import ViewportState
from viewer.model.windowing import Window
from viewer.render.offscreen import OffscreenViewport

pytestmark = pytest.mark.gui
SIZE = 400
A, B = np.array([20.0, -15.0, 6.0]), np.array([35.0, 5.0, 6.0])  # both in the patient's left (x > 0)


@pytest.fixture
def view():
    made = []

    def make(plane="axial"):
        s = ViewportState()
        s.set_volume(image_volume(), plane=plane)
        s.set_window(Window(400, 300))  # the image is black
        s.go_to_point(A)
        off = OffscreenViewport(s, (SIZE, SIZE))
        made.append(off)
        layer = s.layers.add(AnnotationLayer())
        layer.measurements.add(measure("length", [A, B], [0, 0, 1], s.volume))
        return s, off, layer

    yield make
    for off in made:
        off.close()
    made.clear()
    gc.collect()


def _yellow(rgb) -> np.ndarray:
    """The annotation's yellow, away from the edges (the orientation letters and corner texts)."""
    mask = (rgb[..., 0] > 150) & (rgb[..., 1] > 120) & (rgb[..., 2] < 100)
    mask[:30], mask[-30:], mask[:, :30], mask[:, -30:] = False, False, False, False
    return mask


def _screen(off, point) -> np.ndarray:
    x, y = off.view.display_of_patient(point)
    return np.array([x, SIZE - 1 - y])


def test_a_length_in_the_patients_left_is_drawn_on_the_screens_right(view):
    s, off, _ = view()
    yellow = _yellow(off.pixels())
    assert yellow.sum() > 30
    rows, cols = np.nonzero(yellow)
    assert cols.min() > SIZE / 2, "patient left on the screen's right"
    for end in (A, B):  # each end of the line lies where the renderer puts that patient point
        xy = _screen(off, end)
        near = np.hypot(cols - xy[0], rows - xy[1]).min()
        assert near < 3
    s.flip_horizontal()
    assert np.nonzero(_yellow(off.pixels()))[1].max() < SIZE / 2
    s.flip_horizontal()
    s.scroll(4)  # 4 mm away: another slice, the line is not on it
    assert _yellow(off.pixels()).sum() == 0
