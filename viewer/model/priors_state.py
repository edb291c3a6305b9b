"""``PriorsState``: the current series and a prior of the same patient, side by side, linked by one 3D
cursor and a rigid registration (current LPS → prior LPS). Plain observable object: no Qt, no VTK.

The Qt widget (``viewer.qt.mpr_priors_view.PriorsView``) binds it and runs the registration job on a
worker thread; it hands the result to :meth:`set_registration`. Subscribers get the changed fields:
``"cursor"``, ``"registration"``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from viewer.geometry.planes import Plane, standard_plane
from viewer.mpr.cursor import contains
from viewer.mpr.registration import Registration
from viewer.model.observable import FieldObservable

NUDGE_MM = 1.0
NUDGE_DEG = 1.0
NUDGES = ("left", "right", "up", "down", "ccw", "cw")

Listener = Callable[[set[str]], None]


class PriorsState(FieldObservable):
    def __init__(self, current, prior, plane: str = "axial") -> None:
        self.current, self.prior, self.plane_name = current, prior, plane
        self.point = np.asarray(current.center_world, dtype=float)
        #: None until registered (or loaded from the store); the identity when both share a frame of reference
        self.registration: Registration | None = None
        if self.same_frame:
            self.registration = Registration(matrix=np.eye(4).tolist(), accepted=True)
        self._listeners: list[Listener] = []


    # ---- linking -------------------------------------------------------------------------------
    @property
    def same_frame(self) -> bool:
        f = self.current.frame_of_reference_uid
        return bool(f) and f == self.prior.frame_of_reference_uid

    @property
    def editable(self) -> bool:
        """A registration exists and may be nudged / accepted (not the identity of one frame)."""
        return self.registration is not None and not self.same_frame

    def set_registration(self, registration: Registration | None) -> None:
        self.registration = registration
        self._notify("registration")

    def prior_point(self, point=None) -> np.ndarray | None:
        """The cursor (or ``point``, current LPS) in the prior's patient space; None when not linked."""
        if self.registration is None:
            return None
        return self.registration.map_point(self.point if point is None else point)

    # ---- cursor --------------------------------------------------------------------------------
    def plane(self) -> Plane:
        """The current series' plane through the cursor (the prior shows it mapped by the registration)."""
        return standard_plane(self.plane_name, self.point)

    def set_point(self, point, from_prior: bool = False) -> bool:
        """Move the cursor (kept on the current volume); a point picked on the prior is mapped back into
        the current series. False, nothing changed, for a prior point while unregistered."""
        p = np.asarray(point, dtype=float).reshape(3)
        if from_prior:
            if self.registration is None:
                return False
            m = np.linalg.inv(self.registration.transform)
            p = m[:3, :3] @ p + m[:3, 3]
        if not contains(self.current, p):
            ijk = np.clip(self.current.world_to_index(p), 0, np.array(self.current.shape_ijk[:3]) - 1)
            p = self.current.index_to_world(ijk)
        self.point = p
        self._notify("cursor")
        return True

    def scroll(self, steps: int) -> None:
        """``steps`` slices (the current series' finest spacing) along the plane's normal."""
        self.set_point(self.point + steps * float(np.min(self.current.spacing)) * self.plane().normal)

    # ---- editing the registration ----------------------------------------------------------------
    def nudged(self, key: str) -> Registration:
        """The registration with the prior's image moved (``left/right/up/down``, 1 mm on the screen) or
        turned (``cw/ccw``, 1 degree about the view normal through the cursor)."""
        if key not in NUDGES:
            raise ValueError(f"nudge must be one of {NUDGES}, got {key!r}")
        plane = self.plane()
        screen = {"left": -plane.right, "right": plane.right, "up": -plane.down, "down": plane.down}
        if key in screen:  # the prior image moves by d when the current point maps from p - d
            return self.registration.nudged_by(translation_mm=-NUDGE_MM * screen[key])
        angle = NUDGE_DEG if key == "cw" else -NUDGE_DEG
        return self.registration.nudged_by_axis(plane.normal, -angle, center=self.point)

    def nudge(self, key: str) -> bool:
        """Apply :meth:`nudged`; False (nothing changed) when there is nothing to edit."""
        if not self.editable:
            return False
        self.set_registration(self.nudged(key))
        return True

    def accept(self) -> bool:
        if self.registration is None:
            return False
        self.registration.accepted = True
        self._notify("registration")
        return True
