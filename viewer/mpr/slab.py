"""Reslicing and thick-slab projection in plain numpy: the reference the VTK pipeline is checked against.

The screen path (``viewer.render.mpr_reslice``) uses vtkImageReslice with ``SetSlabMode*`` and
``SetSlabNumberOfSlices``; this module computes the same images slowly but transparently, for tests and
for Qt-free consumers (e.g. exporting a MIP).

An output image is a grid on a :class:`~viewer.geometry.planes.Plane`: pixel (column c, row r) lies at plane
coordinates ``u = u0 + c*du``, ``v = v0 + r*dv``; the returned array is ``[r, c]``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.planes import Plane

SLAB_MODES = ("mip", "minip", "mean")


@dataclass(frozen=True)
class PlaneGrid:
    """The pixel grid of a reslice output on its plane."""

    u0: float
    v0: float
    columns: int
    rows: int
    du: float
    dv: float

    @classmethod
    def covering(cls, rect, spacing_mm: float) -> "PlaneGrid":
        """A grid with square pixels of ``spacing_mm`` covering ``rect = (u_min, u_max, v_min, v_max)``."""
        u_min, u_max, v_min, v_max = rect
        cols = max(1, int(np.ceil((u_max - u_min) / spacing_mm)))
        rows = max(1, int(np.ceil((v_max - v_min) / spacing_mm)))
        return cls(u_min + spacing_mm / 2, v_min + spacing_mm / 2, cols, rows, spacing_mm, spacing_mm)

    def uv(self) -> tuple[np.ndarray, np.ndarray]:
        """Plane coordinates of every pixel, each ``[rows, columns]``."""
        u = self.u0 + np.arange(self.columns) * self.du
        v = self.v0 + np.arange(self.rows) * self.dv
        return np.meshgrid(u, v, indexing="xy")

    def pixel_of(self, u: float, v: float) -> tuple[float, float]:
        """Continuous (column, row) of plane coordinates (u, v)."""
        return (u - self.u0) / self.du, (v - self.v0) / self.dv


def sample_trilinear(volume, points, t: int = 0, fill: float = np.nan) -> np.ndarray:
    """Trilinear interpolation of ``volume`` at LPS ``points (..., 3)``; ``fill`` outside the grid."""
    data = volume.frame(t)
    pts = np.asarray(points, dtype=float)
    shape = pts.shape[:-1]
    ijk = volume.world_to_index(pts.reshape(-1, 3))
    n = np.array(volume.shape_ijk[:3])
    # voxels are valid within half a voxel of the outer centres (edge value held)
    inside = np.all((ijk >= -0.5) & (ijk <= n - 0.5), axis=1)
    ijk = np.clip(ijk, 0, n - 1)
    f = np.floor(ijk).astype(int)
    f = np.minimum(f, np.maximum(n - 2, 0))
    w = ijk - f
    out = np.zeros(len(ijk))
    for di in (0, 1):
        wi = w[:, 0] if di else 1 - w[:, 0]
        ii = np.minimum(f[:, 0] + di, n[0] - 1)
        for dj in (0, 1):
            wj = w[:, 1] if dj else 1 - w[:, 1]
            jj = np.minimum(f[:, 1] + dj, n[1] - 1)
            for dk in (0, 1):
                wk = w[:, 2] if dk else 1 - w[:, 2]
                kk = np.minimum(f[:, 2] + dk, n[2] - 1)
                out += wi * wj * wk * data[kk, jj, ii]
    out[~inside] = fill
    return out.reshape(shape)


def reslice(volume, plane: Plane, grid: PlaneGrid, t: int = 0, fill: float = np.nan) -> np.ndarray:
    """The image of ``volume`` on ``plane`` sampled on ``grid`` (``[rows, columns]`` float)."""
    u, v = grid.uv()
    return sample_trilinear(volume, plane.to_world(u, v), t, fill)


def slab_offsets(thickness_mm: float, step_mm: float) -> np.ndarray:
    """Offsets along the normal (mm) of the slices a slab of ``thickness_mm`` combines: odd count,
    centred on the plane, ``step_mm`` apart (one slice when thinner than a step)."""
    if thickness_mm <= step_mm:
        return np.zeros(1)
    n = int(np.floor(thickness_mm / step_mm))
    n = n if n % 2 == 1 else n + 1
    return (np.arange(n) - (n - 1) / 2) * step_mm


def slab(volume, plane: Plane, grid: PlaneGrid, thickness_mm: float, mode: str = "mip",
         step_mm: float | None = None, t: int = 0) -> np.ndarray:
    """Thick-slab projection (``mip``, ``minip`` or ``mean``) of ``thickness_mm`` centred on ``plane``.
    Samples outside the volume are ignored; pixels with no sample inside are NaN."""
    if mode not in SLAB_MODES:
        raise ValueError(f"slab mode must be one of {SLAB_MODES}, got {mode!r}")
    if step_mm is None:
        step_mm = float(np.min(volume.spacing))
    stack = np.stack([reslice(volume, plane.shifted(w), grid, t) for w in slab_offsets(thickness_mm, step_mm)])
    valid = ~np.isnan(stack)
    any_valid = valid.any(axis=0)
    if mode == "mip":
        out = np.where(valid, stack, -np.inf).max(axis=0)
    elif mode == "minip":
        out = np.where(valid, stack, np.inf).min(axis=0)
    else:
        out = np.where(valid, stack, 0).sum(axis=0) / np.maximum(valid.sum(axis=0), 1)
    return np.where(any_valid, out, np.nan)
