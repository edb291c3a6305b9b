"""The one plane model of the viewer: which patient directions a view shows to the screen's right and
down. Used by the 2D viewport (``ViewportState``), MPR, thumbnails and the ``render`` command.

Pure numpy. Everything comes from the volume's direction cosines (LPS mm), never from pixel indices.

* :class:`PlaneBasis` is a view's orientation: unit LPS vectors ``right``, ``down`` (in-plane screen axes)
  and ``normal`` = ``right x down`` (points away from the viewer; the slicing direction).
* :class:`Plane` is an oriented plane: an ``origin`` plus that orientation. A screen point at ``(u, v)`` mm
  from the origin (u to the right, v down) is ``origin + u*right + v*down``. ``plane.basis`` and
  ``basis.at(origin)`` convert between the two.

Radiological convention (Weasis, Horos, RadiAnt, OHIF), in LPS:

* axial: screen right = patient Left (+x), screen down = Posterior (+y) -> seen from the feet;
* coronal: screen right = patient Left (+x), screen down = Inferior (-z) -> seen from the front;
* sagittal: screen right = Posterior (+y), screen down = Inferior (-z) -> anterior on the left.

Any other normal (the acquisition plane of a tilted series, ``"native"`` = ``"acquired"``, or an oblique
MPR plane) gets the screen axes of the nearest standard plane projected into it (:func:`screen_axes`),
so a tilted or row-flipped axial still shows the patient's left on the right and the front at the top.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.orientation import edge_labels, plane_name

#: standard (right, down) screen axes in LPS for each standard plane
STANDARD_AXES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
}
#: the acquisition plane: ``"native"`` (2D viewport) and ``"acquired"`` (MPR, ``render``) are one thing
ACQUIRED = ("native", "acquired")
PLANES = ("native", "axial", "coronal", "sagittal")
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


def nearest_standard_plane(normal) -> str:
    """``axial``/``coronal``/``sagittal``: the standard plane whose normal is closest to ``normal``."""
    n = np.abs(_unit(normal))
    return ("sagittal", "coronal", "axial")[int(np.argmax(n))]


nearest_standard_name = nearest_standard_plane


def screen_axes(normal) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(right, down, normal)`` for a plane with ``normal``: the nearest standard plane's screen axes
    projected into it, the normal turned to the conventional side (``right x down``)."""
    n = _unit(normal)
    r0, d0 = (np.asarray(v, dtype=float) for v in STANDARD_AXES[nearest_standard_plane(n)])
    if np.dot(n, np.cross(r0, d0)) < 0:  # look at the plane from the conventional side
        n = -n
    right = _unit(r0 - np.dot(r0, n) * n)
    down = _unit(np.cross(n, right))
    return right, down, n


@dataclass(frozen=True)
class PlaneBasis:
    """Screen axes of a view in LPS: ``right``, ``down`` (in-plane), ``normal`` (slicing direction)."""

    right: np.ndarray
    down: np.ndarray
    normal: np.ndarray

    @property
    def up(self) -> np.ndarray:
        return -self.down

    def labels(self) -> dict[str, str]:
        """Orientation letters for the four screen edges: ``{"left","right","top","bottom"}``."""
        return edge_labels(self.right, self.down)

    def at(self, origin) -> "Plane":
        """The plane with this orientation through ``origin``."""
        return Plane(origin, self.right, self.down)


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

    @property
    def basis(self) -> PlaneBasis:
        """The orientation alone (what ``ViewportState`` and ``reslice_matrix`` use)."""
        return PlaneBasis(self.right.copy(), self.down.copy(), self.normal)

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


# ---- planes of a volume -------------------------------------------------------------------------
def acquisition_normal(direction) -> np.ndarray:
    """Normal of a volume's own slice plane: row x column direction (robust to a left-handed grid)."""
    d = np.asarray(direction, dtype=float).reshape(3, 3)
    return _unit(np.cross(d[:, 0], d[:, 1]))


