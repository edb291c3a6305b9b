"""Render one MPR plane (standard, acquired or oblique; thin or thick slab) to pixels or a PNG without a
widget, through the same ``MprViewRenderer`` the MPR window uses. For ``render --normal`` and reports.
Needs an X display like the viewport (Xvfb is fine); without one VTK falls back to EGL where available.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

from viewer.geometry.planes import Plane, display_plane
from viewer.render.mpr_view import MprViewRenderer
from viewer.render.offscreen import capture_rgb, write_png


class OffscreenMpr:
    """An ``MprViewRenderer`` in an off-screen render window of ``size`` (width, height)."""

    def __init__(self, volume, size=(512, 512), name: str = "axial") -> None:
        self.window = vtkRenderWindow()
        self.window.SetOffScreenRendering(1)
        self.window.SetSize(int(size[0]), int(size[1]))
        self.renderer = vtkRenderer()
        self.window.AddRenderer(self.renderer)
        self.view = MprViewRenderer(self.renderer, volume, name=name)

    def show(self, plane: Plane, slab: tuple[str, float] | None = None, window: tuple[float, float] | None = None,
             text: str | None = None) -> None:
        if slab is not None:
            self.view.set_slab(*slab)
        if window is not None:
            self.view.set_window(*window)
        self.view.show_plane(plane)
        self.view.fit()
        if text is not None:
            self.view.set_corner_text(text)

    def pixels(self) -> np.ndarray:
        """``(height, width, 3)`` uint8, row 0 at the top."""
        self.window.Render()
        return capture_rgb(self.window)

    def save(self, path) -> Path:
        self.window.Render()
        return write_png(self.window, path)

    def display_of(self, point) -> tuple[float, float]:
        """(column, row) pixel of an LPS point in :meth:`pixels` (row 0 at the top)."""
        x, y = self.view.patient_to_display(point)
        return x, self.window.GetSize()[1] - 1 - y

    def close(self) -> None:
        self.window.Finalize()


def render_plane_png(volume, out, plane: str = "axial", normal=None, point=None, size=(512, 512),
                     slab: tuple[str, float] | None = None, window: tuple[float, float] | None = None) -> Path:
    """Write a PNG of ``volume`` on ``plane`` (``acquired|axial|sagittal|coronal``) or on the oblique
    plane with ``normal`` (LPS), through ``point`` (default the volume centre); radiological convention,
    orientation letters on the edges; ``slab = (mode, mm)`` for MIP/MinIP/mean."""
    p = display_plane(volume, plane, point, normal)
    off = OffscreenMpr(volume, size, name=plane if normal is None else "oblique")
    try:
        label = plane.capitalize() if normal is None else "Oblique " + ",".join(f"{c:.2f}" for c in p.normal)
        off.show(p, slab, window, text=label)
        return off.save(out)
    finally:
        off.close()


def parse_normal(text: str) -> np.ndarray:
    """``"NX,NY,NZ"`` (LPS) → unit vector; ValueError with a clear message otherwise."""
    try:
        v = np.array([float(x) for x in str(text).replace(" ", "").split(",")], dtype=float)
    except ValueError:
        v = np.zeros(0)
    if v.shape != (3,) or not np.all(np.isfinite(v)) or np.linalg.norm(v) < 1e-9:
        raise ValueError(f"--normal must be three numbers NX,NY,NZ (LPS), not all zero, got {text!r}")
    return v / np.linalg.norm(v)


def parse_slab(text: str) -> tuple[str, float]:
    """``"mip:10"`` / ``"minip:5"`` / ``"mean:8"`` → (mode, mm); ValueError otherwise."""
    mode, _, mm = str(text).partition(":")
    try:
        thickness = float(mm)
    except ValueError:
        thickness = -1.0
    if mode.lower() not in ("mip", "minip", "mean") or not 0 < thickness <= 500:
        raise ValueError(f"--slab must be MODE:MM with MODE mip, minip or mean and 0 < MM <= 500, got {text!r}")
    return mode.lower(), thickness


def render_cli(volume, out, plane: str, normal_text: str | None, slab_text: str | None, size,
               window: tuple[float, float] | None = None) -> str:
    """What ``render --normal/--slab`` does; returns the line to print. Raises ValueError on bad input."""
    normal = parse_normal(normal_text) if normal_text else None
    slab = parse_slab(slab_text) if slab_text else None
    name = "acquired" if plane in ("native", "acquired") else plane
    path = render_plane_png(volume, out, name, normal, None, size, slab, window)
    p = display_plane(volume, name, None, normal)
    what = "oblique normal " + ",".join(f"{c:.3f}" for c in p.normal) if normal is not None else name
    slab_txt = f", {slab[0]} slab {slab[1]:g} mm" if slab else ""
    return f"{path}: {what} through the volume centre{slab_txt}"
