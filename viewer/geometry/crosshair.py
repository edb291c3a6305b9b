"""The MPR crosshair: a patient point and three mutually orthogonal planes through it (axial, sagittal,
coronal of a possibly rotated frame). Rotating the frame gives oblique MPR. Pure numpy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.planes import STANDARD_AXES, Plane, oblique_plane, rotation_matrix


@dataclass(frozen=True)
class CrosshairFrame:
    """The MPR crosshair: a patient point and an orthonormal frame ``axes`` (3x3, columns are the
    LPS directions playing the roles of x, y, z: Left, Posterior, Superior when not rotated).
    Rotating the frame gives oblique MPR: all three planes follow."""

    point: np.ndarray
    axes: np.ndarray

    @classmethod
    def at(cls, point) -> "CrosshairFrame":
        return cls(np.asarray(point, dtype=float).reshape(3), np.eye(3))

    def plane(self, name: str) -> Plane:
        """The (possibly oblique) axial / coronal / sagittal plane of this frame."""
        right, down = STANDARD_AXES[name]
        a = np.asarray(self.axes, dtype=float)
        return Plane(self.point, a @ np.asarray(right), a @ np.asarray(down))

    def planes(self) -> dict[str, Plane]:
        return {name: self.plane(name) for name in ("axial", "sagittal", "coronal")}

    def display_plane(self, name: str) -> Plane:
        """The frame's ``name`` plane as a viewport shows it: same plane (normal and point), screen axes
        of the nearest standard plane, so the view in which the crosshair is rotated keeps its image
        still (only its crosshair lines turn) while the other views tilt."""
        return oblique_plane(self.plane(name).normal, self.point)

    def display_planes(self) -> dict[str, Plane]:
        return {name: self.display_plane(name) for name in ("axial", "sagittal", "coronal")}

    def moved_to(self, point) -> "CrosshairFrame":
        return CrosshairFrame(np.asarray(point, dtype=float).reshape(3), self.axes)

    def rotated(self, axis, angle_deg: float) -> "CrosshairFrame":
        """Rotate the crosshair axes about ``axis`` (LPS) through the crosshair point."""
        return CrosshairFrame(self.point, rotation_matrix(axis, angle_deg) @ self.axes)

    def rotated_in(self, view: str, angle_deg: float) -> "CrosshairFrame":
        """Rotate the two lines of the crosshair seen in ``view`` by ``angle_deg`` about that view's
        normal (what dragging a crosshair line does); the other two planes tilt accordingly."""
        return self.rotated(self.plane(view).normal, angle_deg)

    def reset_rotation(self) -> "CrosshairFrame":
        return CrosshairFrame(self.point, np.eye(3))

    @property
    def is_oblique(self) -> bool:
        return bool(np.abs(np.asarray(self.axes) - np.eye(3)).max() > 1e-9)
