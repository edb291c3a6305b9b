"""Reference lines: where another viewport's plane cuts this one, in this viewport's 2D plane coords.

A view is a :class:`~viewer.geometry.planes.Plane` plus the rectangle it shows, ``(u_min, u_max, v_min,
v_max)`` in mm from the plane origin. The other view's plane cuts it along a line, clipped to this
rectangle and optionally to the other series' volume (so a line stops where the other series ends).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.planes import Plane

PARALLEL_TOLERANCE_DEG = 0.5


@dataclass(frozen=True)
class Segment2D:
    start: np.ndarray  # (u, v) mm in the view's plane
    end: np.ndarray

    @property
    def length(self) -> float:
        return float(np.linalg.norm(self.end - self.start))


def plane_intersection(a: Plane, b: Plane) -> tuple[np.ndarray, np.ndarray] | None:
    """The line where planes ``a`` and ``b`` meet: (point, unit direction) in LPS; None if parallel."""
    d = np.cross(a.normal, b.normal)
    s = np.linalg.norm(d)
    if np.degrees(np.arcsin(min(1.0, s))) < PARALLEL_TOLERANCE_DEG:
        return None
    d = d / s
    # point on both planes nearest the origin of a: solve [na; nb; d] x = [na.oa; nb.ob; d.oa]
    m = np.vstack([a.normal, b.normal, d])
    rhs = np.array([a.normal @ a.origin, b.normal @ b.origin, d @ a.origin])
    return np.linalg.solve(m, rhs), d


def _clip_param(p0, d, lo, hi, t0, t1):
    """Liang-Barsky for one axis; returns the narrowed (t0, t1) or None when empty."""
    for p, dv, l, h in zip(p0, d, lo, hi):
        if abs(dv) < 1e-12:
            if p < l or p > h:
                return None
            continue
        ta, tb = (l - p) / dv, (h - p) / dv
        if ta > tb:
            ta, tb = tb, ta
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 > t1:
            return None
    return t0, t1


def clip_line_to_volume(point, direction, volume, t0=-np.inf, t1=np.inf):
    """Parameter range of ``point + t*direction`` (LPS) inside the volume's voxel box, or None."""
    p = volume.world_to_index(point)
    q = volume.world_to_index(np.asarray(point) + np.asarray(direction))
    n = np.array(volume.shape_ijk[:3], dtype=float)
    return _clip_param(p, q - p, -0.5 * np.ones(3), n - 0.5, t0, t1)


def reference_line(view: Plane, rect, other: Plane, other_volume=None) -> Segment2D | None:
    """Segment of ``view``'s rectangle ``rect = (u_min, u_max, v_min, v_max)`` cut by ``other``.

    With ``other_volume`` the segment is also clipped to that volume's extent (in its patient space;
    both planes must be in the same frame of reference). None when parallel or outside.
    """
    line = plane_intersection(view, other)
    if line is None:
        return None
    p, d = line
    uv0 = view.to_plane(p)[:2]
    duv = np.array([d @ view.right, d @ view.down])
    u_min, u_max, v_min, v_max = rect
    rng = _clip_param(uv0, duv, (u_min, v_min), (u_max, v_max), -np.inf, np.inf)
    if rng is None:
        return None
    if other_volume is not None:
        rng = clip_line_to_volume(p, d, other_volume, *rng)
        if rng is None:
            return None
    t0, t1 = rng
    return Segment2D(uv0 + t0 * duv, uv0 + t1 * duv)


def volume_box_corners(volume) -> np.ndarray:
    """The 8 outer corners (LPS) of the volume's voxels (faces, not centres), ``(8, 3)``."""
    n = np.array(volume.shape_ijk[:3], dtype=float)
    box = np.array([[i, j, k] for i in (-0.5, n[0] - 0.5) for j in (-0.5, n[1] - 0.5) for k in (-0.5, n[2] - 0.5)])
    return volume.index_to_world(box)


def volume_rect(view: Plane, volume, margin_mm: float = 0.0) -> tuple[float, float, float, float]:
    """The rectangle of ``view`` (u_min, u_max, v_min, v_max) covering the volume's projection: what
    an MPR viewport of that volume shows."""
    uv = view.to_plane(volume_box_corners(volume))[:, :2]
    lo, hi = uv.min(axis=0) - margin_mm, uv.max(axis=0) + margin_mm
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def reference_lines(view: Plane, rect, others: dict, volumes: dict | None = None) -> dict:
    """``{name: Segment2D}`` for each other view's plane that cuts ``view`` (``others``: name → Plane)."""
    out = {}
    for name, plane in others.items():
        seg = reference_line(view, rect, plane, (volumes or {}).get(name))
        if seg is not None:
            out[name] = seg
    return out
