"""``ViewportWidget``: the thin Qt/VTK 2D viewport. It owns nothing but the wiring: user input
calls methods of its ``ViewportState``; a ``ViewportRenderer`` draws the state."""
from __future__ import annotations

import vtkmodules.vtkInteractionStyle  # noqa: F401
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor

from viewer.model.cine import Cine
from viewer.model.shortcuts import PAGE_SLICES
from viewer.model.viewport_state import INTERPOLATIONS, ViewportState
from viewer.model.windowing import presets_for
from viewer.render.viewport_renderer import ViewportRenderer

SERIES_MIME = "application/x-cdss-series-uid"
WHEEL_STEP = 120


def _tr(text: str) -> str:
    return QCoreApplication.translate("Viewport", text)


class ViewportWidget(QVTKRenderWindowInteractor):
    """One 2D viewport. Signals: ``cursor_info(str)`` for the status bar, ``activated()`` when
    clicked, ``series_dropped(str)`` when a series thumbnail is dropped, ``maximize_requested()``
    on double-click, ``help_requested()`` on F1."""

    cursor_info = Signal(str)
    activated = Signal()
    series_dropped = Signal(str)
    maximize_requested = Signal()
    help_requested = Signal()

    def __init__(self, parent=None, state: ViewportState | None = None) -> None:
        super().__init__(parent)
        self.state = state or ViewportState()
        self.view = ViewportRenderer(self.state, self.GetRenderWindow(), tr=_tr)
        self.view.auto_render = False
        self.state.subscribe(self._on_state_change)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setMinimumSize(120, 120)
        self._drag_button = None
        self._drag_last = QPoint()
        self._drag_mods = Qt.NoModifier
        self.cine = Cine()
        self._cine_timer = QTimer(self)
        self._cine_timer.timeout.connect(self._cine_tick)
        self.presets = None
        self._initialized = False
        self.init_held = False  # True: the GL window waits for ``initialize_now`` (start-up: first image first)
        self._render_pending = False
        self.render_count = 0  # renders done (a burst of key or wheel steps costs one)

    # ---- lifecycle ---------------------------------------------------------------------------
    def showEvent(self, ev) -> None:  # noqa: N802
        super().showEvent(ev)
        if not self.init_held:
            self.initialize_now()

    def initialize_now(self) -> None:
        """Make the OpenGL context (the costly part of a viewport: ~0.1 s each) and draw, once shown. A viewport
        made with ``init_held`` waits for this call, so that a 2×2 start draws its first image before the
        other three contexts are made."""
        self.init_held = False
        if not self._initialized and self.isVisible() and not getattr(self, "_released", False):
            self._initialized = True
            self.Initialize()
            self.view.update_camera()
            self.render_now()

    def resizeEvent(self, ev) -> None:  # noqa: N802
        if getattr(self, "_released", False):
            return
        super().resizeEvent(ev)
        if self.state.volume is not None:
            self.view.update_camera()
            self.view.refresh_texts()  # a smaller viewport keeps fewer corner lines

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.release()  # (QVTKRenderWindowInteractor.closeEvent would Finalize a released window)
        QWidget.closeEvent(self, ev)

    def __getattr__(self, attr):
        if attr in ("_Iren", "_RenderWindow"):  # released: no recursion through the VTK forwarder
            raise AttributeError(attr)
        return super().__getattr__(attr)

    def release(self) -> None:
        """Free the VTK render window and its X display connection (idempotent). A closed viewport
        must not keep them: a render window alive at interpreter exit outlives the X server (Xvfb)
        and Xlib then aborts the process."""
        if getattr(self, "_released", False):
            return
        self._released = True
        self.stop_cine()
        self.state.unsubscribe(self._on_state_change)
        self.view.close()
        self.view.render_window = None
        self.Finalize()
        self._Iren.SetRenderWindow(None)
        del self._Iren
        del self._RenderWindow

    def render_now(self) -> None:
        self._render_pending = False
        if self._initialized and self.isVisible() and not getattr(self, "_released", False):
            self.render_count += 1
            self.GetRenderWindow().Render()

    def request_render(self) -> None:
        """Render once the events already queued are handled: a burst of held-key or wheel steps moves
        the state to the last requested slice and costs one render, instead of queueing 20 renders
        (and the slices scrolling on after the key is released)."""
        if not self._render_pending:
            self._render_pending = True
            QTimer.singleShot(0, self, self._render_if_pending)

    def _render_if_pending(self) -> None:
        if self._render_pending:
            self.render_now()

    def paintEvent(self, ev) -> None:  # noqa: N802
        if not getattr(self, "_released", False):
            super().paintEvent(ev)

    def _on_state_change(self, changed: set[str]) -> None:
        self.request_render()

    # ---- mouse -------------------------------------------------------------------------------
    def _vtk_xy(self, pos) -> tuple[float, float]:
        """Qt widget position → VTK display pixel (origin bottom-left, device pixels)."""
        ratio = self.devicePixelRatioF()
        return pos.x() * ratio, (self.height() - pos.y() - 1) * ratio

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.setFocus()
        self.activated.emit()
        self._drag_button = ev.button()
        self._drag_mods = ev.modifiers()
        self._drag_last = ev.position().toPoint()

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        self._drag_button = None

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802
        self.maximize_requested.emit()

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        pos = ev.position().toPoint()
        if self._drag_button is not None and self.state.volume is not None:
            dx, dy = pos.x() - self._drag_last.x(), pos.y() - self._drag_last.y()
            self._drag_last = pos
            self.drag(self._drag_button, dx, dy, self._drag_mods)
        self.emit_cursor_info(pos)

    def drag(self, button, dx: float, dy: float, modifiers=Qt.NoModifier) -> None:
        """Apply a mouse drag of ``(dx, dy)`` screen pixels (Qt: y down) with ``button``."""
        s = self.state
        if button == Qt.MiddleButton or (button == Qt.LeftButton and modifiers & Qt.ShiftModifier):
            mm = self.view.mm_per_pixel() * self.devicePixelRatioF()  # Qt moves in logical pixels
            s.pan_by(dx * mm, -dy * mm)
        elif button == Qt.LeftButton:
            s.drag_window(dx, dy)
        elif button == Qt.RightButton:
            s.zoom_by(1.01 ** (-dy))

    def emit_cursor_info(self, pos) -> None:
        if self.state.volume is None:
            return
        x, y = self._vtk_xy(pos)
        xyz = self.view.patient_at_display(x, y)
        value = self.state.volume.value_at_world(xyz, self.state.timepoint)
        unit = " HU" if (self.state.volume.modality or "").upper() == "CT" else ""
        val = f"{value:g}{unit}" if value is not None else "—"
        self.cursor_info.emit(f"{_tr('Patient (LPS)')}: {xyz[0]:.1f}, {xyz[1]:.1f}, {xyz[2]:.1f} mm   "
                              f"{_tr('Value')}: {val}")

    def wheelEvent(self, ev) -> None:  # noqa: N802
        steps = ev.angleDelta().y() / WHEEL_STEP
        if not steps:
            return
        if ev.modifiers() & Qt.ControlModifier:
            self.state.zoom_by(1.1 ** steps)
        elif ev.modifiers() & Qt.ShiftModifier:
            self.step_time(-1 if steps > 0 else 1)
        else:
            self.state.scroll(-int(round(steps)) or (-1 if steps > 0 else 1))

    # ---- keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, ev) -> None:  # noqa: N802
        if not self.handle_key(ev.key(), ev.modifiers(), ev.text()):
            ev.ignore()

    def keyReleaseEvent(self, ev) -> None:  # noqa: N802
        ev.ignore()

    def handle_key(self, key, modifiers=Qt.NoModifier, text: str = "") -> bool:
        s = self.state
        if key == Qt.Key_F1:
            self.help_requested.emit()
            return True
        if s.volume is None:
            return False
        n = max(1, s.slice_count)
        page = PAGE_SLICES
        shift = bool(modifiers & Qt.ShiftModifier)
        actions = {
            Qt.Key_Up: lambda: s.scroll(-1), Qt.Key_Left: lambda: s.scroll(-1),
            Qt.Key_Down: lambda: s.scroll(1), Qt.Key_Right: lambda: s.scroll(1),
            Qt.Key_PageUp: lambda: s.scroll(-page), Qt.Key_PageDown: lambda: s.scroll(page),
            Qt.Key_Home: lambda: s.set_slice(0), Qt.Key_End: lambda: s.set_slice(n - 1),
            Qt.Key_I: s.toggle_invert, Qt.Key_F: s.fit, Qt.Key_Escape: s.reset,
            Qt.Key_R: lambda: s.rotate90(clockwise=not shift),
            Qt.Key_H: s.flip_horizontal, Qt.Key_V: s.flip_vertical,
            Qt.Key_Plus: lambda: s.zoom_by(1.25), Qt.Key_Equal: lambda: s.zoom_by(1.25),
            Qt.Key_Minus: lambda: s.zoom_by(0.8),
            Qt.Key_Comma: lambda: self.step_time(-1), Qt.Key_Period: lambda: self.step_time(1),
            Qt.Key_N: self.cycle_interpolation, Qt.Key_Space: self.toggle_cine,
            Qt.Key_BracketLeft: lambda: self.set_cine_fps(self.cine.fps - 2),
            Qt.Key_BracketRight: lambda: self.set_cine_fps(self.cine.fps + 2),
        }
        if key in actions:
            actions[key]()
            return True
        if Qt.Key_1 <= key <= Qt.Key_9:
            return self.apply_preset_key(str(key - Qt.Key_0))
        return False

    def step_time(self, steps: int) -> None:
        """Next/previous time point of a 4D series (wraps)."""
        vol = self.state.volume
        if vol is not None and vol.is_4d:
            self.state.set_timepoint((self.state.timepoint + steps) % vol.n_timepoints)

    def apply_preset_key(self, key: str) -> bool:
        if self.state.volume is None:
            return False
        for p in presets_for(self.state.volume.modality, self.presets):
            if p.key == key:
                self.state.apply_preset(p)
                return True
        return False

    def cycle_interpolation(self) -> None:
        i = INTERPOLATIONS.index(self.state.interpolation)
        self.state.set_interpolation(INTERPOLATIONS[(i + 1) % len(INTERPOLATIONS)])

    # ---- cine --------------------------------------------------------------------------------
    def toggle_cine(self) -> None:
        if self._cine_timer.isActive():
            self.stop_cine()
        else:
            self._cine_timer.start(self.cine.interval_ms)

    def stop_cine(self) -> None:
        self._cine_timer.stop()

    def is_cine_running(self) -> bool:
        return self._cine_timer.isActive()

    def set_cine_fps(self, fps: int) -> None:
        self.cine.fps = fps
        if self._cine_timer.isActive():
            self._cine_timer.setInterval(self.cine.interval_ms)

    def _cine_tick(self) -> None:
        s = self.state
        if s.volume is None:
            return
        if s.volume.is_4d and s.slice_count <= 1:
            s.set_timepoint(self.cine.next_index(s.timepoint, s.volume.n_timepoints))
        else:
            s.set_slice(self.cine.next_index(s.slice_index, s.slice_count))

    # ---- drag & drop of series -------------------------------------------------------------
    def dragEnterEvent(self, ev) -> None:  # noqa: N802
        if ev.mimeData().hasFormat(SERIES_MIME):
            ev.acceptProposedAction()

    def dragMoveEvent(self, ev) -> None:  # noqa: N802
        if ev.mimeData().hasFormat(SERIES_MIME):
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:  # noqa: N802
        if ev.mimeData().hasFormat(SERIES_MIME):
            uid = bytes(ev.mimeData().data(SERIES_MIME)).decode("ascii")
            ev.acceptProposedAction()
            self.activated.emit()
            self.series_dropped.emit(uid)
