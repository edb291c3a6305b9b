"""Points on a drawing plane: projection to in-plane coordinates, lengths, angles, polygon areas and
ellipse outlines. Every input and output point is LPS mm; ``(u, v)`` are mm along a plane's ``right`` and
``down`` axes (:class:`viewer.geometry.planes.Plane`)."""
from __future__ import annotations

import numpy as np

from viewer.geometry.planes import Plane, oblique_plane


def as_points(points) -> np.ndarray:
    """``(n, 3)`` float array of LPS points (raises on anything else)."""
    p = np.asarray(points, dtype=float)
    if p.ndim != 2 or p.shape[1] != 3 or not np.all(np.isfinite(p)):
        raise ValueError(f"points must be finite LPS (n, 3), got shape {p.shape}")
    return p


def drawing_plane(points, normal) -> Plane:
    """The plane with ``normal`` (LPS) through the points' centroid (screen axes as a viewport has them)."""
    p = as_points(points)
    return oblique_plane(normal, p.mean(axis=0))


def to_uv(plane: Plane, points) -> np.ndarray:
    """In-plane ``(n, 2)`` coordinates (u right, v down) of LPS points projected onto ``plane``."""
    return plane.to_plane(as_points(points))[:, :2]


def from_uv(plane: Plane, uv) -> np.ndarray:
    """LPS ``(n, 3)`` of in-plane ``(n, 2)`` coordinates."""
    uv = np.asarray(uv, dtype=float).reshape(-1, 2)
    return plane.to_world(uv[:, 0], uv[:, 1])


def length(a, b) -> float:
    """Distance in mm between two LPS points."""
    return float(np.linalg.norm(np.asarray(b, float) - np.asarray(a, float)))


def angle(a, vertex, b) -> float:
    """Angle in degrees (0..180) at ``vertex`` between the rays to ``a`` and ``b`` (LPS)."""
    u = np.asarray(a, float) - np.asarray(vertex, float)
    w = np.asarray(b, float) - np.asarray(vertex, float)
    nu, nw = np.linalg.norm(u), np.linalg.norm(w)
    if nu < 1e-9 or nw < 1e-9:
        raise ValueError("an angle needs two arms of non-zero length")
    c = float(np.clip(np.dot(u, w) / (nu * nw), -1.0, 1.0))
    return float(np.degrees(np.arccos(c)))


def polygon_area_uv(uv) -> float:
    """Area (mm²) of a simple polygon given by its in-plane vertices (shoelace; open or closed)."""
    q = np.asarray(uv, dtype=float).reshape(-1, 2)
    if len(q) < 3:
        return 0.0
    x, y = q[:, 0], q[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def polygon_perimeter_uv(uv) -> float:
    q = np.asarray(uv, dtype=float).reshape(-1, 2)
    return float(np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1).sum()) if len(q) > 1 else 0.0


def points_in_polygon(points_uv, polygon_uv) -> np.ndarray:
    """Boolean mask: which in-plane points lie inside the polygon (even-odd rule, vectorised)."""
    pts = np.asarray(points_uv, dtype=float).reshape(-1, 2)
    poly = np.asarray(polygon_uv, dtype=float).reshape(-1, 2)
    x, y = pts[:, 0], pts[:, 1]
    inside = np.zeros(len(pts), dtype=bool)
    x0, y0 = poly[:, 0], poly[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for a, b, c, d in zip(x0, y0, x1, y1):
        if b == d:
            continue
        crosses = (b > y) != (d > y)
        xi = a + (y - b) * (c - a) / (d - b)
        inside ^= crosses & (x < xi)
    return inside


def ellipse_axes(points) -> tuple[np.ndarray, np.ndarray, float, float]:
    """An ellipse stored as its two axes ``[a0, a1, b0, b1]`` (LPS): ``(centre, unit axis a, semi-axis a,
    semi-axis b)``. The second axis' length is taken perpendicular to the first."""
    p = as_points(points)
    if len(p) != 4:
        raise ValueError("an ellipse is stored as 4 points: the two ends of each axis")
    centre = (p[0] + p[1]) / 2.0
    axis = p[1] - p[0]
    semi_a = np.linalg.norm(axis) / 2.0
    if semi_a < 1e-9:
        raise ValueError("an ellipse needs a non-zero axis")
    axis = axis / (2.0 * semi_a)
    other = p[3] - p[2]
    semi_b = np.linalg.norm(other - np.dot(other, axis) * axis) / 2.0
    return centre, axis, float(semi_a), float(semi_b)


def ellipse_from_box(plane: Plane, u0: float, v0: float, u1: float, v1: float) -> np.ndarray:
    """The ellipse inscribed in the screen box ``(u0, v0)``–``(u1, v1)`` of ``plane`` as ``[a0, a1, b0, b1]``."""
    cu, cv = (u0 + u1) / 2.0, (v0 + v1) / 2.0
    return from_uv(plane, [(u0, cv), (u1, cv), (cu, v0), (cu, v1)])


def ellipse_outline_uv(plane: Plane, points, n: int = 128) -> np.ndarray:
    """``(n, 2)`` in-plane vertices of an ellipse stored as ``[a0, a1, b0, b1]``."""
    centre, axis, a, b = ellipse_axes(points)
    c = to_uv(plane, centre[None])[0]
    ax = np.array([axis @ plane.right, axis @ plane.down])
    ax /= np.linalg.norm(ax)
    perp = np.array([-ax[1], ax[0]])
    t = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    return c + np.outer(a * np.cos(t), ax) + np.outer(b * np.sin(t), perp)
