"""Brush and eraser on a label map, in patient coordinates. No Qt, no VTK.

``LabelEditor(labels)`` edits a copy of a label ``Volume`` (e.g. an AI SEG put on its source series' grid
with ``viewer.io.seg.on_grid``): ``paint(centre_lps, radius_mm, label, normal)`` sets every voxel whose
centre lies within ``radius_mm`` of ``centre`` in the plane of the view (normal ``normal``) and within half
a voxel of that plane — a disc on the slice the user sees, whatever the grid's orientation; ``erase`` is
painting label 0. Each stroke can be undone. ``layer`` is the :class:`~viewer.model.layers.LabelLayer`
that shows the edit; after a stroke the caller refreshes it (``refresh_layer(stack)``).
"""
from __future__ import annotations

import numpy as np

from viewer.model.layers import LabelLayer


class LabelEditor:
    def __init__(self, labels, colors: dict | None = None, opacity: float = 0.5, name: str = "edit") -> None:
        vox = np.ascontiguousarray(np.asarray(labels.voxels if labels.voxels.ndim == 3 else labels.frame(0)))
        self.volume = labels.with_voxels(vox.astype(np.uint8 if vox.max(initial=0) < 256 else np.uint16, copy=True))
        self.original = vox.copy()
        self.layer = LabelLayer(self.volume, name=name, opacity=opacity, colors=colors)
        self._undo: list[tuple[np.ndarray, np.ndarray]] = []  # (flat indices, old values) per stroke

    @property
    def labels(self) -> np.ndarray:
        """The edited ``[k, j, i]`` label map."""
        return self.volume.voxels

    @property
    def changed(self) -> bool:
        return not np.array_equal(self.volume.voxels, self.original)

    def _disc(self, centre, radius_mm: float, normal) -> np.ndarray:
        """Flat indices of the voxels of the disc (see the module's text)."""
        vol = self.volume
        centre = np.asarray(centre, dtype=float)
        n = np.asarray(normal, dtype=float)
        n = n / np.linalg.norm(n)
        half = 0.5 * float(np.abs((vol.direction * vol.spacing).T @ n).max())  # half a voxel along the normal
        reach = radius_mm + half
        c = vol.world_to_index(centre)
        span = np.ceil(reach / vol.spacing).astype(int) + 1
        shape = np.array(vol.shape_ijk[:3])
        lo = np.clip(np.floor(c).astype(int) - span, 0, shape - 1)
        hi = np.clip(np.ceil(c).astype(int) + span, 0, shape - 1)
        i, j, k = np.meshgrid(*(np.arange(a, b + 1) for a, b in zip(lo, hi)), indexing="ij")
        ijk = np.stack([i.ravel(), j.ravel(), k.ravel()], axis=1)
        d = vol.index_to_world(ijk) - centre
        along = d @ n
        across = np.linalg.norm(d - np.outer(along, n), axis=1)
        inside = (np.abs(along) <= half) & (across <= radius_mm)
        sel = ijk[inside]
        return np.ravel_multi_index((sel[:, 2], sel[:, 1], sel[:, 0]), vol.voxels.shape)

    def paint(self, centre, radius_mm: float, label: int, normal=(0.0, 0.0, 1.0)) -> int:
        """Set ``label`` in a disc; returns how many voxels changed."""
        if radius_mm <= 0:
            raise ValueError("the brush radius must be positive")
        flat = self.volume.voxels.reshape(-1)
        idx = self._disc(centre, radius_mm, normal)
        idx = idx[flat[idx] != label]
        if idx.size:
            self._undo.append((idx, flat[idx].copy()))
            flat[idx] = label
            self.layer.max_label = max(self.layer.max_label, int(label))
        return int(idx.size)

    def erase(self, centre, radius_mm: float, normal=(0.0, 0.0, 1.0), label: int | None = None) -> int:
        """Clear a disc (only ``label`` when given); returns how many voxels changed."""
        if label is None:
            return self.paint(centre, radius_mm, 0, normal)
        flat = self.volume.voxels.reshape(-1)
        idx = self._disc(centre, radius_mm, normal)
        idx = idx[flat[idx] == label]
        if idx.size:
            self._undo.append((idx, flat[idx].copy()))
            flat[idx] = 0
        return int(idx.size)

    def undo(self) -> bool:
        if not self._undo:
            return False
        idx, old = self._undo.pop()
        self.volume.voxels.reshape(-1)[idx] = old
        return True

    def refresh_layer(self, stack) -> None:
        """Let the layer's adaptor see the new voxels (re-added at its place in ``stack``)."""
        if self.layer in list(stack):
            at = stack.index(self.layer)
            stack.remove(self.layer)
            stack.add(self.layer, at)
