"""Where the slices of a view lie: the slice positions along a plane normal and the in-plane extent of
a volume (``affine`` index->LPS) seen through a :class:`~viewer.geometry.planes.PlaneBasis`. Pure numpy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.planes import PlaneBasis, reslice_matrix


@dataclass(frozen=True)
class SliceGeometry:
    """Where the slices of a view lie along its normal and how big the in-plane extent is."""

    first_offset: float  # mm along normal of slice 0
    step: float  # mm between slices
    count: int
    center: np.ndarray  # LPS of the volume centre
    u_range: tuple[float, float]  # in-plane extent along ``right`` relative to centre (mm)
    v_range: tuple[float, float]  # along ``up`` relative to centre (mm)
    pixel_mm: float  # output pixel size in mm

    def offset(self, index: float) -> float:
        return self.first_offset + index * self.step

    def index_of(self, offset_mm: float) -> int:
        """Nearest slice index to a position along the normal (clamped)."""
        k = int(round((offset_mm - self.first_offset) / self.step)) if self.step else 0
        return max(0, min(self.count - 1, k))

    def output_size(self) -> tuple[int, int]:
        """``(columns, rows)`` of the view's pixel grid: pixel ``(c, r)`` lies at plane coordinates
        ``(u_range[0] + c * pixel_mm, v_range[0] + r * pixel_mm)`` (r counts upwards, like VTK's image y).
        Every layer of a viewport is resampled onto this one grid."""
        px = self.pixel_mm
        return (int(np.ceil((self.u_range[1] - self.u_range[0]) / px)) + 1,
                int(np.ceil((self.v_range[1] - self.v_range[0]) / px)) + 1)

    def plane_point(self, index: float, normal) -> np.ndarray:
        """LPS point on slice ``index`` closest to the volume centre."""
        n = np.asarray(normal, dtype=float)
        return self.center + (self.offset(index) - float(np.dot(self.center, n))) * n


def slice_geometry(affine, shape_ijk, basis: PlaneBasis) -> SliceGeometry:
    """Slices of a volume (``affine`` index->LPS, ``shape_ijk``) along ``basis.normal``.

    The in-plane extent covers the projection of every corner for all display transforms (the
    larger of the two in-plane spans is used on both axes would waste space, so each is kept)."""
    a = np.asarray(affine, dtype=float)
    n_ijk = np.array(shape_ijk[:3], dtype=int)
    cols = a[:3, :3]
    spacing = np.linalg.norm(cols, axis=0)
    corners_idx = np.array([[i, j, k] for i in (0, n_ijk[0] - 1) for j in (0, n_ijk[1] - 1) for k in (0, n_ijk[2] - 1)], float)
    corners = corners_idx @ cols.T + a[:3, 3]
    center = ((n_ijk - 1) / 2.0) @ cols.T + a[:3, 3]
    normal = basis.normal
    # slice step: the spacing of the volume axis most aligned with the normal, projected on it
    align = np.abs(cols.T @ normal) / spacing
    axis = int(np.argmax(align))
    if align[axis] > 0.999:
        step = float(spacing[axis] * align[axis])
    else:
        step = float(spacing.min())
    proj = corners @ normal
    lo, hi = float(proj.min()), float(proj.max())
    count = int(np.floor((hi - lo) / step + 1e-6)) + 1
    first = lo + ((hi - lo) - (count - 1) * step) / 2.0
    rel = corners - center
    u = rel @ basis.right
    v = rel @ basis.up
    in_plane = [s for ax, s in enumerate(spacing) if ax != axis] or list(spacing)
    return SliceGeometry(
        first_offset=first,
        step=step,
        count=count,
        center=center,
        u_range=(float(u.min()), float(u.max())),
        v_range=(float(v.min()), float(v.max())),
        pixel_mm=float(min(in_plane)),
    )


def sample_on_plane(voxels_kji, affine, basis: PlaneBasis, plane_origin, geometry: SliceGeometry,
                    background=0) -> np.ndarray:
    """Nearest-neighbour resampling of a volume (``voxels_kji`` with its own index->LPS ``affine``) onto a
    view's pixel grid (:meth:`SliceGeometry.output_size`, plane through ``plane_origin`` with screen axes
    ``basis``): ``[row, column]``, row 0 at the top of the screen. The numpy statement of what a layer's
    ``vtkImageReslice`` does with ``reslice_matrix(affine, basis, plane_origin)`` (label maps, tests)."""
    vox = np.asarray(voxels_kji)
    nu, nv = geometry.output_size()
    u = geometry.u_range[0] + np.arange(nu) * geometry.pixel_mm
    v = geometry.v_range[0] + np.arange(nv)[::-1] * geometry.pixel_mm  # top row first
    uu, vv = np.meshgrid(u, v)
    plane = np.stack([uu, vv, np.zeros_like(uu), np.ones_like(uu)], axis=-1)
    ijk = plane @ reslice_matrix(affine, basis, plane_origin).T
    idx = np.rint(ijk[..., :3]).astype(np.int64)
    nk, nj, ni = vox.shape
    inside = (idx[..., 0] >= 0) & (idx[..., 0] < ni) & (idx[..., 1] >= 0) & (idx[..., 1] < nj) \
        & (idx[..., 2] >= 0) & (idx[..., 2] < nk)
    out = np.full(uu.shape, background, dtype=vox.dtype)
    out[inside] = vox[idx[inside][:, 2], idx[inside][:, 1], idx[inside][:, 0]]
    return out
