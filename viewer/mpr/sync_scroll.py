"""Synchronised scrolling by patient position (not by slice index).

When the user scrolls series A to slice ``k``, every synchronised series B moves to its slice nearest
the same patient position: the anchor point (the 3D cursor, or the centre of A's slice) projected on
A's slice ``k`` plane, looked up in B. Works for different spacing and orientation in one frame of
reference, and across frames of reference through a registration (``LinkGroups``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.mpr.cursor import LinkGroups, SliceHit, slice_center, slice_normal, slice_origin, slice_through


@dataclass(frozen=True)
class SyncResult:
    index: int | None  # slice of the target to show; None when the position is outside its stack
    hit: SliceHit | None
    point: np.ndarray  # the patient point (in the target's space) that was matched


def position_on_slice(volume, k: int, anchor=None) -> np.ndarray:
    """LPS point on the plane of slice ``k``: ``anchor`` projected on it, or the slice centre."""
    if anchor is None:
        return slice_center(volume, k)
    a = np.asarray(anchor, dtype=float).reshape(3)
    n = slice_normal(volume)
    return a - np.dot(a - slice_origin(volume, k), n) * n


def sync_slice(source, k: int, target, anchor=None, links: LinkGroups | None = None,
               clamp: bool = False) -> SyncResult:
    """The slice of ``target`` at the patient position of ``source``'s slice ``k``.

    ``anchor`` (LPS in the source's space) picks the in-plane point used (default the slice centre).
    Returns ``index=None`` when that point is beyond the target's first/last slice, unless ``clamp``.
    ``links`` maps across frames of reference; without it both must share one.
    """
    p = position_on_slice(source, k, anchor)
    if links is not None:
        q = links.map_point(p, source, target)
        if q is None:
            return SyncResult(None, None, p)
    else:
        if source.frame_of_reference_uid != target.frame_of_reference_uid:
            return SyncResult(None, None, p)
        q = p
    hit = slice_through(target, q)
    if hit.inside_stack or clamp:
        return SyncResult(hit.index, hit, q)
    return SyncResult(None, hit, q)


class SyncScroller:
    """Keeps a set of series scrolled together. ``scroll(source_idx, k)`` returns the new slice index
    of every other synchronised series (those outside their range keep their slice)."""

    def __init__(self, volumes, links: LinkGroups | None = None) -> None:
        self.volumes = list(volumes)
        self.links = links or LinkGroups()
        self.indices = [v.shape_ijk[2] // 2 for v in self.volumes]
        self.anchor: np.ndarray | None = None  # the 3D cursor, in the space of the source scrolled

    def set_anchor(self, point) -> None:
        self.anchor = None if point is None else np.asarray(point, dtype=float).reshape(3)

    def scroll(self, source_idx: int, k: int) -> dict[int, int]:
        src = self.volumes[source_idx]
        k = int(np.clip(k, 0, src.shape_ijk[2] - 1))
        self.indices[source_idx] = k
        changed: dict[int, int] = {}
        for idx, vol in enumerate(self.volumes):
            if idx == source_idx:
                continue
            res = sync_slice(src, k, vol, self.anchor, self.links)
            if res.index is not None and res.index != self.indices[idx]:
                self.indices[idx] = res.index
                changed[idx] = res.index
        return changed
