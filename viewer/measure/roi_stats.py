"""Statistics of the voxel values inside a planar region (ellipse or polygon ROI) on any plane: native,
oblique or MPR. The region is supersampled on its own plane (a grid ``supersample`` times finer than the
volume's finest spacing), every sample point is put in the patient (LPS) and looked up in the volume
through its affine, so a region on a plane that cuts the voxels obliquely weighs each voxel by the part of
the region it covers. Values are the volume's: real-world values with the modality LUT applied (HU for
CT)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from viewer.geometry.planes import Plane
from viewer.measure.plane_math import points_in_polygon


@dataclass(frozen=True)
class RegionStats:
    area_mm2: float  # exact area of the outline
    sampled_area_mm2: float  # samples inside the outline x sample area (a check on the sampling)
    mean: float
    sd: float
    min: float
    max: float
    count: int  # samples inside the outline and the volume
    outside: int  # samples inside the outline but outside the volume (not counted in the values)

    def to_dict(self) -> dict:
        return asdict(self)


def region_samples(plane: Plane, outline_uv, step_mm: float) -> tuple[np.ndarray, float]:
    """LPS points ``(n, 3)`` of the sample grid (spacing ``step_mm``, cell centres) inside the outline, and
    the area one sample stands for."""
    poly = np.asarray(outline_uv, dtype=float).reshape(-1, 2)
    lo, hi = poly.min(axis=0), poly.max(axis=0)
    us = np.arange(np.floor(lo[0] / step_mm), np.ceil(hi[0] / step_mm)) * step_mm + step_mm / 2
    vs = np.arange(np.floor(lo[1] / step_mm), np.ceil(hi[1] / step_mm)) * step_mm + step_mm / 2
    uu, vv = np.meshgrid(us, vs)
    uv = np.stack([uu.ravel(), vv.ravel()], axis=-1)
    inside = points_in_polygon(uv, poly)
    uv = uv[inside]
    return plane.to_world(uv[:, 0], uv[:, 1]), step_mm * step_mm


def sample_volume(volume, points_lps, interpolation: str = "nearest", t: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Values of ``volume`` at LPS points: ``(values of the points inside, inside mask)``.
    ``nearest`` returns the voxels' own values (min/max are real voxels); ``linear`` is trilinear."""
    vox = volume.frame(t)
    ijk = volume.world_to_index(points_lps)
    n = np.array(volume.shape_ijk[:3])
    if interpolation == "nearest":
        idx = np.rint(ijk).astype(np.int64)
        ok = np.all((idx >= 0) & (idx < n), axis=1)
        idx = idx[ok]
        return vox[idx[:, 2], idx[:, 1], idx[:, 0]].astype(float), ok
    if interpolation != "linear":
        raise ValueError("interpolation is 'nearest' or 'linear'")
    ok = np.all((ijk >= -0.5) & (ijk <= n - 0.5), axis=1)
    q = np.clip(ijk[ok], 0, n - 1)
    i0 = np.minimum(np.floor(q).astype(np.int64), n - 2).clip(0)
    f = q - i0
    out = np.zeros(len(q))
    for dk in (0, 1):
        for dj in (0, 1):
            for di in (0, 1):
                k = np.minimum(i0[:, 2] + dk, n[2] - 1)
                j = np.minimum(i0[:, 1] + dj, n[1] - 1)
                i = np.minimum(i0[:, 0] + di, n[0] - 1)
                w = (f[:, 0] if di else 1 - f[:, 0]) * (f[:, 1] if dj else 1 - f[:, 1]) * (f[:, 2] if dk else 1 - f[:, 2])
                out += w * vox[k, j, i]
    return out, ok


def region_stats(volume, plane: Plane, outline_uv, area_mm2: float, supersample: int = 4,
                 interpolation: str = "nearest", t: int = 0) -> RegionStats:
    """Mean, SD, min and max of ``volume`` inside the outline (in ``plane``'s coordinates). ``area_mm2`` is
    the outline's exact area (the caller knows it: π·a·b for an ellipse, the shoelace for a polygon)."""
    step = float(np.min(volume.spacing)) / max(1, int(supersample))
    pts, cell = region_samples(plane, outline_uv, step)
    if len(pts) == 0:  # a region smaller than one sample: its centre
        poly = np.asarray(outline_uv, float).reshape(-1, 2)
        c = poly.mean(axis=0)
        pts, cell = plane.to_world(c[:1], c[1:2]), 0.0
    values, ok = sample_volume(volume, pts, interpolation, t)
    if values.size == 0:
        nan = float("nan")
        return RegionStats(area_mm2, len(pts) * cell, nan, nan, nan, nan, 0, int(len(pts)))
    return RegionStats(area_mm2=float(area_mm2), sampled_area_mm2=float(len(pts) * cell),
                       mean=float(values.mean()), sd=float(values.std(ddof=1)) if values.size > 1 else 0.0,
                       min=float(values.min()), max=float(values.max()), count=int(values.size),
                       outside=int((~ok).sum()))
