""""Acquire" a :class:`~inference.synthetic.phantom.HeadPhantom` on scanner grids.

A grid is ``(affine, shape)``: ``affine`` maps voxel index (i, j, k) to LPS mm, ``shape`` is the array
shape ``(k, j, i)``. Thick slices are simulated by averaging the phantom across the slice thickness
(along the grid's k axis); the acquisition adds a smooth multiplicative bias field per sequence and
Rician noise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from .phantom import HeadPhantom, SmoothField, rotation


@dataclass
class Grid:
    affine: np.ndarray  # 4x4 index (i, j, k) -> LPS mm
    shape: tuple[int, int, int]  # (k, j, i)

    def points(self) -> np.ndarray:
        """Centres of all voxels as (N, 3) LPS mm, in C order of ``shape``."""
        k, j, i = np.meshgrid(*[np.arange(n, dtype=np.float32) for n in self.shape], indexing="ij")
        ijk = np.stack([i.ravel(), j.ravel(), k.ravel()], 1)
        a = self.affine.astype(np.float32)
        return ijk @ a[:3, :3].T + a[:3, 3]

    @property
    def spacing(self) -> np.ndarray:
        return np.linalg.norm(self.affine[:3, :3], axis=0)


def centred_grid(centre, extent_mm, spacing, direction=np.eye(3)) -> Grid:
    """A grid of ``spacing`` (i, j, k mm) covering ``extent_mm`` (i, j, k) centred on ``centre``."""
    spacing = np.asarray(spacing, float)
    n = np.maximum(1, np.round(np.asarray(extent_mm, float) / spacing)).astype(int)
    a = np.eye(4)
    a[:3, :3] = np.asarray(direction, float) * spacing
    a[:3, 3] = np.asarray(centre, float) - a[:3, :3] @ ((n - 1) / 2.0)
    return Grid(a, (int(n[2]), int(n[1]), int(n[0])))


def oblique_grid(centre, rng: np.random.Generator, slice_mm: float, pixel_mm: float, max_tilt_deg: float,
                 extent_mm=(220.0, 240.0, 190.0), plane: str = "axial") -> Grid:
    """An oblique (tilted up to ``max_tilt_deg``) thick-slice grid of the head, like a 2D clinical series."""
    base = {"axial": np.eye(3), "coronal": np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], float).T}[plane]
    rot = rotation(rng.standard_normal(3), rng.uniform(0, max_tilt_deg)) @ base
    return centred_grid(centre, extent_mm, (pixel_mm, pixel_mm, slice_mm), rot)


def acquire(phantom: HeadPhantom, grid: Grid, rng: np.random.Generator, *, slice_thickness: float | None = None,
            noise: float = 0.03, bias: float = 0.25, channels=(0, 1, 2, 3)) -> np.ndarray:
    """Images ``(len(channels), k, j, i)`` float32 of the phantom as acquired on ``grid``."""
    pts = grid.points()
    thick = float(slice_thickness if slice_thickness is not None else grid.spacing[2])
    normal = grid.affine[:3, 2] / np.linalg.norm(grid.affine[:3, 2])
    n_sub = 1 if thick <= 1.5 else int(min(5, np.ceil(thick / 1.2)))
    offsets = [0.0] if n_sub == 1 else np.linspace(-thick / 2, thick / 2, n_sub + 2)[1:-1]
    acc = np.zeros((4, len(pts)), np.float32)
    for off in offsets:
        img, _, _ = phantom.sample(pts + (off * normal).astype(np.float32))
        acc += img
    acc /= len(offsets)
    out = np.empty((len(channels),) + grid.shape, np.float32)
    for n, ch in enumerate(channels):
        field = np.exp(bias * SmoothField(rng, 70.0)(pts)).astype(np.float32)
        sig = acc[ch] * field
        sd = noise * rng.uniform(0.5, 1.5)
        sig = np.sqrt((sig + rng.normal(0, sd, sig.shape)) ** 2 + rng.normal(0, sd, sig.shape) ** 2)
        out[n] = (sig * 1000.0).reshape(grid.shape)
    return out


def labels_on(phantom: HeadPhantom, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """True labels (uint8) and brain mask (bool) at the centres of ``grid``'s voxels."""
    _, lab, brain = phantom.sample(grid.points(), want_image=False)
    return lab.reshape(grid.shape), brain.reshape(grid.shape)


def resample(values: np.ndarray, src: Grid, dst: Grid, order: int = 1) -> np.ndarray:
    """Resample ``values`` ((C,) k, j, i on ``src``) onto ``dst`` in patient space (0 outside)."""
    inv = np.linalg.inv(src.affine)
    ijk = dst.points() @ inv[:3, :3].T.astype(np.float32) + inv[:3, 3].astype(np.float32)
    coords = ijk[:, ::-1].T  # (k, j, i) order for the array
    one = values.ndim == 3
    vals = values[None] if one else values
    out = np.stack([ndimage.map_coordinates(v, coords, order=order, mode="constant", cval=0.0, prefilter=False)
                    .reshape(dst.shape) for v in vals])
    return out[0] if one else out
