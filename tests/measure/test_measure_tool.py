"""The measurement tools without Qt: pointer input (LPS points on a viewport's plane) makes measurements,
handles drag them (the RANO perpendicular kept), undo works, and a measurement shows in every viewport whose
plane contains it."""
from __future__ import annotations

import numpy as np
import pytest

from tests.measure.phantoms import OBLIQUE, add_object, empty_volume, sphere
from viewer.measure.history import MeasurementSet
from viewer.model.annotation_layer import AnnotationLayer, drawables
from viewer.model.measure_tool import MeasureTool
from viewer.model.viewport_state import ViewportState

CENTRE = np.array([0.0, 0.0, 0.0])


def viewport(volume, plane="native"):
    s = ViewportState()
    s.set_volume(volume, plane=plane)
    s.go_to_point(CENTRE)
    return s


@pytest.fixture()
def volume():
    v = empty_volume((60, 60, 40), (1.0, 1.0, 1.0), np.eye(3), CENTRE)
    add_object(v, sphere(CENTRE, 10.0), 100.0)
    return v


def on_plane(state, u, v):
    """The LPS point at (u, v) mm (u right, v up) on the viewport's current slice (what a click gives)."""
    return state.screen_to_patient(u, v)


def test_drag_makes_a_length_and_undo_removes_it(volume):
    s = viewport(volume)
    layer = s.layers.add(AnnotationLayer())
    tool = MeasureTool(layer, s, "length")
    assert tool.press(on_plane(s, -5, 0)) and tool.move(on_plane(s, 2, 0))
    assert layer.preview is not None and layer.preview.values["length_mm"] == pytest.approx(7.0)
    tool.release(on_plane(s, 7, 0))
    (m,) = list(layer.measurements)
    assert m.values["length_mm"] == pytest.approx(12.0) and layer.preview is None
    assert [d.mid for d in drawables(layer, s)] == [m.id]
    assert m.references == [volume.sop_instance_uids[20]]  # the slice it was drawn on
    layer.measurements.undo()
    assert len(layer.measurements) == 0


def test_ellipse_roi_statistics_and_rano_drag(volume):
    s = viewport(volume)
    layer = s.layers.add(AnnotationLayer())
    tool = MeasureTool(layer, s, "ellipse")
    tool.press(on_plane(s, -4, -3))
    tool.release(on_plane(s, 4, 3))
    (roi,) = list(layer.measurements)
    assert roi.values["area_mm2"] == pytest.approx(np.pi * 4 * 3)
    assert roi.values["mean"] == pytest.approx(100.0, abs=0.5)
    tool.set_tool("bidimensional")
    tool.press(on_plane(s, -10, 0))
    tool.release(on_plane(s, 10, 0))
    bidim = next(m for m in layer.measurements if m.kind == "bidimensional")
    tool.set_tool("select")
    assert tool.press(bidim.lps[1])  # grab the long axis' end and swing it
    tool.move(on_plane(s, 8, 8))
    tool.release(on_plane(s, 7, 9))
    b = layer.measurements.get(bidim.id)
    long_axis, short_axis = b.lps[1] - b.lps[0], b.lps[3] - b.lps[2]
    assert abs(np.dot(long_axis, short_axis)) < 1e-6
    assert np.allclose(b.lps[1], on_plane(s, 7, 9))
    assert layer.measurements.undo() == "edit" and np.allclose(layer.measurements.get(bidim.id).lps, bidim.lps)
    layer.select(roi.id)
    assert tool.delete_selected() and roi.id not in layer.measurements


def test_angle_takes_a_drag_and_a_click(volume):
    s = viewport(volume)
    layer = s.layers.add(AnnotationLayer())
    tool = MeasureTool(layer, s, "angle")
    tool.press(on_plane(s, 10, 0))
    tool.release(on_plane(s, 0, 0))
    assert len(layer.measurements) == 0
    tool.press(on_plane(s, 0, 10))
    (m,) = list(layer.measurements)
    assert m.values["angle_deg"] == pytest.approx(90.0)


def test_shown_in_every_viewport_whose_plane_contains_it():
    vol = empty_volume((60, 60, 40), (1.0, 1.0, 1.0), OBLIQUE, CENTRE)
    shared = MeasurementSet()
    native, coronal, sagittal = viewport(vol), viewport(vol, "coronal"), viewport(vol, "sagittal")
    layers = [s.layers.add(AnnotationLayer(shared)) for s in (native, coronal, sagittal)]
    tool = MeasureTool(layers[1], coronal, "length")  # drawn on the coronal MPR, left to right
    tool.press(on_plane(coronal, -8, 0))
    tool.release(on_plane(coronal, 8, 0))
    (m,) = list(shared)
    assert len(drawables(layers[1], coronal)) == 1
    assert len(drawables(layers[2], sagittal)) == 0  # the sagittal plane only crosses it
    coronal.scroll(3)
    assert len(drawables(layers[1], coronal)) == 0  # three slices further it is gone
    # the same line in the renderer's coordinates of the coronal view: left end on the screen's left
    coronal.scroll(-3)
    (d,) = drawables(layers[1], coronal)
    assert d.lines[0][0][0] < d.lines[0][1][0]
    assert m.lps[0][0] < m.lps[1][0], "screen left is the patient's right (radiological convention)"
