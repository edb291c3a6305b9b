"""VTK pipeline of one 2D view: the whole volume in one ``vtkImageData`` (zero-copy from numpy),
a ``vtkImageReslice`` whose axes come from ``viewer.geometry.planes``, and a window/level image
actor. Scrolling only moves the reslice plane; nothing is copied per frame. No Qt.
"""
from __future__ import annotations

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL backend)
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkLookupTable
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkImagingCore import vtkImageReslice
from vtkmodules.vtkRenderingCore import vtkImageActor

from viewer.geometry.planes import reslice_matrix


def _gray_lut(invert: bool) -> vtkLookupTable:
    lut = vtkLookupTable()
    lut.SetNumberOfTableValues(256)
    lut.SetHueRange(0.0, 0.0)
    lut.SetSaturationRange(0.0, 0.0)
    lut.SetValueRange((1.0, 0.0) if invert else (0.0, 1.0))
    lut.SetRampToLinear()
    lut.Build()
    return lut


class SliceView:
    """Draws the current slice of a ``ViewportState`` into a ``vtkRenderer``."""

    def __init__(self, renderer) -> None:
        self.renderer = renderer
        self.image = vtkImageData()
        self._array = None  # keeps the numpy buffer alive (zero-copy)
        self._vtk_array = None
        self._frame_key = None
        self.reslice = vtkImageReslice()
        self.reslice.SetInputData(self.image)
        self.reslice.SetOutputDimensionality(2)
        self.reslice.AutoCropOutputOff()
        self._axes = vtkMatrix4x4()
        self._plane_key = None
        self._axes_at_zero = self._inv_linear = None
        self._grid = None
        self.reslice.SetResliceAxes(self._axes)
        self.actor = vtkImageActor()
        self.actor.GetMapper().SetInputConnection(self.reslice.GetOutputPort())
        self.actor.GetProperty().UseLookupTableScalarRangeOff()
        self._invert = None
        self.set_invert(False)
        self.actor.VisibilityOff()
        renderer.AddViewProp(self.actor)

    # ---- data ------------------------------------------------------------------------------
    def set_frame(self, voxels_kji: np.ndarray) -> None:
        """Use this 3D ``[k, j, i]`` array as the input, without copying it."""
        arr = np.ascontiguousarray(voxels_kji)
        if arr.dtype == np.float64:
            arr = arr.astype(np.float32)
        if arr.dtype == np.bool_:
            arr = arr.astype(np.uint8)
        key = (arr.__array_interface__["data"][0], arr.shape, arr.dtype.str)
        if key == self._frame_key:
            return
        self._frame_key = key
        self._array = arr
        nk, nj, ni = arr.shape
        self.image.SetDimensions(ni, nj, nk)
        self.image.SetSpacing(1.0, 1.0, 1.0)
        self.image.SetOrigin(0.0, 0.0, 0.0)
        self._vtk_array = numpy_to_vtk(arr.ravel(), deep=False)
        self.image.GetPointData().SetScalars(self._vtk_array)
        self.reslice.SetBackgroundLevel(float(arr.min()) if arr.size else 0.0)
        self.actor.VisibilityOn()

    def data_changed(self) -> None:
        """The numpy buffer was filled in place (streaming load): re-read it on the next render."""
        if self._vtk_array is not None:
            self._vtk_array.Modified()
            self.image.Modified()

    # ---- geometry ----------------------------------------------------------------------------
    def set_plane(self, affine, basis, plane_origin, geometry) -> None:
        """Cut the volume (index->LPS ``affine``) at ``plane_origin`` with screen axes ``basis``.

        Per slice only the translation of the reslice axes changes: the rotation part and the
        inverse affine are computed once per (affine, basis); the output grid is set only when the
        geometry changed (``vtkImageReslice`` re-executes because its axes matrix was modified)."""
        affine = np.asarray(affine, dtype=float)
        key = (affine.tobytes(), np.asarray(basis.right, float).tobytes(), np.asarray(basis.up, float).tobytes())
        if key != self._plane_key:
            self._plane_key = key
            self._axes_at_zero = reslice_matrix(affine, basis, np.zeros(3))
            self._inv_linear = np.linalg.inv(affine)[:3, :3]
        m = self._axes_at_zero.copy()
        m[:3, 3] += self._inv_linear @ np.asarray(plane_origin, dtype=float)
        self._axes.DeepCopy(m.ravel().tolist())
        px = geometry.pixel_mm
        u0, u1 = geometry.u_range
        v0, v1 = geometry.v_range
        grid = (px, u0, u1, v0, v1)
        if grid != self._grid:
            self._grid = grid
            nu, nv = geometry.output_size()
            self.reslice.SetOutputSpacing(px, px, 1.0)
            self.reslice.SetOutputOrigin(u0, v0, 0.0)
            self.reslice.SetOutputExtent(0, nu - 1, 0, nv - 1, 0, 0)

    # ---- look --------------------------------------------------------------------------------
    def set_window(self, width: float, level: float) -> None:
        p = self.actor.GetProperty()
        p.SetColorWindow(float(width))
        p.SetColorLevel(float(level))

    def set_invert(self, invert: bool) -> None:
        """Inverted grey uses a reversed lookup table; the normal ramp uses none (VTK's faster
        built-in window/level path)."""
        if invert != self._invert:
            self._invert = invert
            self.actor.GetProperty().SetLookupTable(_gray_lut(True) if invert else None)

    def set_interpolation(self, mode: str) -> None:
        if mode == "nearest":
            self.reslice.SetInterpolationModeToNearestNeighbor()
            self.actor.GetProperty().SetInterpolationTypeToNearest()
        elif mode == "cubic":
            self.reslice.SetInterpolationModeToCubic()
            self.actor.GetProperty().SetInterpolationTypeToLinear()
        else:
            self.reslice.SetInterpolationModeToLinear()
            self.actor.GetProperty().SetInterpolationTypeToLinear()
