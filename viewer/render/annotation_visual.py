"""Adaptor of an :class:`~viewer.model.annotation_layer.AnnotationLayer`: the measurements lying in the
viewport's current plane as lines (one ``vtkPolyData``, coloured per measurement), their handles as points
and their values as texts, in the renderer's plane coordinates (u right, v up, mm from the plane origin,
the coordinates the image slice is drawn in). What to draw comes from ``viewer.model.annotation_layer.
drawables`` (tested without VTK); this only hands it to VTK. No Qt."""
from __future__ import annotations

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401  (text rendering backend)
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkPoints, vtkUnsignedCharArray
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTextActor

from viewer.model.annotation_layer import drawables
from viewer.render.image_visual import LAYER_Z_STEP

FONT_SIZE = 13


class AnnotationVisual:
    def __init__(self, renderer, layer) -> None:
        self.renderer = renderer
        self.layer = layer
        self._state = None
        self._z = 0.0
        self.lines = vtkPolyData()
        self.handles = vtkPolyData()
        self.line_actor = self._actor(self.lines, width=2.0)
        self.handle_actor = self._actor(self.handles, point=6.0)
        self.texts: list[vtkTextActor] = []

    def _actor(self, poly: vtkPolyData, width: float = 1.0, point: float = 1.0) -> vtkActor:
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(poly)
        mapper.SetScalarModeToUseCellData()
        actor = vtkActor()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.SetLineWidth(width)
        prop.SetPointSize(point)
        prop.LightingOff()
        self.renderer.AddActor(actor)
        return actor

    # ---- the adaptor protocol ----------------------------------------------------------------
    def update(self, state, changed: set[str]) -> None:
        self._state = state
        if changed & {"volume", "slice", "orientation", "camera"}:
            self._rebuild()

    def layer_changed(self, changed: set[str]) -> None:
        if changed & {"measurements", "visible", "opacity"}:
            self._rebuild()

    def set_order(self, order: int) -> None:
        self._z = LAYER_Z_STEP * order + LAYER_Z_STEP / 2
        for actor in (self.line_actor, self.handle_actor):
            actor.SetPosition(0.0, 0.0, self._z)
        for t in self.texts:
            c = t.GetPositionCoordinate().GetValue()
            t.GetPositionCoordinate().SetValue(c[0], c[1], self._z)

    def close(self) -> None:
        for actor in (self.line_actor, self.handle_actor, *self.texts):
            self.renderer.RemoveViewProp(actor)
        self.texts = []

    # ---- drawing -----------------------------------------------------------------------------
    def _rebuild(self) -> None:
        items = drawables(self.layer, self._state) if self._state is not None else []
        pts, lines, verts, line_rgb, vert_rgb = [], vtkCellArray(), vtkCellArray(), [], []
        for d in items:
            rgb = [int(255 * c) for c in d.color]
            for poly, closed in zip(d.lines + d.arrow_head, d.closed + [False] * len(d.arrow_head)):
                ids = list(range(len(pts), len(pts) + len(poly)))
                pts.extend(poly.tolist())
                if closed:
                    ids.append(ids[0])
                lines.InsertNextCell(len(ids), ids)
                line_rgb.append(rgb)
            for h in d.handles:
                verts.InsertNextCell(1, [len(pts)])
                pts.append(list(h))
                vert_rgb.append(rgb)
        self._fill(self.lines, pts, lines, line_rgb, as_lines=True)
        self._fill(self.handles, pts, verts, vert_rgb, as_lines=False)
        opacity = self.layer.opacity
        for actor in (self.line_actor, self.handle_actor):
            actor.GetProperty().SetOpacity(opacity)
            actor.SetVisibility(bool(items))
        self._texts([(d.text, d.anchor, d.color) for d in items if d.text])

    @staticmethod
    def _fill(poly: vtkPolyData, pts, cells: vtkCellArray, rgb, as_lines: bool) -> None:
        points = vtkPoints()
        arr = np.zeros((max(1, len(pts)), 3))
        if pts:
            arr[:, :2] = np.asarray(pts, float)
        points.SetData(numpy_to_vtk(arr, deep=True))
        poly.SetPoints(points)
        if as_lines:
            poly.SetLines(cells)
        else:
            poly.SetVerts(cells)
        colors = vtkUnsignedCharArray()
        colors.SetNumberOfComponents(3)
        for c in rgb:
            colors.InsertNextTuple3(*c)
        poly.GetCellData().SetScalars(colors)
        poly.Modified()

    def _texts(self, labels) -> None:
        while len(self.texts) < len(labels):
            t = vtkTextActor()
            t.GetPositionCoordinate().SetCoordinateSystemToWorld()
            prop = t.GetTextProperty()
            prop.SetFontSize(FONT_SIZE)
            prop.ShadowOn()
            prop.SetVerticalJustificationToCentered()
            self.renderer.AddViewProp(t)
            self.texts.append(t)
        for t, (text, (u, v), color) in zip(self.texts, labels):
            t.SetInput(text)
            t.GetTextProperty().SetColor(*color)
            t.GetPositionCoordinate().SetValue(u, v, self._z)
            t.SetVisibility(True)
        for t in self.texts[len(labels):]:
            t.SetVisibility(False)
