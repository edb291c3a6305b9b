"""Adaptor of a :class:`~viewer.model.layers.LabelLayer`: the label volume (its own grid and affine, LPS)
resampled with nearest neighbour onto the viewport's plane and pixel grid by its own ``vtkImageReslice``
(axes ``reslice_matrix(label affine, view basis, plane origin)``, the image's output grid), coloured per
label by a lookup table (background and hidden labels transparent) and drawn over the image with the
layer's opacity. No Qt.

Per frame: fill mode changes one 4x4 matrix (VTK does the rest); outline mode also runs
``viewer.model.layers.outline_mask`` on the resliced 2D labels (numpy, this layer only)."""
from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkLookupTable
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkImagingCore import vtkImageMapToColors, vtkImageReslice
from vtkmodules.vtkRenderingCore import vtkImageActor

from viewer.geometry.planes import reslice_matrix
from viewer.model.layers import outline_mask
from viewer.render.image_visual import LAYER_Z_STEP

_VTK_LABEL_TYPES = (np.uint8, np.int8, np.uint16, np.int16, np.int32, np.uint32)


def label_image(voxels_kji: np.ndarray) -> tuple[vtkImageData, np.ndarray]:
    """A vtkImageData of unit spacing and zero origin over the labels (zero-copy when VTK takes the type)."""
    arr = np.asarray(voxels_kji)
    if arr.dtype == np.bool_ or arr.dtype.type not in _VTK_LABEL_TYPES:
        arr = arr.astype(np.uint8 if arr.max(initial=0) < 256 else np.int32)
    arr = np.ascontiguousarray(arr)
    img = vtkImageData()
    nk, nj, ni = arr.shape
    img.SetDimensions(ni, nj, nk)
    img.SetSpacing(1.0, 1.0, 1.0)
    img.SetOrigin(0.0, 0.0, 0.0)
    img.GetPointData().SetScalars(numpy_to_vtk(arr.ravel(), deep=False))
    return img, arr


class LabelVisual:
    def __init__(self, renderer, layer) -> None:
        self.renderer = renderer
        self.layer = layer
        self.image, self._array = label_image(layer.volume.frame(0))
        self.reslice = vtkImageReslice()
        self.reslice.SetInputData(self.image)
        self.reslice.SetOutputDimensionality(2)
        self.reslice.AutoCropOutputOff()
        self.reslice.SetInterpolationModeToNearestNeighbor()
        self.reslice.SetBackgroundLevel(0.0)
        self._axes = vtkMatrix4x4()
        self.reslice.SetResliceAxes(self._axes)
        self.lut = vtkLookupTable()
        self.colors = vtkImageMapToColors()
        self.colors.SetLookupTable(self.lut)
        self.colors.SetOutputFormatToRGBA()
        self._outline_input = vtkImageData()
        self._outline_array = None
        self.actor = vtkImageActor()
        self.actor.GetMapper().SetInputConnection(self.colors.GetOutputPort())
        self.actor.GetProperty().SetInterpolationTypeToNearest()
        self.actor.ForceTranslucentOn()
        self._has_plane = False
        renderer.AddViewProp(self.actor)
        self.layer_changed({"opacity", "visible", "colors", "outline"})

    # ---- geometry ----------------------------------------------------------------------------
    def update(self, s, changed: set[str]) -> None:
        """Follow the viewport's plane: same plane, same output grid as the image (pixel for pixel)."""
        if not changed & {"volume", "slice", "orientation"} or s.geometry is None:
            return
        m = reslice_matrix(self.layer.affine, s.basis, s.plane_origin())
        self._axes.DeepCopy(m.ravel().tolist())
        g = s.geometry
        nu, nv = g.output_size()
        self.reslice.SetOutputSpacing(g.pixel_mm, g.pixel_mm, 1.0)
        self.reslice.SetOutputOrigin(g.u_range[0], g.v_range[0], 0.0)
        self.reslice.SetOutputExtent(0, nu - 1, 0, nv - 1, 0, 0)
        self._has_plane = True
        if self.layer.outline:
            self._update_outline()
        self.actor.SetVisibility(self.layer.visible)

    def _update_outline(self) -> None:
        self.reslice.Update()
        out = self.reslice.GetOutput()
        nx, ny, _ = out.GetDimensions()
        labels = vtk_to_numpy(out.GetPointData().GetScalars()).reshape(ny, nx)
        self._outline_array = np.ascontiguousarray(np.where(outline_mask(labels), labels, 0))
        self._outline_input.CopyStructure(out)
        self._outline_input.GetPointData().SetScalars(numpy_to_vtk(self._outline_array.ravel(), deep=False))
        self._outline_input.Modified()

    # ---- look --------------------------------------------------------------------------------
    def layer_changed(self, changed: set[str]) -> None:
        layer = self.layer
        if "colors" in changed:
            table = layer.lookup_table()
            n = len(table)
            self.lut.SetNumberOfTableValues(n)
            self.lut.SetTableRange(-0.5, n - 0.5)  # label L → row L exactly
            for label, rgba in enumerate(table / 255.0):
                self.lut.SetTableValue(label, *rgba)
            self.lut.Modified()
        if "outline" in changed:
            if layer.outline:
                self.colors.SetInputData(self._outline_input)
                if self._has_plane:
                    self._update_outline()
            else:
                self.colors.SetInputConnection(self.reslice.GetOutputPort())
        if "opacity" in changed:
            self.actor.SetOpacity(layer.opacity)
        if "visible" in changed:
            self.actor.SetVisibility(layer.visible and self._has_plane)

    def set_order(self, order: int) -> None:
        self.actor.SetPosition(0.0, 0.0, LAYER_Z_STEP * order)

    def close(self) -> None:
        self.renderer.RemoveViewProp(self.actor)
