"""Outlines from images: a 2D image sampled on any plane of a volume (:func:`sample_plane`), and the
sub-pixel points where it crosses a level (:func:`level_crossings`), e.g. a lesion's edge at half its
contrast or a segmentation's boundary at 0.5. Their convex hull is a contour for the bidimensional
measurement or the volume of a contour stack."""
from __future__ import annotations

import numpy as np

from viewer.geometry.planes import Plane
from viewer.measure.roi_stats import sample_volume


def plane_grid(plane: Plane, u_range, v_range, pixel_mm: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres ``(u, v)`` of a grid on ``plane``: ``us`` (columns, rightwards) and ``vs`` (rows,
    downwards)."""
    us = np.arange(u_range[0], u_range[1] + 1e-9, pixel_mm)
    vs = np.arange(v_range[0], v_range[1] + 1e-9, pixel_mm)
    return us, vs


def sample_plane(volume, plane: Plane, u_range, v_range, pixel_mm: float, interpolation: str = "linear",
                 background: float = np.nan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The volume resampled on ``plane`` (``[row, column]``, row 0 at the smallest v = the top), with the
    grid's ``us`` and ``vs``. Outside the volume: ``background``."""
    us, vs = plane_grid(plane, u_range, v_range, pixel_mm)
    uu, vv = np.meshgrid(us, vs)
    pts = plane.to_world(uu.ravel(), vv.ravel())
    values, ok = sample_volume(volume, pts, interpolation)
    out = np.full(uu.size, background, dtype=float)
    out[ok] = values
    return out.reshape(uu.shape), us, vs


def level_crossings(image, level: float) -> np.ndarray:
    """``(n, 2)`` sub-pixel ``(row, column)`` points where the image crosses ``level`` between two
    4-neighbours (linear interpolation along rows and along columns)."""
    img = np.asarray(image, dtype=float)
    out = []
    for axis in (0, 1):
        a = img if axis == 1 else img.T
        left, right = a[:, :-1], a[:, 1:]
        hit = ((left - level) * (right - level) < 0) & np.isfinite(left) & np.isfinite(right)
        r, c = np.nonzero(hit)
        frac = (level - left[r, c]) / (right[r, c] - left[r, c])
        pts = np.stack([r.astype(float), c + frac], axis=-1)
        out.append(pts if axis == 1 else pts[:, ::-1])
    return np.concatenate(out) if out else np.zeros((0, 2))
