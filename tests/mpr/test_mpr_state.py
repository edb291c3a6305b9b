"""``MprState`` without Qt or VTK: cursor, scroll, oblique rotation, links, slab, and the events the MPR
widget binds to."""
from __future__ import annotations

import numpy as np
import pytest

from tests.mpr.phantoms import grid_volume
from viewer.mpr.cursor import LinkGroups
from viewer.model.mpr_state import MprState


@pytest.fixture
def state():
    s = MprState(grid_volume(shape_kji=(20, 24, 28), spacing=(0.8, 1.0, 1.5), origin=(-10.0, -12.0, -15.0)))
    s.events = []
    s.subscribe(lambda changed: s.events.append(changed))
    return s


def test_cursor_starts_at_the_centre_and_is_kept_on_the_volume(state):
    assert np.allclose(state.point, state.volume.center_world)
    state.set_crosshair((2.0, -3.0, 4.0))
    assert np.allclose(state.point, (2.0, -3.0, 4.0)) and state.events == [{"cursor"}]
    state.set_crosshair((500.0, 0.0, 0.0))  # far to the patient's left: clamped to the last column
    far_left = state.volume.index_to_world(np.array(state.volume.shape_ijk[:3]) - 1)[0]
    assert state.point[0] == pytest.approx(far_left)


def test_scroll_moves_along_the_views_normal_by_the_finest_spacing(state):
    start = state.point.copy()
    state.scroll("axial", 3)
    assert np.allclose(state.point - start, (0.0, 0.0, 3 * 0.8))  # axial normal is +z (superior)
    state.scroll("sagittal", -2)  # the sagittal normal (right x down) points to the patient's right, -x
    assert np.allclose(state.point - start, (2 * 0.8, 0.0, 3 * 0.8))


def test_rotating_in_one_view_tilts_the_other_two_and_reset_squares_them(state):
    before = state.planes()
    state.rotate("axial", 30.0)
    after = state.planes()
    assert state.events == [{"rotation"}] and state.frame.is_oblique
    assert after["axial"].angle_to(before["axial"]) == pytest.approx(0.0, abs=1e-9)
    assert after["sagittal"].angle_to(before["sagittal"]) == pytest.approx(30.0)
    assert after["coronal"].angle_to(before["coronal"]) == pytest.approx(30.0)
    state.rotate("axial", 0.0)  # nothing to do: no event
    state.reset_obliques()
    assert not state.frame.is_oblique and len(state.events) == 2
    with pytest.raises(ValueError):
        state.rotate("oblique", 5.0)


def test_follow_maps_through_links_and_ignores_unlinked_frames(state):
    same_for = grid_volume(series_uid="other")  # same frame of reference: the same patient point
    assert state.follow((1.0, 2.0, 3.0), same_for)
    assert np.allclose(state.point, (1.0, 2.0, 3.0)) and state.events[-1] == {"cursor", "followed"}
    stranger = grid_volume(frame_of_reference_uid="9.9.9", series_uid="x")
    assert not state.follow((5.0, 5.0, 5.0), stranger)
    assert np.allclose(state.point, (1.0, 2.0, 3.0)) and len(state.events) == 1
    links = LinkGroups()
    shift = np.eye(4)
    shift[:3, 3] = (10.0, 0.0, 0.0)  # a registration: stranger's LPS + 10 mm in x = ours
    links.add_transform("9.9.9", state.volume.frame_of_reference_uid, shift)
    assert state.follow((-5.0, 1.0, 2.0), stranger, links)
    assert np.allclose(state.point, (5.0, 1.0, 2.0))


def test_slab_is_validated_and_announced(state):
    state.set_slab("mip", 12.5)
    assert (state.slab_mode, state.slab_mm) == ("mip", 12.5) and state.events == [{"slab"}]
    with pytest.raises(ValueError):
        state.set_slab("max", 5.0)
    with pytest.raises(ValueError):
        state.set_slab("mean", -1.0)
    assert state.slab_mode == "mip"
