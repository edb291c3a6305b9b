"""A SEG's label map over MPR views through the 2D viewport's own adaptor (VTK under Xvfb): on the axial and coronal planes the patient's LEFT is
on the screen's right, and on an oblique plane through the lesion it lands where the lesion's patient point
projects."""
from __future__ import annotations

import gc

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, sagittal_tilted_labels
from viewer.geometry.crosshair import CrosshairFrame
from viewer.model.layers import LabelLayer
from viewer.render.mpr_layers import MprLayerOverlay
from viewer.render.mpr_view import MprViewRenderer
from viewer.render.offscreen import capture_rgb

pytestmark = pytest.mark.gui
SIZE = 400


@pytest.fixture
def mpr():
    win = vtkRenderWindow()
    win.SetOffScreenRendering(1)
    win.SetSize(SIZE, SIZE)
    ren = vtkRenderer()
    win.AddRenderer(ren)
    view = MprViewRenderer(ren, image_volume(), name="test")
    view.set_window(300.0, 400.0)  # the image (0) is black
    layer = LabelLayer(sagittal_tilted_labels(), colors={1: (255, 0, 0)}, opacity=1.0)  # its own tilted grid
    overlay = MprLayerOverlay(view, layer)  # the 2D viewport's LabelVisual on the MPR plane
    yield view, overlay, layer, win
    overlay.close()
    win.Finalize()
    del win, ren, view
    gc.collect()


def _red(rgb):
    return (rgb[..., 0] > 120) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60)


def _show(view, overlay, win, plane):
    view.show_plane(plane)
    overlay.sync()
    view.fit()
    win.Render()
    return _red(capture_rgb(win))


@pytest.mark.parametrize("name", ["axial", "coronal"])
def test_left_lesion_on_the_screens_right_in_mpr(mpr, name):
    view, overlay, _layer, win = mpr
    red = _show(view, overlay, win, CrosshairFrame.at(LEFT_BOX_CENTRE).plane(name))
    assert red.sum() > 100
    assert np.nonzero(red)[1].min() > SIZE / 2
    assert view.labels["right"].GetInput() == "L"


def test_oblique_plane_through_the_lesion(mpr):
    view, overlay, layer, win = mpr
    plane = CrosshairFrame.at(LEFT_BOX_CENTRE).rotated((0.3, 1.0, 0.2), 35.0).plane("axial")
    red = _show(view, overlay, win, plane)
    assert red.sum() > 100
    x, y = view.patient_to_display(LEFT_BOX_CENTRE)
    rows, cols = np.nonzero(red)
    assert abs(cols.mean() - x) < 8 and abs(rows.mean() - (SIZE - 1 - y)) < 8
    layer.set_label_visible(1, False)
    win.Render()
    assert not _red(capture_rgb(win)).any()
