"""The 3D cursor: a patient point shared by linked viewports.

``slice_through(volume, point)`` finds the acquired slice of a series whose plane contains (or is
nearest to) a patient point. :class:`LinkGroups` knows which series can follow a point: those with the
same Frame of Reference directly, others only through a registration (a 4x4 LPS transform between two
frames of reference, see ``viewer.mpr.registration``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SliceHit:
    """Where a patient point falls in a series' acquired stack."""

    index: int  # nearest slice k, clamped to the stack
    continuous_index: np.ndarray  # (i, j, k) continuous voxel index of the point
    distance_mm: float  # distance from the point to the plane of slice ``index``
    slice_spacing_mm: float  # distance between neighbouring slice planes
    inside_stack: bool  # the point lies between the first and last slice (within half a slice)
    inside_slice: bool  # ... and inside the slice's rows and columns (within half a pixel)

    @property
    def within_half_slice(self) -> bool:
        return self.distance_mm <= self.slice_spacing_mm / 2.0 + 1e-6


def slice_normal(volume) -> np.ndarray:
    """Unit normal of the acquired slices: ``i x j`` oriented like the k axis."""
    d = np.asarray(volume.direction, dtype=float)
    n = np.cross(d[:, 0], d[:, 1])
    n /= np.linalg.norm(n)
    return n if np.dot(n, d[:, 2]) >= 0 else -n


def slice_spacing(volume) -> float:
    """Distance in mm between the planes of consecutive slices (the k step projected on the normal,
    which differs from ``spacing[2]`` for a gantry-tilted stack)."""
    d = np.asarray(volume.direction, dtype=float)
    return float(abs(np.dot(d[:, 2] * volume.spacing[2], slice_normal(volume))))


def slice_origin(volume, k: float) -> np.ndarray:
    """LPS of voxel (0, 0, k)."""
    return volume.index_to_world([0.0, 0.0, float(k)])


def slice_center(volume, k: float) -> np.ndarray:
    """LPS of the centre of slice ``k``."""
    ni, nj = volume.shape_ijk[:2]
    return volume.index_to_world([(ni - 1) / 2.0, (nj - 1) / 2.0, float(k)])


def slice_through(volume, point) -> SliceHit:
    """The acquired slice of ``volume`` nearest the LPS ``point``."""
    p = np.asarray(point, dtype=float).reshape(3)
    ijk = volume.world_to_index(p)
    n_i, n_j, n_k = volume.shape_ijk[:3]
    k = int(np.clip(np.rint(ijk[2]), 0, n_k - 1))
    n = slice_normal(volume)
    dist = float(abs(np.dot(p - slice_origin(volume, k), n)))
    inside_stack = -0.5 <= ijk[2] <= n_k - 0.5
    inside_slice = inside_stack and -0.5 <= ijk[0] <= n_i - 0.5 and -0.5 <= ijk[1] <= n_j - 0.5
    return SliceHit(k, ijk, dist, slice_spacing(volume), bool(inside_stack), bool(inside_slice))


def contains(volume, point) -> bool:
    """Whether the LPS point lies inside the volume's voxel grid (within half a voxel of its edges)."""
    ijk = volume.world_to_index(np.asarray(point, dtype=float))
    n = np.array(volume.shape_ijk[:3], dtype=float)
    return bool(np.all(ijk >= -0.5) and np.all(ijk <= n - 0.5))


# ---- linking ------------------------------------------------------------------------------------
def _rigid_inverse(m: np.ndarray) -> np.ndarray:
    return np.linalg.inv(np.asarray(m, dtype=float))


@dataclass
class LinkGroups:
    """Which viewports follow a cursor set in another one.

    Series are linked when they share a Frame of Reference UID, or when a transform between their frames
    of reference was registered (``add_transform(a, b, M)``: ``M`` maps LPS of frame ``a`` to LPS of
    frame ``b``). Transforms chain through shared frames (a → b → c).
    A series with an empty Frame of Reference UID links only to itself.
    """

    transforms: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def add_transform(self, from_for: str, to_for: str, matrix4) -> None:
        if not from_for or not to_for:
            raise ValueError("a registration needs two frame of reference UIDs")
        m = np.asarray(matrix4, dtype=float).reshape(4, 4)
        self.transforms[(from_for, to_for)] = m
        self.transforms[(to_for, from_for)] = _rigid_inverse(m)

    def remove_transform(self, from_for: str, to_for: str) -> None:
        self.transforms.pop((from_for, to_for), None)
        self.transforms.pop((to_for, from_for), None)

    def transform(self, from_for: str, to_for: str) -> np.ndarray | None:
        """4x4 mapping LPS of ``from_for`` to LPS of ``to_for``; None when they are not linked."""
        if not from_for or not to_for:
            return None
        if from_for == to_for:
            return np.eye(4)
        # breadth-first search through registered pairs
        frontier = [(from_for, np.eye(4))]
        seen = {from_for}
        while frontier:
            nxt = []
            for node, acc in frontier:
                for (a, b), m in self.transforms.items():
                    if a != node or b in seen:
                        continue
                    total = m @ acc
                    if b == to_for:
                        return total
                    seen.add(b)
                    nxt.append((b, total))
            frontier = nxt
        return None

    def linked(self, volume_a, volume_b) -> bool:
        if volume_a is volume_b:
            return True
        return self.transform(volume_a.frame_of_reference_uid, volume_b.frame_of_reference_uid) is not None

    def map_point(self, point, source, target) -> np.ndarray | None:
        """A cursor point set on ``source`` expressed in ``target``'s patient space (None if unlinked)."""
        if source is target:
            return np.asarray(point, dtype=float).reshape(3)
        m = self.transform(source.frame_of_reference_uid, target.frame_of_reference_uid)
        if m is None:
            return None
        p = np.asarray(point, dtype=float).reshape(3)
        return m[:3, :3] @ p + m[:3, 3]

    def follow(self, point, source, targets) -> dict[int, SliceHit]:
        """For each linked target (keyed by position in ``targets``): the slice through the point."""
        out: dict[int, SliceHit] = {}
        for idx, t in enumerate(targets):
            q = self.map_point(point, source, t)
            if q is not None:
                out[idx] = slice_through(t, q)
        return out
