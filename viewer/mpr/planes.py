"""Display planes in patient space (LPS mm): what an MPR viewport shows.

A :class:`Plane` is an origin plus orthonormal ``right`` / ``down`` unit vectors in LPS: the screen's
+x and +y directions. Its ``normal`` is ``right x down``. A point on the screen at ``(u, v)`` mm from the
plane's origin is ``origin + u*right + v*down``.

Standard planes follow the radiological display convention:

* axial: patient Left on screen right (+x), Posterior at the bottom (+y);
* coronal: patient Left on screen right (+x), Inferior at the bottom (-z);
* sagittal: Anterior on screen left, i.e. Posterior on screen right (+y), Inferior at the bottom (-z).

They are true patient-axis planes whatever the acquisition (a sagittal series still gives a true axial).
``"acquired"`` is the series' own slice plane (columns to the right, rows down, as stored in the file).
Oblique planes come from rotating a plane (or a whole crosshair frame) about an axis.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: screen (right, down) unit vectors in LPS for the standard planes
STANDARD_AXES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
}
PLANE_NAMES = ("acquired", "axial", "sagittal", "coronal")


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float).reshape(3)
    n = np.linalg.norm(v)
    if n < 1e-12:
        raise ValueError("zero-length direction")
    return v / n


def rotation_matrix(axis, angle_deg: float) -> np.ndarray:
    """3x3 rotation about a unit ``axis`` (LPS) by ``angle_deg`` (right-hand rule)."""
    a = _unit(axis)
    t = np.radians(angle_deg)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * (k @ k)


@dataclass(frozen=True)
class Plane:
    """An oriented display plane in LPS mm. Immutable; operations return new planes."""

    origin: np.ndarray
    right: np.ndarray
    down: np.ndarray

    def __post_init__(self) -> None:
        r = _unit(self.right)
        d = np.asarray(self.down, dtype=float).reshape(3)
        d = _unit(d - np.dot(d, r) * r)  # Gram-Schmidt: keep right exact, make down orthogonal
        object.__setattr__(self, "origin", np.asarray(self.origin, dtype=float).reshape(3).copy())
        object.__setattr__(self, "right", r)
        object.__setattr__(self, "down", d)
        n = np.array([r[1] * d[2] - r[2] * d[1], r[2] * d[0] - r[0] * d[2], r[0] * d[1] - r[1] * d[0]])
        object.__setattr__(self, "_normal", n)  # right x down, computed once (hot path while rotating)

    @property
    def normal(self) -> np.ndarray:
        return self._normal.copy()

    # ---- coordinates -----------------------------------------------------------------------------
    def to_world(self, u, v, w=0.0) -> np.ndarray:
        """Plane coordinates (mm, broadcastable) → LPS ``(..., 3)``."""
        u, v, w = (np.asarray(x, dtype=float)[..., None] for x in (u, v, w))
        return self.origin + u * self.right + v * self.down + w * self.normal

    def to_plane(self, points) -> np.ndarray:
        """LPS points ``(..., 3)`` → plane coordinates ``(..., 3)`` = (u, v, signed distance)."""
        p = np.asarray(points, dtype=float) - self.origin
        return np.stack([p @ self.right, p @ self.down, p @ self.normal], axis=-1)

    def signed_distance(self, points) -> np.ndarray:
        return (np.asarray(points, dtype=float) - self.origin) @ self.normal

    def project(self, point) -> np.ndarray:
        """The LPS point of the plane nearest ``point``."""
        p = np.asarray(point, dtype=float)
        return p - self.signed_distance(p) * self.normal

    def matrix(self) -> np.ndarray:
        """4x4 plane coords (u, v, w, 1) → LPS: columns right, down, normal, origin (reslice axes)."""
        m = np.eye(4)
        m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = self.right, self.down, self.normal, self.origin
        return m

    # ---- derived planes --------------------------------------------------------------------------
    def through(self, point) -> "Plane":
        """The parallel plane through ``point``; the in-plane origin moves along the normal only."""
        d = self.signed_distance(point)
        return Plane(self.origin + d * self.normal, self.right, self.down)

    def centered_at(self, point) -> "Plane":
        """Same orientation with ``point`` as origin."""
        return Plane(point, self.right, self.down)

    def shifted(self, distance_mm: float) -> "Plane":
        """Moved along its normal by ``distance_mm``."""
        return Plane(self.origin + distance_mm * self.normal, self.right, self.down)

    def rotated(self, axis, angle_deg: float, center=None) -> "Plane":
        """Rotated about ``axis`` (LPS) through ``center`` (default: the origin)."""
        r = rotation_matrix(axis, angle_deg)
        c = self.origin if center is None else np.asarray(center, dtype=float)
        return Plane(c + r @ (self.origin - c), r @ self.right, r @ self.down)

    def transformed(self, matrix4) -> "Plane":
        """Mapped through a rigid 4x4 LPS transform."""
        m = np.asarray(matrix4, dtype=float)
        return Plane(m[:3, :3] @ self.origin + m[:3, 3], m[:3, :3] @ self.right, m[:3, :3] @ self.down)

    def angle_to(self, other: "Plane") -> float:
        """Angle in degrees between the two planes' normals (0..90)."""
        c = abs(float(np.dot(self.normal, other.normal)))
        return float(np.degrees(np.arccos(min(1.0, c))))


