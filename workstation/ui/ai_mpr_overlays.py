"""The overlay layers of a viewport carried into an MPR window opened from it (axial, coronal, sagittal and
their oblique rotations): SEG label maps, probability heatmaps and fused series, each drawn on every MPR view
by the same render adaptor as in the viewport (``viewer.render.mpr_layers``). The MPR window mirrors the
viewport's ``LayerStack``: a layer added there later (a fusion, a fresh M1 result) appears in MPR too, a
removed one goes, and a layer's settings (segment visibility, opacity, colour map, blend) are shared.
Synced after each plane change of the window's ``MprState`` (the window redraws its planes first; this
listener subscribes after it)."""
from __future__ import annotations

from viewer.model.layers import LabelLayer
from viewer.model.overlay_layers import FusionLayer, HeatmapLayer
from viewer.render.mpr_layers import MprLayerSet

#: the layer types an MPR window shows (measurement annotations stay in their viewport)
MPR_LAYER_TYPES = (LabelLayer, HeatmapLayer, FusionLayer)


def mpr_layers(stack) -> list:
    """The overlays of a viewport's ``LayerStack`` that MPR draws, bottom to top."""
    return [layer for layer in stack.overlays() if isinstance(layer, MPR_LAYER_TYPES)]


def same_space(a, b) -> bool:
    """Do volumes ``a`` and ``b`` share patient coordinates (frame of reference; else the same series)?"""
    if a is None or b is None:
        return False
    if a.frame_of_reference_uid and b.frame_of_reference_uid:
        return a.frame_of_reference_uid == b.frame_of_reference_uid
    return a.series_instance_uid == b.series_instance_uid


class MprOverlayMirror:
    """Keeps each view of ``mpr_view`` (a ``viewer.qt.mpr_view.MprView``) showing the MPR layers of the
    viewport state ``viewport``'s ``LayerStack`` on its current plane, while that viewport shows a series
    in the MPR volume's patient space (its layers' affines, a fusion's registration folded in, then hold as
    they are; a viewport that moved to another patient's series shows nothing here)."""

    def __init__(self, mpr_view, viewport) -> None:
        self.mpr_view, self.viewport, self.stack = mpr_view, viewport, viewport.layers
        self.mpr_state, self.views = mpr_view.state, dict(mpr_view.views)
        self.sets = {name: MprLayerSet(w.view) for name, w in self.views.items()}
        self._rebuild()
        self.mpr_state.subscribe(self._plane_changed)
        self.stack.subscribe(self._stack_changed)
        viewport.subscribe(self._viewport_changed)
        mpr_view.destroyed.connect(lambda *_: self.close())

    def set_of(self, view_name: str) -> MprLayerSet:
        return self.sets[view_name]

    def _rebuild(self) -> None:
        layers = mpr_layers(self.stack) if same_space(self.viewport.volume, self.mpr_view.volume) else []
        for layer_set in self.sets.values():
            layer_set.set_layers(layers)
            layer_set.sync()

    def _render(self) -> None:
        for w in self.views.values():
            w.render_now()

    def _plane_changed(self, changed: set[str]) -> None:
        if changed & {"cursor", "rotation", "slab"}:
            for layer_set in self.sets.values():
                layer_set.sync()
            self._render()

    def _stack_changed(self, event: str, _layer, _changed) -> None:
        if event in ("added", "removed", "moved"):
            self._rebuild()
        self._render()  # a layer's own change reached its adaptors through the layer itself

    def _viewport_changed(self, changed: set[str]) -> None:
        if "volume" in changed:
            self._rebuild()
            self._render()

    def close(self) -> None:
        if self.stack is None:
            return
        self.stack.unsubscribe(self._stack_changed)
        self.viewport.unsubscribe(self._viewport_changed)
        self.mpr_state.unsubscribe(self._plane_changed)
        for layer_set in self.sets.values():
            layer_set.close()
        self.stack = None


def attach_layer_overlays(mpr_view, viewport) -> MprOverlayMirror:
    """Mirror the label, heatmap and fusion layers of ``viewport`` (a ``ViewportState``) on every view of
    ``mpr_view``; the window keeps the mirror (``mpr_view.overlay_mirror``)."""
    mirror = MprOverlayMirror(mpr_view, viewport)
    mpr_view.overlay_mirror = mirror
    return mirror
