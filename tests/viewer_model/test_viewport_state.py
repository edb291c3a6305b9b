import numpy as np
import pytest

from tests.viewer_model.synthetic import AXIAL_STANDARD, LEFT_ANTERIOR_MARKER, make_volume
from viewer.model.cine import Cine
from viewer.model.corner_text import corner_texts
from viewer.model.viewport_state import ViewportState


@pytest.fixture
def state():
    s = ViewportState()
    s.set_volume(make_volume(AXIAL_STANDARD, shape_ijk=(32, 32, 20), spacing=(4, 4, 5)))
    return s


def test_opens_on_middle_slice_and_scroll_clamps(state):
    assert state.slice_count == 20 and state.slice_index == 10
    events = []
    state.subscribe(events.append)
    state.scroll(3)
    assert state.slice_index == 13 and events == [{"slice"}]
    state.scroll(100)
    assert state.slice_index == 19
    state.scroll(-100)
    assert state.slice_index == 0


def test_go_to_point_and_patient_coordinates(state):
    state.go_to_point(LEFT_ANTERIOR_MARKER)
    u, v, dist = state.patient_to_screen(LEFT_ANTERIOR_MARKER)
    assert abs(dist) <= 2.5
    assert u > 0 and v > 0  # left -> screen right, anterior -> screen up
    assert np.allclose(state.screen_to_patient(u, v), LEFT_ANTERIOR_MARKER, atol=2.6)


def test_flip_updates_labels_and_reset_restores(state):
    assert state.edge_labels()["right"] == "L"
    state.flip_horizontal()
    assert state.edge_labels()["right"] == "R"
    state.rotate90()
    state.zoom_by(2)
    state.reset()
    assert state.edge_labels()["right"] == "L" and state.zoom == 1


def test_corner_texts(state):
    t = corner_texts(state)
    assert "PHANTOM LEFT" in t["top_left"] and "P-001" in t["top_left"] and "2026-01-01" in t["top_left"]
    assert "synthetic marker" in t["top_right"]
    assert "11/20" in t["bottom_left"] and "mm" in t["bottom_left"]
    assert "Zoom: 100%" in t["bottom_right"]


def test_cine_wraps_and_bounces():
    c = Cine(fps=20)
    assert c.interval_ms == 50
    assert c.next_index(4, 5) == 0
    b = Cine(bounce=True)
    assert b.next_index(4, 5) == 3 and b.next_index(3, 5) == 2
