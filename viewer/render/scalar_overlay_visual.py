"""Adaptors of the colour-mapped overlays (:class:`~viewer.model.overlay_layers.HeatmapLayer`,
:class:`~viewer.model.overlay_layers.FusionLayer`): the layer's volume (its own grid and affine, LPS; a
fusion layer's affine includes its registration) resliced with linear interpolation onto the viewport's
plane and pixel grid by its own ``vtkImageReslice`` (axes ``reslice_matrix(layer affine, view basis, plane
origin)``, the image's output grid), mapped through the layer's colour table and drawn over the image
with the layer's opacity. A heatmap also shows a scale bar (``vtkScalarBarActor``) at the right edge. No Qt.
"""
from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkLookupTable
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkImagingCore import vtkImageMapToColors, vtkImageReslice
from vtkmodules.vtkRenderingAnnotation import vtkScalarBarActor
from vtkmodules.vtkRenderingCore import vtkImageActor

from viewer.geometry.planes import reslice_matrix
from viewer.render.image_visual import LAYER_Z_STEP
from viewer.render.overlays import font_file

TABLE_SIZE = 256


def scalar_image(voxels_kji: np.ndarray) -> tuple[vtkImageData, np.ndarray]:
    """A vtkImageData of unit spacing and zero origin over ``voxels`` (float32, zero-copy when it is)."""
    arr = np.ascontiguousarray(np.asarray(voxels_kji, dtype=np.float32))
    img = vtkImageData()
    nk, nj, ni = arr.shape
    img.SetDimensions(ni, nj, nk)
    img.SetSpacing(1.0, 1.0, 1.0)
    img.SetOrigin(0.0, 0.0, 0.0)
    img.GetPointData().SetScalars(numpy_to_vtk(arr.ravel(), deep=False))
    return img, arr


class ScalarOverlayVisual:
    """Reslice + lookup table + image actor of one colour-mapped layer."""

    def __init__(self, renderer, layer) -> None:
        self.renderer = renderer
        self.layer = layer
        self.reslice = vtkImageReslice()
        self.reslice.SetOutputDimensionality(2)
        self.reslice.AutoCropOutputOff()
        self.reslice.SetInterpolationModeToLinear()
        self._axes = vtkMatrix4x4()
        self.reslice.SetResliceAxes(self._axes)
        self._set_input()
        self.lut = vtkLookupTable()
        self.colors = vtkImageMapToColors()
        self.colors.SetLookupTable(self.lut)
        self.colors.SetOutputFormatToRGBA()
        self.colors.SetInputConnection(self.reslice.GetOutputPort())
        self.actor = vtkImageActor()
        self.actor.GetMapper().SetInputConnection(self.colors.GetOutputPort())
        self.actor.ForceTranslucentOn()
        self._has_plane = False
        renderer.AddViewProp(self.actor)
        self.scale_bar = None
        self.layer_changed({"opacity", "visible", "colormap", "scale_bar"})

    def _set_input(self) -> None:
        self.image, self._array = scalar_image(self.layer.volume.frame(0))
        self.reslice.SetInputData(self.image)

    # ---- geometry ----------------------------------------------------------------------------
    def update(self, s, changed: set[str]) -> None:
        """Follow the viewport's plane: same plane, same output grid as the image (pixel for pixel)."""
        if not changed & {"volume", "slice", "orientation"} or s.geometry is None:
            return
        self._state = s
        m = reslice_matrix(self.layer.affine, s.basis, s.plane_origin())
        self._axes.DeepCopy(m.ravel().tolist())
        self.reslice.Modified()
        g = s.geometry
        nu, nv = g.output_size()
        self.reslice.SetOutputSpacing(g.pixel_mm, g.pixel_mm, 1.0)
        self.reslice.SetOutputOrigin(g.u_range[0], g.v_range[0], 0.0)
        self.reslice.SetOutputExtent(0, nu - 1, 0, nv - 1, 0, 0)
        self._has_plane = True
        self.actor.SetVisibility(self.layer.visible)

    # ---- look --------------------------------------------------------------------------------
    def layer_changed(self, changed: set[str]) -> None:
        layer = self.layer
        if "volume" in changed:
            self._set_input()
            if getattr(self, "_state", None) is not None:
                self.update(self._state, {"volume"})
        if "colormap" in changed:
            lo, hi = layer.value_range
            self.reslice.SetBackgroundLevel(lo - (hi - lo))  # outside the volume: the transparent low end
            table = layer.rgba_table(TABLE_SIZE) / 255.0
            self.lut.SetNumberOfTableValues(TABLE_SIZE)
            self.lut.SetTableRange(lo, hi)
            for n, rgba in enumerate(table):
                self.lut.SetTableValue(n, *rgba)
            self.lut.Modified()
        if "opacity" in changed:
            self.actor.SetOpacity(layer.opacity)
        if changed & {"visible", "scale_bar"}:
            self.actor.SetVisibility(layer.visible and self._has_plane)
            self._show_scale_bar(layer.visible and getattr(layer, "scale_bar", False))

    def _show_scale_bar(self, shown: bool) -> None:
        if shown and self.scale_bar is None:
            bar = vtkScalarBarActor()
            bar.SetLookupTable(self.lut)
            bar.SetTitle(getattr(self.layer, "title", self.layer.name))
            bar.SetNumberOfLabels(5)
            bar.SetLabelFormat("%.2g")
            bar.SetOrientationToVertical()
            bar.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
            bar.GetPositionCoordinate().SetValue(0.88, 0.15)
            bar.SetWidth(0.1)
            bar.SetHeight(0.6)
            bar.UnconstrainedFontSizeOn()  # the font sizes below, not scaled to the bar (a CJK title grew huge)
            font = font_file()  # with Hangul: a translated title (e.g. 확률)
            for prop in (bar.GetTitleTextProperty(), bar.GetLabelTextProperty()):
                if font:
                    prop.SetFontFamily(4)  # VTK_FONT_FILE
                    prop.SetFontFile(font)
                prop.SetColor(1.0, 1.0, 1.0)
                prop.SetFontSize(14)
                prop.ShadowOff()
                prop.ItalicOff()
            self.scale_bar = bar
            self.renderer.AddViewProp(bar)
        if self.scale_bar is not None:
            self.scale_bar.SetVisibility(shown)

    def set_order(self, order: int) -> None:
        self.actor.SetPosition(0.0, 0.0, LAYER_Z_STEP * order)

    def close(self) -> None:
        self.renderer.RemoveViewProp(self.actor)
        if self.scale_bar is not None:
            self.renderer.RemoveViewProp(self.scale_bar)


class HeatmapVisual(ScalarOverlayVisual):
    """A probability map with its scale bar."""


class FusionVisual(ScalarOverlayVisual):
    """A fused second series (its registration is in the layer's affine)."""
