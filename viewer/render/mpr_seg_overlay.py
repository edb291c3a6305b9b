"""A label map (``LabelLayer``, e.g. a SEG's) over one MPR view, oblique planes and slabs' planes included.
No Qt.

``MprLabelOverlay(view, layer)`` reslices the layer's own volume (its grid and affine, LPS) with nearest
neighbour onto exactly the plane and output grid of the ``MprViewRenderer`` ``view`` (its ``view_plane`` and
``reslice.grid``), colours it with the layer's lookup table and draws it just in front of the image with the
layer's opacity. Call :meth:`sync` after the view shows a new plane (the MPR window's plane changes);
layer settings (colours, hidden labels, opacity, visibility) follow by themselves.
"""
from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import vtkLookupTable
from vtkmodules.vtkImagingCore import vtkImageMapToColors
from vtkmodules.vtkRenderingCore import vtkImageActor

from viewer.render.mpr_reslice import MprReslice

#: mm towards the MPR camera (which looks along +z from z = -1000) between the image and the overlay
OVERLAY_Z = -0.05


class MprLabelOverlay:
    def __init__(self, view, layer) -> None:
        self.view, self.layer = view, layer
        labels = np.asarray(layer.volume.frame(0))
        if labels.dtype not in (np.uint8, np.uint16, np.int16, np.int32):
            labels = labels.astype(np.uint16)
        self.reslice = MprReslice(layer.volume.with_voxels(labels), interpolation="nearest")
        self.reslice.reslice.SetBackgroundLevel(0.0)
        self.lut = vtkLookupTable()
        self.colors = vtkImageMapToColors()
        self.colors.SetLookupTable(self.lut)
        self.colors.SetOutputFormatToRGBA()
        self.colors.SetInputConnection(self.reslice.output_port())
        self.actor = vtkImageActor()
        self.actor.GetMapper().SetInputConnection(self.colors.GetOutputPort())
        self.actor.InterpolateOff()
        self.actor.ForceTranslucentOn()
        self.actor.SetPosition(0.0, 0.0, OVERLAY_Z)
        view.renderer.AddViewProp(self.actor)
        layer.subscribe(self._layer_changed)
        self._layer_changed(layer, {"colors", "opacity", "visible"})
        self.sync()

    def sync(self) -> None:
        """Take the view's current plane and output grid."""
        grid = getattr(self.view.reslice, "grid", None)
        if self.view.view_plane is None or grid is None:
            self.actor.SetVisibility(False)
            return
        self.reslice.set_grid(grid)
        self.reslice.set_plane(self.view.view_plane)
        self.actor.SetVisibility(self.layer.visible)

    def _layer_changed(self, _layer, changed: set[str]) -> None:
        if "colors" in changed:
            table = self.layer.lookup_table() / 255.0
            self.lut.SetNumberOfTableValues(len(table))
            self.lut.SetTableRange(-0.5, len(table) - 0.5)
            for label, rgba in enumerate(table):
                self.lut.SetTableValue(label, *rgba)
            self.lut.Modified()
        if "opacity" in changed:
            self.actor.SetOpacity(self.layer.opacity)
        if "visible" in changed:
            self.actor.SetVisibility(self.layer.visible and self.view.view_plane is not None)

    def close(self) -> None:
        self.layer.unsubscribe(self._layer_changed)
        self.view.renderer.RemoveViewProp(self.actor)
