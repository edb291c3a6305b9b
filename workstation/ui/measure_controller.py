"""``MeasureController``: the measurement tools on the viewport grid (thin Qt). Each viewport showing a series
gets an ``AnnotationLayer`` on its layer stack bound to its study's ``MeasurementSet`` (``StudySets``: one set
per study, saved to the archive on every change), and a ``MeasureTool``; an event filter on the viewport
turns left-button presses, drags and releases into LPS points on its current plane for the tool (a press the
tool does not take, e.g. on empty image with the Select tool, still goes to window/level). All the logic is
in ``viewer.model.measure_tool`` and ``viewer.measure`` (tested without Qt)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal

from viewer.model.annotation_layer import AnnotationLayer
from viewer.model.measure_tool import MeasureTool

HANDLE_PIXELS = 6


class MeasureController(QObject):
    changed = Signal()  # measurements, selection or the active study changed

    def __init__(self, grid, sets, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.sets = sets
        self.tool_name = "select"
        self.label = ""
        self.lesion = ""
        self._tools: dict[int, MeasureTool] = {}  # id(viewport) -> its tool
        self._filtered: set[int] = set()
        self._grabbed = None
        self._watched: set[int] = set()  # sets whose changes redraw the viewports
        grid.active_changed.connect(lambda _i: self.ensure())
        grid.layout_changed.connect(lambda _n: self.ensure())

    # ---- layers ------------------------------------------------------------------------------
    def ensure(self) -> None:
        """Every viewport with a series has its annotation layer on its study's set."""
        for vp in self.grid.viewports:
            if id(vp) not in self._filtered:
                vp.installEventFilter(self)
                vp.state.subscribe(lambda changed, vp=vp: "volume" in changed and self._bind(vp))
                self._filtered.add(id(vp))
            self._bind(vp)
        self.changed.emit()

    def _bind(self, vp) -> None:
        vol = vp.state.volume
        if vol is None or not vol.study_instance_uid:
            return
        mset = self.sets.of(vol.study_instance_uid, vol.metadata.get("patient_id", ""))
        layer = self.layer_of(vp)
        if layer is None:
            layer = vp.state.layers.add(AnnotationLayer(mset))
        elif layer.measurements is not mset:
            layer.set_measurements(mset)
        if id(mset) not in self._watched:
            self._watched.add(id(mset))
            mset.subscribe(lambda _e, _m: self._redraw())
        tool = self._tools.get(id(vp))
        if tool is None or tool.layer is not layer:
            self._tools[id(vp)] = MeasureTool(layer, vp.state, self.tool_name)

    @staticmethod
    def layer_of(vp) -> AnnotationLayer | None:
        return next((layer for layer in vp.state.layers if isinstance(layer, AnnotationLayer)), None)

    def current_set(self):
        layer = self.layer_of(self.grid.active_viewport())
        return layer.measurements if layer is not None else None

    def active_volume(self):
        return self.grid.active_viewport().state.volume

    # ---- tools -------------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        self.tool_name = name
        for tool in self._tools.values():
            tool.set_tool(name)

    def set_annotation_text(self, label: str = "", lesion: str = "") -> None:
        self.label, self.lesion = label, lesion

    def undo(self) -> None:
        s = self.current_set()
        if s is not None:
            s.undo()

    def redo(self) -> None:
        s = self.current_set()
        if s is not None:
            s.redo()

    def delete_selected(self) -> bool:
        tool = self._tools.get(id(self.grid.active_viewport()))
        return bool(tool and tool.delete_selected())

    def _redraw(self) -> None:
        for vp in self.grid.viewports:
            vp.render_now()
        self.changed.emit()

    # ---- input -------------------------------------------------------------------------------
    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        kind = ev.type()
        if kind == QEvent.KeyPress and ev.key() in (Qt.Key_Delete, Qt.Key_Backspace):
            return self.delete_selected()
        if kind not in (QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.MouseButtonRelease):
            return False
        tool = self._tools.get(id(obj))
        if tool is None or obj.state.volume is None:
            return False
        if kind == QEvent.MouseButtonPress and (ev.button() != Qt.LeftButton or ev.modifiers() & Qt.ShiftModifier):
            return False
        if kind != QEvent.MouseButtonPress and self._grabbed is not obj and not tool.busy:
            return False
        tool.label, tool.lesion = self.label, self.lesion
        x, y = obj._vtk_xy(ev.position().toPoint())
        xyz = obj.view.patient_at_display(x, y)
        tool.handle_tolerance_mm = obj.view.mm_per_pixel() * HANDLE_PIXELS
        if kind == QEvent.MouseButtonPress:
            taken = tool.press(xyz)
            self._grabbed = obj if taken else None
            if taken:
                obj.setFocus()
                obj.activated.emit()
        elif kind == QEvent.MouseMove:
            taken = tool.move(xyz)
            if not taken:
                return False
            obj.emit_cursor_info(ev.position().toPoint())
        else:
            taken = tool.release(xyz)
            self._grabbed = None
        obj.render_now()
        if kind != QEvent.MouseMove:
            self.changed.emit()
        return bool(taken)
