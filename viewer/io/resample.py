"""Resampling of sheared (gantry-tilted) or irregularly spaced stacks onto a regular grid.

All slices of such a stack are parallel planes (same ImageOrientationPatient), so a point of the
output grid is found by moving along the slice normal to the two nearest file slices, sampling each
in its own plane (bilinear) and blending linearly by distance. Outside the files: ``fill``.
"""
from __future__ import annotations

import numpy as np

from .stacking import Geometry


def _shift_axis(img: np.ndarray, offset: float, n_out: int, axis: int, fill: float) -> np.ndarray:
    """out[..., x, ...] = img[..., x + offset, ...] (linear), ``fill`` outside. The offset is the
    same for the whole axis, so this is a blend of two shifted copies."""
    o0 = int(np.floor(offset))
    w = float(offset - o0)
    if w < 1e-6:
        w = 0.0
    elif w > 1 - 1e-6:
        o0, w = o0 + 1, 0.0
    src = np.moveaxis(img, axis, 0)
    n_in = src.shape[0]
    if w == 0.0 and o0 == 0 and n_out == n_in:
        return img.astype(np.float32, copy=False)
    ext = np.full((n_out + 1,) + src.shape[1:], fill, dtype=np.float32)
    lo, hi = max(0, -o0), min(n_out + 1, n_in - o0)
    if hi > lo:
        ext[lo:hi] = src[lo + o0:hi + o0]
    out = ext[:n_out] if w == 0.0 else ext[:n_out] * np.float32(1 - w) + ext[1:] * np.float32(w)
    return np.moveaxis(out, 0, axis)


def _plane(slice2d: np.ndarray, di: float, dj: float, ni: int, nj: int, fill: float) -> np.ndarray:
    tmp = _shift_axis(slice2d.astype(np.float32), di, ni, axis=1, fill=fill)
    return _shift_axis(tmp, dj, nj, axis=0, fill=fill)


def resample_stack(raw: np.ndarray, geom: Geometry, fill: float) -> np.ndarray:
    """``raw[k, j, i]`` file slices (sorted along the normal) → ``[k', j', i']`` on ``geom``'s grid.
    May run on a worker thread."""
    ni, nj, nk = geom.n_ijk
    dc, dr, dz = geom.spacing
    u0, v0 = geom.grid_uv0
    dist = geom.normal_offsets
    out = np.empty((nk, nj, ni), dtype=np.float32)
    cache: dict[int, np.ndarray] = {}

    def plane(k: int) -> np.ndarray:
        if k not in cache:
            u, v = geom.inplane_offsets[k]
            cache[k] = _plane(raw[k], (u0 - u) / dc, (v0 - v) / dr, ni, nj, fill)
            for old in [key for key in cache if key < k - 1]:
                del cache[old]
        return cache[k]

    for kk in range(nk):
        z = kk * dz
        b = int(np.searchsorted(dist, z, side="left"))
        if b < len(dist) and abs(dist[b] - z) < 1e-6:
            out[kk] = plane(b)
            continue
        b = min(max(b, 1), len(dist) - 1)
        a = b - 1
        w = float((z - dist[a]) / (dist[b] - dist[a])) if dist[b] > dist[a] else 0.0
        w = min(max(w, 0.0), 1.0)
        out[kk] = plane(a) * (1 - w) + plane(b) * w
    return out
