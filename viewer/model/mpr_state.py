"""``MprState``: what an MPR window shows, as a plain observable object beside ``ViewportState``.

The 3D cursor and the (possibly rotated) crosshair axes (a :class:`~viewer.geometry.crosshair.CrosshairFrame`),
the thick slab, the active view and the frame-of-reference links the cursor follows. The Qt widget
(``viewer.qt.mpr_view.MprView``) binds it: user input calls these methods, each change tells subscribers
the set of changed fields: ``"cursor"`` (the point moved; with ``"followed"`` when it came from another
viewport, which must not be echoed back), ``"rotation"``, ``"slab"``, ``"active"``. No Qt, no VTK.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from viewer.geometry.crosshair import CrosshairFrame
from viewer.mpr.cursor import LinkGroups, contains
from viewer.mpr.slab import SLAB_MODES
from viewer.model.observable import FieldObservable

VIEW_NAMES = ("axial", "sagittal", "coronal")
SLAB_CHOICES = ("none",) + tuple(SLAB_MODES)

Listener = Callable[[set[str]], None]


class MprState(FieldObservable):
    def __init__(self, volume, links: LinkGroups | None = None) -> None:
        self.volume = volume
        self.links = links or LinkGroups()
        self.frame = CrosshairFrame.at(volume.center_world)
        self.slab_mode, self.slab_mm = "none", 0.0
        self.step_mm = float(np.min(volume.spacing))
        self.active = "axial"
        self._listeners: list[Listener] = []

    # ---- derived -----------------------------------------------------------------------------
    @property
    def point(self) -> np.ndarray:
        """The 3D cursor (LPS mm)."""
        return self.frame.point

    def planes(self):
        """The planes the three views show: ``{"axial"|"sagittal"|"coronal": Plane}``."""
        return self.frame.display_planes()

    def clamped(self, point) -> np.ndarray:
        """``point`` moved onto the volume (the nearest voxel centre inside when it lies outside)."""
        p = np.asarray(point, dtype=float).reshape(3)
        if contains(self.volume, p):
            return p
        ijk = np.clip(self.volume.world_to_index(p), 0, np.array(self.volume.shape_ijk[:3]) - 1)
        return self.volume.index_to_world(ijk)

    # ---- the crosshair -----------------------------------------------------------------------
    def set_crosshair(self, point) -> None:
        """Move the 3D cursor to an LPS point (kept on the volume); every view shows the planes through it."""
        self.frame = self.frame.moved_to(self.clamped(point))
        self._notify("cursor")

    def follow(self, point, source_volume, links: LinkGroups | None = None) -> bool:
        """Follow a cursor set in another viewport showing ``source_volume`` (same frame of reference or
        linked by a registration in ``links``); False, and nothing changes, when not linked."""
        q = (links or self.links).map_point(point, source_volume, self.volume)
        if q is None:
            return False
        self.frame = self.frame.moved_to(q)
        self._notify("cursor", "followed")
        return True

    def scroll(self, view: str, steps: int) -> None:
        """Move the cursor ``steps`` slices (the volume's finest spacing) along ``view``'s normal."""
        n = self.frame.plane(view).normal
        self.set_crosshair(self.frame.point + steps * self.step_mm * n)

    def rotate(self, view: str, angle_deg: float) -> None:
        """Rotate the crosshair lines seen in ``view``: the other two planes tilt (oblique MPR)."""
        if view not in VIEW_NAMES:
            raise ValueError(f"view must be one of {VIEW_NAMES}, got {view!r}")
        if angle_deg:
            self.frame = self.frame.rotated_in(view, angle_deg)
            self._notify("rotation")

    def reset_obliques(self) -> None:
        self.frame = self.frame.reset_rotation()
        self._notify("rotation")

    # ---- slab and focus ----------------------------------------------------------------------
    def set_slab(self, mode: str, thickness_mm: float) -> None:
        """Thick slab ``mode`` (none, mip, minip, mean) of ``thickness_mm`` centred on each plane."""
        if mode not in SLAB_CHOICES:
            raise ValueError(f"slab mode must be one of {SLAB_CHOICES}, got {mode!r}")
        if thickness_mm < 0:
            raise ValueError(f"slab thickness must be >= 0 mm, got {thickness_mm}")
        self.slab_mode, self.slab_mm = mode, float(thickness_mm)
        self._notify("slab")

    def set_active(self, view: str) -> None:
        if view != self.active:
            self.active = view
            self._notify("active")
