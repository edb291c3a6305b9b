"""RANO bidimensional measurement: the longest diameter of a lesion and the longest diameter
perpendicular to it, in one plane, and their product.

* :func:`from_contour` finds both on a lesion outline (a polygon in plane coordinates, e.g. a drawn
  contour or a segmentation's boundary).
* :class:`Bidimensional` is the edited measurement: four LPS points ``[L0, L1, S0, S1]`` (long axis,
  short axis). :meth:`Bidimensional.drag` moves one end and keeps the short axis perpendicular to the long
  one (the constraint solver): dragging a long-axis end carries the short axis along (same place along the
  long axis as a fraction, same lengths on each side); dragging a short-axis end slides the crossing point
  along the long axis and sets that side's length, the other side keeping its own.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.measure.plane_math import as_points


def convex_hull(points_uv) -> np.ndarray:
    """Vertices of the convex hull (counter-clockwise, monotone chain) of 2D points."""
    p = np.unique(np.asarray(points_uv, dtype=float).reshape(-1, 2), axis=0)
    if len(p) < 3:
        return p

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for q in p:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    upper: list = []
    for q in p[::-1]:
        while len(upper) >= 2 and cross(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    return np.array(lower[:-1] + upper[:-1])


def longest_diameter(points_uv) -> tuple[np.ndarray, np.ndarray]:
    """The two points farthest apart (searched on the convex hull)."""
    hull = convex_hull(points_uv)
    if len(hull) < 2:
        raise ValueError("a diameter needs at least two distinct points")
    d = np.linalg.norm(hull[:, None, :] - hull[None, :, :], axis=-1)
    i, j = np.unravel_index(int(np.argmax(d)), d.shape)
    return hull[i], hull[j]


def chords_across(polygon_uv, point, direction) -> list[tuple[float, float]]:
    """Segments ``(t0, t1)`` of the line ``point + t * direction`` (unit) lying inside the polygon."""
    poly = np.asarray(polygon_uv, dtype=float).reshape(-1, 2)
    a, b = poly, np.roll(poly, -1, axis=0)
    e = b - a
    # solve point + t*dir = a + s*e
    den = direction[0] * (-e[:, 1]) - direction[1] * (-e[:, 0])
    ok = np.abs(den) > 1e-12
    w = a - point
    t = (w[:, 0] * (-e[:, 1]) - w[:, 1] * (-e[:, 0]))
    s = (direction[0] * w[:, 1] - direction[1] * w[:, 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        t, s = t / den, s / den
    hit = ok & (s >= 0) & (s < 1)
    ts = np.sort(t[hit])
    return [(float(ts[i]), float(ts[i + 1])) for i in range(0, len(ts) - 1, 2)]


def from_contour(polygon_uv, samples: int = 400) -> np.ndarray:
    """``[L0, L1, S0, S1]`` in plane coordinates for a lesion outline: the longest diameter, and the
    longest chord inside the outline perpendicular to it (searched at ``samples`` places along the long
    axis and at every vertex' projection)."""
    poly = np.asarray(polygon_uv, dtype=float).reshape(-1, 2)
    if len(poly) < 3:
        raise ValueError("a contour needs at least 3 points")
    l0, l1 = longest_diameter(poly)
    axis = (l1 - l0) / np.linalg.norm(l1 - l0)
    perp = np.array([-axis[1], axis[0]])
    along = np.concatenate([np.linspace(0.0, 1.0, samples)[1:-1] * np.linalg.norm(l1 - l0),
                            (poly - l0) @ axis])
    best, best_seg = -1.0, None
    for t in along:
        base = l0 + t * axis
        for t0, t1 in chords_across(poly, base, perp):
            if t1 - t0 > best:
                best, best_seg = t1 - t0, (base + t0 * perp, base + t1 * perp)
    if best_seg is None:
        raise ValueError("no chord perpendicular to the longest diameter lies inside the contour")
    return np.array([l0, l1, best_seg[0], best_seg[1]])


@dataclass(frozen=True)
class Bidimensional:
    """Long axis ``l0``–``l1`` and perpendicular short axis ``s0``–``s1`` (LPS mm), in the plane with
    ``normal``."""

    l0: np.ndarray
    l1: np.ndarray
    s0: np.ndarray
    s1: np.ndarray
    normal: np.ndarray

    @classmethod
    def from_points(cls, points, normal) -> "Bidimensional":
        p = as_points(points)
        if len(p) != 4:
            raise ValueError("a bidimensional measurement has 4 points: long axis, then short axis")
        n = np.asarray(normal, float) / np.linalg.norm(normal)
        return cls(p[0], p[1], p[2], p[3], n).constrained()

    @property
    def points(self) -> np.ndarray:
        return np.array([self.l0, self.l1, self.s0, self.s1])

    @property
    def long_mm(self) -> float:
        return float(np.linalg.norm(self.l1 - self.l0))

    @property
    def short_mm(self) -> float:
        return float(np.linalg.norm(self.s1 - self.s0))

    @property
    def product_mm2(self) -> float:
        return self.long_mm * self.short_mm

    def _frame(self):
        axis = self.l1 - self.l0
        axis = axis / np.linalg.norm(axis)
        perp = np.cross(self.normal, axis)
        return axis, perp / np.linalg.norm(perp)

    def _parts(self):
        """(fraction of the crossing along the long axis, length towards +perp, length towards -perp)."""
        axis, perp = self._frame()
        ls = self.long_mm
        mid = (self.s0 + self.s1) / 2.0
        frac = float(np.clip(np.dot(mid - self.l0, axis) / ls, 0.0, 1.0)) if ls else 0.5
        cross_pt = self.l0 + frac * ls * axis
        d0 = float(np.dot(self.s0 - cross_pt, perp))
        d1 = float(np.dot(self.s1 - cross_pt, perp))
        return frac, d0, d1

    def _rebuild(self, l0, l1, frac, d0, d1) -> "Bidimensional":
        b = Bidimensional(np.asarray(l0, float), np.asarray(l1, float), self.s0, self.s1, self.normal)
        axis, perp = b._frame()
        cross_pt = b.l0 + frac * b.long_mm * axis
        return Bidimensional(b.l0, b.l1, cross_pt + d0 * perp, cross_pt + d1 * perp, self.normal)

    def constrained(self) -> "Bidimensional":
        """The short axis made exactly perpendicular to the long one (ends projected)."""
        frac, d0, d1 = self._parts()
        return self._rebuild(self.l0, self.l1, frac, d0, d1)

    def drag(self, index: int, to) -> "Bidimensional":
        """Move end ``index`` (0, 1 long axis; 2, 3 short axis) to the LPS point ``to`` (projected onto the
        plane) and keep the short axis perpendicular."""
        to = np.asarray(to, float)
        to = to - np.dot(to - self.l0, self.normal) * self.normal
        frac, d0, d1 = self._parts()
        if index in (0, 1):
            l0, l1 = (to, self.l1) if index == 0 else (self.l0, to)
            if np.linalg.norm(l1 - l0) < 1e-6:
                return self
            return self._rebuild(l0, l1, frac, d0, d1)
        if index not in (2, 3):
            raise ValueError("index is 0..3")
        axis, perp = self._frame()
        new_frac = float(np.clip(np.dot(to - self.l0, axis) / self.long_mm, 0.0, 1.0))
        dist = float(np.dot(to - self.l0, perp))
        if index == 2:
            d0 = dist
        else:
            d1 = dist
        return self._rebuild(self.l0, self.l1, new_frac, d0, d1)