def standard_plane(name: str, point) -> Plane:
    """A true axial / sagittal / coronal plane through ``point`` (radiological convention)."""
    try:
        right, down = STANDARD_AXES[name]
    except KeyError:
        raise ValueError(f"unknown plane {name!r}; expected one of {sorted(STANDARD_AXES)}") from None
    return Plane(point, right, down)


def acquired_plane(volume, point=None) -> Plane:
    """The series' own slice plane (normal = row x column direction) through ``point`` (default: the
    volume centre), with the screen axes of the nearest standard plane: a sagittal acquisition shows
    anterior on the left, whatever the file's row/column order."""
    d = np.asarray(volume.direction, dtype=float)
    p = volume.center_world if point is None else point
    return oblique_plane(np.cross(d[:, 0], d[:, 1]), p)


def display_plane(volume, name: str = "axial", point=None, normal=None) -> Plane:
    """The plane a viewport shows for ``volume``: ``name`` in ``acquired|axial|sagittal|coronal|oblique``
    through ``point`` (default: the volume's centre). ``normal`` (LPS) makes an oblique plane; it keeps
    the screen orientation of the standard plane nearest to it. This is the entry point for
    ``render --plane``."""
    p = np.asarray(volume.center_world if point is None else point, dtype=float)
    if normal is not None:
        return oblique_plane(normal, p)
    if name == "acquired":
        return acquired_plane(volume, p)
    if name == "oblique":
        raise ValueError("an oblique plane needs a normal")
    return standard_plane(name, p)


def nearest_standard_name(normal) -> str:
    """``axial``/``coronal``/``sagittal``: the standard plane whose normal is closest to ``normal``."""
    n = _unit(normal)
    return ("sagittal", "coronal", "axial")[int(np.argmax(np.abs(n)))]


def oblique_plane(normal, point) -> Plane:
    """A plane through ``point`` with the given ``normal`` whose screen axes are those of the nearest
    standard plane projected into it (the rule ``viewer.model.display_plane`` uses for the native plane),
    so a tilted axial still has the patient's left on the right and the front at the top."""
    n = _unit(normal)
    right0, down0 = (np.asarray(v) for v in STANDARD_AXES[nearest_standard_name(n)])
    if np.dot(n, np.cross(right0, down0)) < 0:  # look from the conventional side
        n = -n
    right = right0 - np.dot(right0, n) * n
    return Plane(point, right, np.cross(n, right))


# ---- the crosshair frame: three mutually orthogonal planes through one point --------------------
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
