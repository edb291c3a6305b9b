"""Overlay layers (label map, heatmap, fused series: any layer type of ``LAYER_VISUALS``) over one MPR view,
oblique planes included, drawn by the SAME render adaptors as the 2D viewport. No Qt.

A 2D viewport's adaptor follows a ``ViewportState`` through three things: ``basis`` (screen axes in LPS),
``plane_origin()`` and ``geometry`` (the output pixel grid: ``pixel_mm``, ``u_range``, ``v_range``,
``output_size()``). :class:`MprPlaneState` gives exactly those for an ``MprViewRenderer``'s current plane and
output grid, so ``make_visual(view.renderer, layer)`` reslices the layer's own volume (its grid and affine,
LPS; a fusion layer's registration included) onto the MPR view's plane pixel for pixel with the image.

The MPR renderer's world is ``(u, v)`` with ``v`` along the plane's ``down`` and the camera on the -z side;
the 2D viewport's has ``v`` along ``up``, camera on +z. The adapter hands the adaptors a basis whose ``up``
is the MPR plane's ``down`` (so their output rows grow exactly like the MPR image's), and layer ``n`` is
drawn at ``z = -n * LAYER_Z_STEP`` (towards this camera, above the image at z = 0).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.geometry.planes import PlaneBasis
from viewer.render.layer_visuals import make_visual

#: what a new plane tells an adaptor (the 2D viewport's scroll/orientation changes)
PLANE_CHANGES = frozenset({"volume", "slice", "orientation"})


@dataclass(frozen=True)
class MprGridGeometry:
    """An MPR view's output grid in the shape of ``viewer.geometry.slicing.SliceGeometry`` (square pixels)."""

    u_range: tuple[float, float]  # first and last pixel centre along the plane's right (mm)
    v_range: tuple[float, float]  # along the plane's down (mm)
    pixel_mm: float
    columns: int
    rows: int

    def output_size(self) -> tuple[int, int]:
        return self.columns, self.rows


class MprPlaneState:
    """What a layer adaptor reads of a viewport, for one ``MprViewRenderer`` at its current plane."""

    def __init__(self, view) -> None:
        self.view = view
        self.basis: PlaneBasis | None = None
        self.geometry: MprGridGeometry | None = None
        self._origin = np.zeros(3)

    def refresh(self) -> bool:
        """Take the view's current plane and grid; False while the view shows none."""
        plane, grid = self.view.view_plane, getattr(self.view.reslice, "grid", None)
        if plane is None or grid is None:
            self.basis = self.geometry = None
            return False
        if not np.isclose(grid.du, grid.dv):
            raise ValueError(f"MPR overlays need square output pixels, got {grid.du} x {grid.dv} mm")
        right, down = np.asarray(plane.right, float), np.asarray(plane.down, float)
        # the adaptors' v runs along ``up``: make it the MPR plane's ``down``
        self.basis = PlaneBasis(right=right, down=-down, normal=np.cross(right, down))
        self._origin = np.asarray(plane.origin, dtype=float)
        self.geometry = MprGridGeometry((grid.u0, grid.u0 + (grid.columns - 1) * grid.du),
                                        (grid.v0, grid.v0 + (grid.rows - 1) * grid.dv),
                                        float(grid.du), int(grid.columns), int(grid.rows))
        return True

    def plane_origin(self) -> np.ndarray:
        return self._origin


class MprLayerOverlay:
    """One layer over one MPR view (``view``: an ``MprViewRenderer``) through its registered adaptor.
    Call :meth:`sync` after the view shows a new plane; the layer's own settings (colours, opacity,
    visibility, colour map, blend) follow by themselves. ``order`` ≥ 1: its place above the image."""

    def __init__(self, view, layer, order: int = 1) -> None:
        self.view, self.layer = view, layer
        self.state = MprPlaneState(view)
        self.visual = make_visual(view.renderer, layer)
        self.set_order(order)
        layer.subscribe(self._layer_changed)
        self.sync()

    def set_order(self, order: int) -> None:
        self.visual.set_order(-int(order))  # negative: towards the MPR camera (on the -z side)

    def sync(self) -> None:
        """Follow the view's current plane and output grid."""
        if self.state.refresh():
            self.visual.update(self.state, set(PLANE_CHANGES))
        else:
            self.visual.actor.SetVisibility(False)

    def _layer_changed(self, _layer, changed: set[str]) -> None:
        self.visual.layer_changed(changed)

    def close(self) -> None:
        self.layer.unsubscribe(self._layer_changed)
        self.visual.close()


class MprLayerSet:
    """The overlay layers of one MPR view, in a given bottom-to-top order (what a viewport's
    ``LayerStack.overlays()`` holds)."""

    def __init__(self, view) -> None:
        self.view = view
        self.overlays: dict[int, MprLayerOverlay] = {}

    def set_layers(self, layers) -> None:
        """Show exactly ``layers`` (bottom to top): new ones get an adaptor, gone ones are closed."""
        wanted = {id(layer): layer for layer in layers}
        for key in [k for k in self.overlays if k not in wanted]:
            self.overlays.pop(key).close()
        for order, layer in enumerate(layers, start=1):
            overlay = self.overlays.get(id(layer))
            if overlay is None:
                self.overlays[id(layer)] = MprLayerOverlay(self.view, layer, order)
            else:
                overlay.set_order(order)

    def sync(self) -> None:
        for overlay in self.overlays.values():
            overlay.sync()

    def visual_of(self, layer):
        return self.overlays[id(layer)].visual

    def close(self) -> None:
        for overlay in self.overlays.values():
            overlay.close()
        self.overlays.clear()
