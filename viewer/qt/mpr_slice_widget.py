"""``MprSliceWidget``: one thin Qt/VTK MPR viewport. It draws with ``viewer.render.mpr_view`` and turns
mouse input into signals; the owner (``MprView``, ``PriorsView``) keeps the crosshair and decides.

Mouse: left click/drag or Shift+move sets the 3D cursor; Ctrl+left drag rotates the crosshair axes
about this view's normal (oblique MPR); right drag changes window/level; wheel scrolls one slice along
the normal; Ctrl+wheel zooms.
"""
from __future__ import annotations

import math

import numpy as np
import vtkmodules.vtkInteractionStyle  # noqa: F401
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from PySide6.QtCore import Qt, Signal
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkRenderingCore import vtkRenderer

from viewer.render.mpr_view import MprViewRenderer

WHEEL_STEP = 120


class MprSliceWidget(QVTKRenderWindowInteractor):
    """Signals: ``point_picked(ndarray LPS)``, ``scroll_requested(int)``, ``rotate_requested(float deg)``,
    ``activated()``."""

    point_picked = Signal(object)
    scroll_requested = Signal(int)
    rotate_requested = Signal(float)
    activated = Signal()

    def __init__(self, volume, image=None, name: str = "axial", parent=None) -> None:
        super().__init__(parent)
        self.renderer = vtkRenderer()
        self.GetRenderWindow().AddRenderer(self.renderer)
        self.view = MprViewRenderer(self.renderer, volume, image, name)
        self.name = name
        self.setMinimumSize(160, 160)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self._button = None
        self._mods = Qt.NoModifier
        self._last = None
        self._initialized = False

    # ---- lifecycle -----------------------------------------------------------------------------
    def showEvent(self, ev) -> None:  # noqa: N802
        super().showEvent(ev)
        if not self._initialized:
            self._initialized = True
            self.Initialize()
            self.view.fit()
            self.render_now()

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self.view.fit()

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.Finalize()
        super().closeEvent(ev)

    def render_now(self) -> None:
        if self._initialized and self.isVisible():
            self.GetRenderWindow().Render()

    # ---- coordinates ---------------------------------------------------------------------------
    def display_xy(self, pos) -> tuple[float, float]:
        """Qt widget position → VTK display pixel (origin bottom-left, device pixels)."""
        ratio = self.devicePixelRatioF()
        return pos.x() * ratio, (self.height() - pos.y() - 1) * ratio

    def widget_pos_of(self, point) -> tuple[float, float]:
        """Qt widget position (logical pixels, origin top-left) of an LPS point."""
        x, y = self.view.patient_to_display(point)
        ratio = self.devicePixelRatioF()
        return x / ratio, self.height() - 1 - y / ratio

    def patient_at(self, pos) -> np.ndarray:
        return self.view.display_to_patient(*self.display_xy(pos))

    # ---- mouse ---------------------------------------------------------------------------------
    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.setFocus()
        self.activated.emit()
        self._button, self._mods = ev.button(), ev.modifiers()
        self._last = ev.position()
        if self._button == Qt.LeftButton and not (self._mods & Qt.ControlModifier):
            self.point_picked.emit(self.patient_at(ev.position()))

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        self._button = None

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        pos = ev.position()
        if self._button is None:
            if ev.modifiers() & Qt.ShiftModifier:
                self.point_picked.emit(self.patient_at(pos))
            return
        last, self._last = self._last, pos
        if self._button == Qt.LeftButton and self._mods & Qt.ControlModifier:
            self.rotate_requested.emit(self._drag_angle(last, pos))
        elif self._button == Qt.LeftButton:
            self.point_picked.emit(self.patient_at(pos))
        elif self._button == Qt.RightButton:
            c, w = self.view.window
            self.view.set_window(c - (pos.y() - last.y()) * w / 256.0, w * 1.01 ** (pos.x() - last.x()))
            self.render_now()

    def _drag_angle(self, a, b) -> float:
        """Screen angle (degrees, clockwise on screen = right-handed about the view normal, which points
        away from the viewer) swept by a drag from ``a`` to ``b`` around the crosshair point."""
        cx, cy = self.widget_pos_of(self.view.plane.origin)
        t0 = math.atan2(a.y() - cy, a.x() - cx)
        t1 = math.atan2(b.y() - cy, b.x() - cx)
        d = math.degrees(t1 - t0)
        return (d + 180.0) % 360.0 - 180.0

    def wheelEvent(self, ev) -> None:  # noqa: N802
        steps = ev.angleDelta().y() / WHEEL_STEP
        if not steps:
            return
        if ev.modifiers() & Qt.ControlModifier:
            self.view.zoom *= 1.1 ** steps
            self.view.fit()
            self.render_now()
        else:
            self.scroll_requested.emit(int(math.copysign(max(1, round(abs(steps))), steps)))
