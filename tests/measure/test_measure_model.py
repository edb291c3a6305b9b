"""The measurement model: JSON round trip, undo/redo of add/edit/delete, the RANO perpendicular kept while
an end is dragged, and which viewports (planes) show a measurement."""
from __future__ import annotations

import json

import numpy as np
import pytest

from viewer.geometry.planes import standard_plane
from viewer.measure.bidimensional import Bidimensional
from viewer.measure.history import MeasurementSet
from viewer.measure.measurement import Measurement, measure

AXIAL = [0.0, 0.0, 1.0]


def test_json_round_trip_keeps_every_field():
    m = measure("angle", [[10, 0, 5], [0, 0, 5], [0, 10, 5]], AXIAL, label="knee", lesion="T1")
    back = Measurement.from_dict(json.loads(json.dumps(m.to_dict())))
    assert back == m
    assert back.values["angle_deg"] == pytest.approx(90.0)


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="needs 2 points"):
        measure("length", [[0, 0, 0]], AXIAL)
    with pytest.raises(ValueError, match="unknown measurement kind"):
        measure("volume-ish", [[0, 0, 0]], AXIAL)


def test_undo_redo_of_add_edit_delete():
    s = MeasurementSet()
    events = []
    s.subscribe(lambda e, m: events.append((e, m.values.get("length_mm"))))
    a = s.add(measure("length", [[0, 0, 0], [10, 0, 0]], AXIAL))
    longer = Measurement.from_dict({**a.to_dict(), "points": [[0, 0, 0], [20, 0, 0]]}).computed()
    s.edit(longer)
    assert s.get(a.id).values["length_mm"] == pytest.approx(20)
    s.delete(a.id)
    assert len(s) == 0
    assert s.undo() == "delete" and s.get(a.id).values["length_mm"] == pytest.approx(20)
    assert s.undo() == "edit" and s.get(a.id).values["length_mm"] == pytest.approx(10)
    assert s.redo() == "edit" and s.get(a.id).values["length_mm"] == pytest.approx(20)
    assert s.undo() == "edit" and s.undo() == "add" and len(s) == 0 and s.undo() is None
    assert s.redo() == "add"
    s.add(measure("point", [[1, 2, 3]], AXIAL, label="here"))  # a new change drops the redo branch
    assert not s.can_redo
    assert [e for e, _ in events][:3] == ["added", "changed", "removed"]


def test_bidimensional_drag_keeps_the_short_axis_perpendicular():
    b = Bidimensional.from_points([[0, 0, 0], [20, 0, 0], [8, -4, 0], [8, 6, 0]], AXIAL)
    for index, to in ((1, [25, 12, 0]), (0, [-3, 5, 0.7]), (2, [10, -9, 0]), (3, [4, 15, 0])):
        b = b.drag(index, to)
        long_axis, short_axis = b.l1 - b.l0, b.s1 - b.s0
        assert abs(np.dot(long_axis, short_axis)) < 1e-9 * np.linalg.norm(long_axis) * np.linalg.norm(short_axis)
        assert abs(b.points[:, 2]).max() < 1e-9, "stays in its plane"
    # the dragged long end lands where it was put (projected onto the plane), the short axis follows
    b2 = b.drag(1, [40, 0, 0])
    assert np.allclose(b2.l1, [40, 0, 0])
    assert b2.short_mm == pytest.approx(b.short_mm)


def test_visible_in_every_viewport_whose_plane_contains_it():
    m = measure("length", [[0, 0, 10.2], [10, 0, 10.2]], AXIAL)  # drawn on an axial slice at z = 10.2
    assert m.visible_on(standard_plane("axial", [0, 0, 10]), half_thickness_mm=0.5)
    assert not m.visible_on(standard_plane("axial", [0, 0, 11]), half_thickness_mm=0.5)
    assert m.visible_on(standard_plane("coronal", [0, 0.3, 0]), half_thickness_mm=0.5)  # the coronal through it
    assert not m.visible_on(standard_plane("sagittal", [5, 0, 0]), half_thickness_mm=0.5)  # crosses it only
    s = MeasurementSet([m])
    assert s.visible_on(standard_plane("axial", [0, 0, 10]), 0.5) == [m]
