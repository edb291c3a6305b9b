"""A label map drawn over the image by the real viewport renderer (VTK under Xvfb): where it lands on the
screen, for a label volume on the image's grid and on a tilted sagittal grid of other voxel sizes."""
from __future__ import annotations

import gc

import numpy as np
import pytest

from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, sagittal_tilted_labels, same_grid_labels
from viewer.model.layers import LabelLayer
from viewer.model.viewport_state import ViewportState
from viewer.model.windowing import Window
from viewer.render.offscreen import OffscreenViewport

pytestmark = pytest.mark.gui
SIZE = 400
RED = (255, 0, 0)


@pytest.fixture
def view():
    made = []

    def make(plane="axial", labels=None, **layer_kw):
        s = ViewportState()
        s.set_volume(image_volume(), plane=plane)
        s.set_window(Window(400, 300))  # the image (0) is black
        s.go_to_point(LEFT_BOX_CENTRE)
        off = OffscreenViewport(s, (SIZE, SIZE))
        made.append(off)
        layer = None
        if labels is not None:
            layer = s.layers.add(LabelLayer(labels, colors={1: RED}, **{"opacity": 1.0, **layer_kw}))
        return s, off, layer

    yield make
    for off in made:
        off.close()
    made.clear()
    gc.collect()  # render windows gone before pytest-xvfb stops the X server


def _red(rgb) -> np.ndarray:
    return (rgb[..., 0] > 120) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60)


def _centroid(mask) -> np.ndarray:
    rows, cols = np.nonzero(mask)
    return np.array([cols.mean(), rows.mean()])


def _expected_xy(off, point) -> np.ndarray:
    x, y = off.view.display_of_patient(point)  # VTK display: origin bottom-left
    return np.array([x, SIZE - 1 - y])


@pytest.mark.parametrize("plane", ["axial", "coronal"])
def test_a_label_in_the_patients_left_is_drawn_on_the_screens_right(view, plane):
    s, off, _ = view(plane, same_grid_labels())
    red = _red(off.pixels())
    assert red.sum() > 200
    cols = np.nonzero(red)[1]
    assert cols.min() > SIZE / 2, "patient left must be on the screen's right (radiological)"
    assert off.view.overlays.edge_label("right") == "L"
    assert np.abs(_centroid(red) - _expected_xy(off, LEFT_BOX_CENTRE)).max() < 4  # pixels (~1 mm)
    s.flip_horizontal()  # the label follows the image
    assert np.nonzero(_red(off.pixels()))[1].max() < SIZE / 2


@pytest.mark.parametrize("plane", ["axial", "coronal", "sagittal"])
def test_labels_on_a_tilted_sagittal_grid_land_where_the_same_grid_labels_do(view, plane):
    _, off_same, _ = view(plane, same_grid_labels())
    _, off_other, _ = view(plane, sagittal_tilted_labels())
    a, b = _red(off_same.pixels()), _red(off_other.pixels())
    assert a.sum() > 200 and b.sum() > 200
    assert np.abs(_centroid(a) - _centroid(b)).max() < 6  # pixels: within the tilted grid's 1.7 mm voxel
    assert (a & b).sum() > 0.6 * max(a.sum(), b.sum())


def test_opacity_visibility_hidden_labels_outline_and_removal(view):
    s, off, layer = view("axial", same_grid_labels())
    full = off.pixels()
    where = _red(full)
    layer.set_opacity(0.5)
    half = off.pixels()
    assert abs(int(np.median(half[where][:, 0])) - 128) < 20  # red at half opacity over black
    layer.set_visible(False)
    assert not _red(off.pixels()).any()
    layer.set_visible(True)
    layer.set_opacity(1.0)
    layer.set_label_visible(1, False)
    assert not _red(off.pixels()).any()
    layer.set_label_visible(1, True)
    layer.set_outline(True)
    ring = _red(off.pixels())
    assert 0 < ring.sum() < 0.6 * where.sum()  # only the border
    r0, c0 = np.round(_centroid(where)[::-1]).astype(int)
    assert where[r0, c0] and not ring[r0, c0]  # the middle of the box is not drawn in outline mode
    s.scroll(2)  # outline follows the plane
    assert _red(off.pixels()).any()
    s.layers.remove(layer)
    assert not _red(off.pixels()).any()


def test_scrolling_the_image_layer_moves_the_plane_only(view):
    """No overlay: a scroll step re-uses the volume already handed to VTK (nothing copied, nothing
    re-scanned) and only moves the reslice plane."""
    s, off, _ = view("axial")
    image = off.view.visual_of(s.layers[0])
    uploaded, before = image._vtk_array, off.pixels()
    s.scroll(5)
    assert image._vtk_array is uploaded
    assert off.view.visuals == [image]
    s2 = ViewportState()
    s2.set_volume(image_volume(50.0))
    s.set_volume(s2.volume)  # a new series is uploaded
    assert image._vtk_array is not uploaded and off.pixels().mean() != before.mean()
