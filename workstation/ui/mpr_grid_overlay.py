"""3D cursor and reference lines on the grid's 2D viewports, added from outside their widget:
Shift + move (no button) over a viewport sets the cursor; every linked viewport jumps to the slice
through it (``ViewportLinker``), shows it as a small cyan cross, and shows where the other viewports'
planes cut it. Geometry: ``viewer.mpr.viewport_links``; drawing: ``viewer.render.marks``.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal

from viewer.render.marks import ViewportMarks
from viewer.mpr.viewport_links import ViewportLinker, viewport_marks


class GridCursorOverlay(QObject):
    """Signal ``point_set(ndarray LPS, Volume)`` when the user sets the cursor in a grid viewport."""

    point_set = Signal(object, object)

    def __init__(self, grid, linker: ViewportLinker, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.linker = linker
        self.enabled = False
        self._viewports: list = []
        self._marks: dict[int, ViewportMarks] = {}
        self._updating = False
        self._pending = False

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if on:
            self._viewports = list(self.grid.viewports)
            for vp in self._viewports:
                vp.installEventFilter(self)
                vp.state.subscribe(self._on_state_change)
            self.update_marks()
        else:
            for vp in self._viewports:
                vp.removeEventFilter(self)
                vp.state.unsubscribe(self._on_state_change)
                marks = self._marks.pop(id(vp), None)
                if marks is not None:
                    marks.clear()
                vp.render_now()
            self._viewports = []

    def _on_state_change(self, changed: set[str]) -> None:
        # several viewports change together (sync scroll): redraw the marks once, after all of them
        if changed & {"slice", "volume", "orientation"} and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._flush)  # dropped if the overlay is gone

    def _flush(self) -> None:
        self._pending = False
        self.update_marks()

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        if (ev.type() == QEvent.MouseMove and ev.buttons() == Qt.NoButton
                and ev.modifiers() & Qt.ShiftModifier and obj in self._viewports):
            self.set_from_viewport(obj, ev.position())
        return False  # the viewport still gets the event

    def set_from_viewport(self, viewport, pos) -> None:
        """Set the cursor at widget position ``pos`` (logical pixels) of a grid viewport."""
        state = viewport.state
        if state.volume is None:
            return
        ratio = viewport.devicePixelRatioF()
        point = viewport.view.patient_at_display(pos.x() * ratio, (viewport.height() - pos.y() - 1) * ratio)
        self.linker.set_point(point, state.volume, exclude=state)
        self.update_marks()
        self.point_set.emit(point, state.volume)

    def update_marks(self) -> None:
        """Redraw the cursor cross and reference lines in every viewport."""
        if self._updating or not self.enabled:
            return
        self._updating = True
        try:
            states = [vp.state for vp in self._viewports]
            marks = viewport_marks(states, self.linker.links, self.linker.point, self.linker.point_volume)
            for vp, m in zip(self._viewports, marks):
                if vp.state.volume is None:
                    continue
                drawer = self._marks.setdefault(id(vp), ViewportMarks(vp.view.renderer))
                drawer.set_marks(m["cursor"], m["lines"])
                vp.render_now()
        finally:
            self._updating = False