def plane_basis(direction, plane: str = "native") -> PlaneBasis:
    """Base screen axes (before the user's rotate/flip) for a volume with ``direction`` (3x3,
    columns = i, j, k unit axes in LPS) shown in ``plane`` (``native``/``acquired`` = the acquisition
    plane, or ``axial``/``coronal``/``sagittal``)."""
    if plane in ACQUIRED:
        normal = acquisition_normal(direction)
    elif plane in STANDARD_AXES:
        r0, d0 = STANDARD_AXES[plane]
        normal = np.cross(r0, d0)
    else:
        raise ValueError(f"unknown plane {plane!r}; expected one of {PLANES + ('acquired',)}")
    return PlaneBasis(*screen_axes(normal))


def transform_basis(basis: PlaneBasis, quarter_turns: int = 0, flip_h: bool = False, flip_v: bool = False) -> PlaneBasis:
    """Apply the user's display transform: first flips (mirror left-right / top-bottom of the
    screen), then ``quarter_turns`` clockwise 90° rotations. The slicing ``normal`` is unchanged."""
    right, down = basis.right.copy(), basis.down.copy()
    if flip_h:
        right = -right
    if flip_v:
        down = -down
    for _ in range(quarter_turns % 4):
        # clockwise: what was at the top moves to the right; what was at the right moves down
        right, down = -down, right
    return PlaneBasis(right=right, down=down, normal=basis.normal)


def standard_plane(name: str, point) -> Plane:
    """A true axial / sagittal / coronal plane through ``point`` (radiological convention)."""
    try:
        right, down = STANDARD_AXES[name]
    except KeyError:
        raise ValueError(f"unknown plane {name!r}; expected one of {sorted(STANDARD_AXES)}") from None
    return Plane(point, right, down)


def oblique_plane(normal, point) -> Plane:
    """A plane through ``point`` with the given ``normal`` and the screen axes of :func:`screen_axes`."""
    right, down, _ = screen_axes(normal)
    return Plane(point, right, down)


def acquired_plane(volume, point=None) -> Plane:
    """The series' own slice plane through ``point`` (default: the volume centre), with the screen axes of
    the nearest standard plane: a sagittal acquisition shows anterior on the left, whatever the file's
    row/column order. Same orientation as ``plane_basis(direction, "native")``."""
    p = volume.center_world if point is None else point
    return oblique_plane(acquisition_normal(volume.direction), p)


def display_plane(volume, name: str = "axial", point=None, normal=None) -> Plane:
    """The plane a viewport shows for ``volume``: ``name`` in ``acquired|native|axial|sagittal|coronal``
    through ``point`` (default: the volume's centre). ``normal`` (LPS) makes an oblique plane; it keeps
    the screen orientation of the standard plane nearest to it. The entry point for ``render --plane``."""
    p = np.asarray(volume.center_world if point is None else point, dtype=float)
    if normal is not None:
        return oblique_plane(normal, p)
    if name in ACQUIRED:
        return acquired_plane(volume, p)
    if name == "oblique":
        raise ValueError("an oblique plane needs a normal")
    return standard_plane(name, p)


def reslice_matrix(affine, basis: PlaneBasis, plane_origin) -> np.ndarray:
    """4x4 matrix taking output-plane coordinates ``(u, v, w)`` in mm (u along screen right, v
    along screen up, w along ``right x up``, origin at ``plane_origin`` LPS) to continuous voxel
    indices ``(i, j, k)`` of the volume: what ``vtkImageReslice.SetResliceAxes`` needs when the
    input image has unit spacing, zero origin and identity direction."""
    up = basis.up
    w = np.cross(basis.right, up)
    plane_to_world = np.eye(4)
    plane_to_world[:3, 0] = basis.right
    plane_to_world[:3, 1] = up
    plane_to_world[:3, 2] = w
    plane_to_world[:3, 3] = np.asarray(plane_origin, dtype=float)
    return np.linalg.inv(np.asarray(affine, dtype=float)) @ plane_to_world


def plane_to_world(basis: PlaneBasis, plane_origin, u: float, v: float) -> np.ndarray:
    """LPS of the in-plane point ``(u, v)`` mm (u to screen right, v to screen up)."""
    return np.asarray(plane_origin, dtype=float) + u * basis.right + v * basis.up


def view_name(direction, plane: str = "native") -> str:
    """``axial``/``coronal``/``sagittal``/``oblique`` of what a view shows."""
    if plane not in ACQUIRED:
        return plane
    return plane_name(acquisition_normal(direction))
