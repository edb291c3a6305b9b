"""VTK reslice pipeline for MPR (VTK only, no Qt).

One :func:`volume_image` (a zero-copy ``vtkImageData``) is shared by every view of a volume; each view
is an :class:`MprReslice`: a ``vtkImageReslice`` whose reslice axes come from a
:class:`~viewer.geometry.planes.Plane`. Moving the crosshair or rotating the plane only changes a 4x4 matrix;
no voxel array is copied per frame. Thick slabs use vtkImageReslice's own slab modes.

Coordinates: the vtkImageData is the voxel grid scaled by spacing (origin 0, identity direction), so
``LPS = A @ (spacing * ijk)`` with ``A`` = direction + origin. Reslice output pixel (c, r) lies at plane
coordinates ``(u0 + c*du, v0 + r*dv)`` exactly like :class:`viewer.mpr.slab.PlaneGrid`; output image y
grows with the plane's ``down`` direction, so a camera with view-up (0, -1, 0) shows it upright.
"""
from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkImagingCore import vtkImageReslice

from viewer.geometry.planes import Plane
from viewer.mpr.slab import SLAB_MODES, PlaneGrid, slab_offsets

INTERPOLATIONS = ("nearest", "linear", "cubic")


def volume_image(volume, t: int = 0) -> vtkImageData:
    """A vtkImageData viewing the volume's voxels without copying (keeps a reference to the array)."""
    arr = np.ascontiguousarray(volume.frame(t))
    img = vtkImageData()
    ni, nj, nk = volume.shape_ijk[:3]
    img.SetDimensions(ni, nj, nk)
    img.SetSpacing(*[float(s) for s in volume.spacing])
    img.SetOrigin(0.0, 0.0, 0.0)
    scalars = numpy_to_vtk(arr.ravel(), deep=False)
    scalars.SetName("voxels")
    img.GetPointData().SetScalars(scalars)
    img._numpy_ref = arr  # numpy_to_vtk(deep=False) needs the array kept alive
    return img


def image_to_patient(volume) -> np.ndarray:
    """4x4 mapping the vtkImageData's coordinates (spacing * ijk) to patient LPS."""
    m = np.eye(4)
    m[:3, :3] = np.asarray(volume.direction, dtype=float)
    m[:3, 3] = volume.origin
    return m


class MprReslice:
    """One MPR view of a volume: plane + output grid + slab → 2D image (``output_port``)."""

    def __init__(self, volume, image: vtkImageData | None = None, interpolation: str = "linear") -> None:
        self.volume = volume
        self.image = image if image is not None else volume_image(volume)
        self._to_image = np.linalg.inv(image_to_patient(volume))
        self.reslice = vtkImageReslice()
        self.reslice.SetInputData(self.image)
        self.reslice.SetOutputDimensionality(2)
        self.reslice.AutoCropOutputOff()
        self.reslice.SetBackgroundLevel(float(np.min(volume.frame(0))) if volume.frame(0).size else 0.0)
        self._axes = vtkMatrix4x4()
        self.reslice.SetResliceAxes(self._axes)
        self.set_interpolation(interpolation)
        self.plane: Plane | None = None
        self.grid: PlaneGrid | None = None
        self.slab_mode = "none"
        self.slab_mm = 0.0
        self.step_mm = float(np.min(volume.spacing))

    # ---- settings (cheap: matrices and a few numbers) ------------------------------------------
    def set_interpolation(self, mode: str) -> None:
        if mode not in INTERPOLATIONS:
            raise ValueError(f"interpolation must be one of {INTERPOLATIONS}")
        {"nearest": self.reslice.SetInterpolationModeToNearestNeighbor,
         "linear": self.reslice.SetInterpolationModeToLinear,
         "cubic": self.reslice.SetInterpolationModeToCubic}[mode]()

    def set_plane(self, plane: Plane) -> None:
        """Show ``plane``: updates the reslice axes matrix in place (no data copy)."""
        self.plane = plane
        m = self._to_image @ plane.matrix()
        for r in range(4):
            for c in range(4):
                self._axes.SetElement(r, c, float(m[r, c]))
        self._axes.Modified()
        self.reslice.Modified()

    def set_grid(self, grid: PlaneGrid) -> None:
        """Output pixel grid on the plane (pixel size and extent)."""
        self.grid = grid
        self.reslice.SetOutputOrigin(grid.u0, grid.v0, 0.0)
        self.reslice.SetOutputSpacing(grid.du, grid.dv, self.step_mm)
        self.reslice.SetOutputExtent(0, grid.columns - 1, 0, grid.rows - 1, 0, 0)

    def set_slab(self, mode: str = "none", thickness_mm: float = 0.0) -> None:
        """``mode`` in ``none|mip|minip|mean``; ``thickness_mm`` centred on the plane."""
        if mode != "none" and mode not in SLAB_MODES:
            raise ValueError(f"slab mode must be none or one of {SLAB_MODES}")
        self.slab_mode, self.slab_mm = mode, float(thickness_mm)
        n = 1 if mode == "none" else len(slab_offsets(thickness_mm, self.step_mm))
        {"none": self.reslice.SetSlabModeToMean, "mean": self.reslice.SetSlabModeToMean,
         "mip": self.reslice.SetSlabModeToMax, "minip": self.reslice.SetSlabModeToMin}[mode]()
        self.reslice.SetSlabNumberOfSlices(n)
        if self.grid is not None:
            self.reslice.SetOutputSpacing(self.grid.du, self.grid.dv, self.step_mm)
        self.reslice.Modified()

    # ---- output ----------------------------------------------------------------------------------
    def output_port(self):
        return self.reslice.GetOutputPort()

    def update(self) -> vtkImageData:
        self.reslice.Update()
        return self.reslice.GetOutput()

    def to_numpy(self) -> np.ndarray:
        """The current 2D image as ``[rows, columns]`` (row 0 = top of the screen)."""
        out = self.update()
        nx, ny, _ = out.GetDimensions()
        return vtk_to_numpy(out.GetPointData().GetScalars()).reshape(ny, nx).copy()
