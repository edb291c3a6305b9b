"""Screen grabs of MPR views for pixel assertions (VTK render window → numpy, row 0 at the top)."""
from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter


def grab(widget) -> np.ndarray:
    """Grey levels ``[row, column]`` of what a MprSliceWidget shows (row 0 = top of the screen)."""
    rw = widget.GetRenderWindow()
    rw.Render()
    f = vtkWindowToImageFilter()
    f.SetInput(rw)
    f.ReadFrontBufferOff()
    f.Update()
    img = f.GetOutput()
    w, h, _ = img.GetDimensions()
    arr = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)[::-1]
    return arr[..., :3].mean(axis=2)


def level_at(widget, point, radius_px: int = 2, off_lines_mm: float = 3.0) -> float:
    """Mean grey level around the screen position of an LPS point in a MprSliceWidget, sampled
    ``off_lines_mm`` diagonally away from it so the crosshair lines through it do not count."""
    img = grab(widget)
    plane = widget.view.plane
    x, y = widget.view.patient_to_display(np.asarray(point) + off_lines_mm * (plane.right + plane.down))
    r, c = int(round(img.shape[0] - 1 - y)), int(round(x))
    assert 0 <= r < img.shape[0] and 0 <= c < img.shape[1], "point off screen"
    return float(img[r - radius_px:r + radius_px + 1, c - radius_px:c + radius_px + 1].mean())
