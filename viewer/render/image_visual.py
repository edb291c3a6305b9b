"""Adaptor of an :class:`~viewer.model.layers.ImageLayer`: the grey-scale slice of the layer's volume on
the viewport's plane (``SliceView``: zero-copy volume, one ``vtkImageReslice``, window/level actor). The
window, invert and interpolation are the viewport's (``ViewportState``). No Qt."""
from __future__ import annotations

from viewer.render.slice_view import SliceView

#: mm between the drawing planes of consecutive layers, towards the camera (marks are at z = 1)
LAYER_Z_STEP = 0.01


class ImageVisual(SliceView):
    def __init__(self, renderer, layer) -> None:
        super().__init__(renderer)
        self.layer = layer
        self._shown_key = None
        self.layer_changed({"opacity", "visible"})

    def update(self, s, changed: set[str]) -> None:
        """Follow the ``ViewportState`` ``s`` after ``changed`` (the scroll path: only the plane moves)."""
        volume = self.layer.volume
        if changed & {"volume", "slice"}:
            key = (id(volume), s.timepoint)
            if key != self._shown_key or "volume" in changed:
                self._shown_key = key
                self.set_frame(volume.frame(min(s.timepoint, volume.n_timepoints - 1)))
                self.actor.SetVisibility(self.layer.visible)
        if changed & {"volume", "slice", "orientation"}:
            self.set_plane(volume.affine, s.basis, s.plane_origin(), s.geometry)
        if changed & {"volume", "window"}:
            self.set_window(s.window.width, s.window.level)
        if changed & {"volume", "invert"}:
            self.set_invert(s.invert)
        if changed & {"volume", "interpolation"}:
            self.set_interpolation(s.interpolation)

    def layer_changed(self, changed: set[str]) -> None:
        if "opacity" in changed:
            self.actor.SetOpacity(self.layer.opacity)
        if "visible" in changed:
            self.actor.SetVisibility(self.layer.visible and self._array is not None)

    def set_order(self, order: int) -> None:
        self.actor.SetPosition(0.0, 0.0, LAYER_Z_STEP * order)

    def close(self) -> None:
        self.renderer.RemoveViewProp(self.actor)
