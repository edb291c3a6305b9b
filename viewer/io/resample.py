"""Resampling of sheared (gantry-tilted) or irregularly spaced stacks onto a regular grid.

All slices of such a stack are parallel planes (same ImageOrientationPatient), so a point of the
output grid is found by moving along the slice normal to the two nearest file slices, sampling each
in its own plane (bilinear) and blending linearly by distance. Outside the files: ``fill``.
"""
from __future__ import annotations

import numpy as np

from .stacking import Geometry


def _shift_axis(img: np.ndarray, offset: float, n_out: int, axis: int, fill: float) -> np.ndarray:
    """out[..., x, ...] = img[..., x + offset, ...] (linear), ``fill`` outside."""
    n_in = img.shape[axis]
    x = np.arange(n_out) + offset
    x0 = np.floor(x).astype(int)
    w = (x - x0).astype(np.float32)
    valid0 = (x0 >= 0) & (x0 < n_in)
    valid1 = (x0 + 1 >= 0) & (x0 + 1 < n_in)
    a = np.take(img, np.clip(x0, 0, n_in - 1), axis=axis)
    b = np.take(img, np.clip(x0 + 1, 0, n_in - 1), axis=axis)
    shape = [1] * img.ndim
    shape[axis] = n_out
    w = w.reshape(shape)
    v0, v1 = valid0.reshape(shape), valid1.reshape(shape)
    a = np.where(v0, a, fill)
    b = np.where(v1, b, fill)
    # exact hits need only one neighbour (keeps edge voxels instead of blending with fill)
    out = np.where(w == 0, a, a * (1 - w) + b * w)
    return out.astype(np.float32)


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
