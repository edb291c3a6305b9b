"""Display-plane maths: which patient directions point to the screen's right and down.

Pure numpy, reusable by any view (2D viewport, MPR, the ``render`` command).

Radiological convention (what Weasis, Horos, RadiAnt, OHIF show by default), in LPS:

* axial: screen right = patient Left (+x), screen down = Posterior (+y) -> seen from the feet;
* coronal: screen right = patient Left (+x), screen down = Inferior (-z) -> seen from the front;
* sagittal: screen right = Posterior (+y), screen down = Inferior (-z) -> anterior on the left.

An oblique acquisition plane (``"native"``) keeps its own normal; its in-plane screen axes are the
standard axes of the nearest standard plane projected into it, so a tilted or row-flipped axial
series still shows the patient's left on the right and the front at the top. Everything comes from
the volume's direction cosines, never from pixel indices.

Screen vectors here are unit LPS vectors; ``into`` = ``right x down`` points away from the viewer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.orientation import edge_labels, plane_name

#: standard (right, down) screen axes in LPS for each standard plane
STANDARD_AXES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
}

PLANES = ("native", "axial", "coronal", "sagittal")


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    n = np.linalg.norm(v)
    if n < 1e-12:
        raise ValueError("zero-length direction")
    return v / n


@dataclass(frozen=True)
class PlaneBasis:
    """Screen axes of a view in LPS: ``right``, ``down`` (in-plane), ``normal`` (slicing direction)."""

    right: np.ndarray
    down: np.ndarray
    normal: np.ndarray

    @property
    def up(self) -> np.ndarray:
        return -self.down

    def labels(self) -> dict[str, str]:
        """Orientation letters for the four screen edges: ``{"left","right","top","bottom"}``."""
        return edge_labels(self.right, self.down)


def nearest_standard_plane(normal) -> str:
    """The standard plane whose normal is closest to ``normal`` (axial/coronal/sagittal)."""
    n = np.abs(_unit(normal))
    return ("sagittal", "coronal", "axial")[int(np.argmax(n))]


def plane_basis(direction, plane: str = "native") -> PlaneBasis:
    """Base screen axes (before the user's rotate/flip) for a volume with ``direction`` (3x3,
    columns = i, j, k unit axes in LPS) shown in ``plane``.

    ``"native"`` slices along the volume's own k axis (the acquisition plane)."""
    d = np.asarray(direction, dtype=float).reshape(3, 3)
    if plane == "native":
        # normal of the acquisition plane = cross(row dir, column dir), robust to a left-handed grid
        normal = _unit(np.cross(d[:, 0], d[:, 1]))
        std = nearest_standard_plane(normal)
    elif plane in STANDARD_AXES:
        std = plane
        r0, d0 = (np.array(v) for v in STANDARD_AXES[std])
        normal = np.cross(r0, d0)
    else:
        raise ValueError(f"unknown plane {plane!r}; expected one of {PLANES}")
    r0, d0 = (np.array(v) for v in STANDARD_AXES[std])
    into = np.cross(r0, d0)
    if np.dot(normal, into) < 0:  # look at the plane from the conventional side
        normal = -normal
    right = _unit(r0 - np.dot(r0, normal) * normal)
    down = _unit(np.cross(normal, right))
    return PlaneBasis(right=right, down=down, normal=normal)


def transform_basis(basis: PlaneBasis, quarter_turns: int = 0, flip_h: bool = False, flip_v: bool = False) -> PlaneBasis:
    """Apply the user's display transform: first flips (mirror left-right / top-bottom of the
    screen), then ``quarter_turns`` clockwise 90° rotations. The slicing ``normal`` is unchanged."""
    right, down = basis.right.copy(), basis.down.copy()
    if flip_h:
        right = -right
    if flip_v:
        down = -down
    for _ in range(quarter_turns % 4):
        # clockwise: what was at the top moves to the right; what was at the right moves down
        right, down = -down, right
    return PlaneBasis(right=right, down=down, normal=basis.normal)


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


def reslice_matrix(affine, basis: PlaneBasis, plane_origin) -> np.ndarray:
    """4x4 matrix taking output-plane coordinates ``(u, v, w)`` in mm (u along screen right, v
    along screen up, w along ``right x up``, origin at ``plane_origin`` LPS) to continuous voxel
    indices ``(i, j, k)`` of the volume: what ``vtkImageReslice.SetResliceAxes`` needs when the
    input image has unit spacing, zero origin and identity direction."""
    up = basis.up
    w = np.cross(basis.right, up)
    plane_to_world = np.eye(4)
    plane_to_world[:3, 0] = basis.right
    plane_to_world[:3, 1] = up
    plane_to_world[:3, 2] = w
    plane_to_world[:3, 3] = np.asarray(plane_origin, dtype=float)
    return np.linalg.inv(np.asarray(affine, dtype=float)) @ plane_to_world


def plane_to_world(basis: PlaneBasis, plane_origin, u: float, v: float) -> np.ndarray:
    """LPS of the in-plane point ``(u, v)`` mm (u to screen right, v to screen up)."""
    return np.asarray(plane_origin, dtype=float) + u * basis.right + v * basis.up


def view_name(direction, plane: str = "native") -> str:
    """``axial``/``coronal``/``sagittal``/``oblique`` of what a view shows."""
    if plane != "native":
        return plane
    d = np.asarray(direction, dtype=float).reshape(3, 3)
    return plane_name(np.cross(d[:, 0], d[:, 1]))
