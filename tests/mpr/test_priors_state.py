"""``PriorsState`` without Qt: the cursor linked through a registration, picks on the prior mapped back,
nudges in screen directions, accept."""
from __future__ import annotations

import numpy as np
import pytest

from tests.mpr.phantoms import grid_volume
from viewer.model.priors_state import NUDGE_MM, PriorsState
from viewer.mpr.registration import Registration


def _pair(same_frame: bool):
    current = grid_volume(shape_kji=(20, 30, 30), origin=(-15.0, -15.0, -10.0), series_uid="cur")
    prior = grid_volume(shape_kji=(20, 30, 30), origin=(-15.0, -15.0, -10.0), series_uid="pri",
                        frame_of_reference_uid=current.frame_of_reference_uid if same_frame else "7.7.7")
    s = PriorsState(current, prior)
    s.events = []
    s.subscribe(lambda changed: s.events.append(changed))
    return s


def test_same_frame_is_linked_at_once_and_not_editable():
    s = _pair(True)
    assert s.registration is not None and s.registration.accepted and not s.editable
    assert np.allclose(s.prior_point((1.0, 2.0, 3.0)), (1.0, 2.0, 3.0))
    assert not s.nudge("left") and s.events == []


def test_unregistered_prior_ignores_picks_on_the_prior():
    s = _pair(False)
    assert s.registration is None and s.prior_point() is None
    assert not s.set_point((1.0, 1.0, 1.0), from_prior=True)
    assert s.events == [] and np.allclose(s.point, s.current.center_world)


def test_registered_pick_on_the_prior_maps_back_and_scroll_moves_along_the_normal():
    s = _pair(False)
    shift = np.eye(4)
    shift[:3, 3] = (5.0, -2.0, 1.0)  # current LPS → prior LPS
    s.set_registration(Registration(matrix=shift.tolist()))
    assert s.editable and s.events == [{"registration"}]
    assert s.set_point((7.0, 0.0, 2.0), from_prior=True)
    assert np.allclose(s.point, (2.0, 2.0, 1.0)) and np.allclose(s.prior_point(), (7.0, 0.0, 2.0))
    s.scroll(2)  # axial: +z, 1 mm spacing
    assert np.allclose(s.point, (2.0, 2.0, 3.0))


def test_nudges_move_the_prior_image_in_screen_directions_and_accept_keeps_it():
    s = _pair(False)
    s.set_registration(Registration(matrix=np.eye(4).tolist()))
    p = s.point.copy()
    s.nudge("right")  # the prior's image moves to the screen's right (patient left, +x in axial)
    # what the current point p now shows on the prior is the anatomy 1 mm to the screen's left of before
    assert np.allclose(s.prior_point(p), p - (NUDGE_MM, 0.0, 0.0))
    s.nudge("cw")
    assert not s.registration.accepted
    assert s.accept() and s.registration.accepted and s.events[-1] == {"registration"}
    with pytest.raises(ValueError):
        s.nudged("sideways")
