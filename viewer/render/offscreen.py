"""Render a viewport to a PNG without a widget, through the very ``ViewportRenderer`` the
interactive viewport uses (the ``render`` command, key images, checks). Needs an X display like the
viewport (Xvfb is fine); without one VTK falls back to EGL where available."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOImage import vtkPNGWriter
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter

from viewer.render.viewport_renderer import ViewportRenderer


def capture_rgb(render_window) -> np.ndarray:
    """The render window's pixels as an ``(height, width, 3)`` uint8 array, row 0 at the top."""
    f = vtkWindowToImageFilter()
    f.SetInput(render_window)
    f.ReadFrontBufferOff()
    f.SetInputBufferTypeToRGB()
    f.Update()
    img = f.GetOutput()
    w, h, _ = img.GetDimensions()
    arr = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)[:, :, :3]
    return np.ascontiguousarray(arr[::-1])


def write_png(render_window, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    f = vtkWindowToImageFilter()
    f.SetInput(render_window)
    f.ReadFrontBufferOff()
    f.Update()
    w = vtkPNGWriter()
    w.SetFileName(str(path))
    w.SetInputConnection(f.GetOutputPort())
    w.Write()
    return path


class OffscreenViewport:
    """A ``ViewportRenderer`` in an off-screen render window of ``size`` (width, height)."""

    def __init__(self, state, size=(512, 512)) -> None:
        self.window = vtkRenderWindow()
        self.window.SetOffScreenRendering(1)
        self.window.SetSize(int(size[0]), int(size[1]))
        self.view = ViewportRenderer(state, self.window)
        self.view.update_camera()

    def save(self, path) -> Path:
        self.view.update_camera()
        self.window.Render()
        return write_png(self.window, path)

    def pixels(self) -> np.ndarray:
        self.view.update_camera()
        self.window.Render()
        return capture_rgb(self.window)

    def close(self) -> None:
        self.view.close()
        self.window.Finalize()
