"""Cursor cross and reference lines drawn into another view's ``vtkRenderer`` (VTK only, no Qt).

Used on the 2D viewports of the grid (``viewer.render.ViewportRenderer``), whose world coordinates are
the plane's ``(u, v_up)`` with the camera on +z: marks are given in :class:`~viewer.geometry.planes.Plane`
coordinates (v down) and drawn at ``(u, -v, z_front)``. Lines are unit segments placed by their actor's
matrix, so moving them uploads no geometry.
"""
from __future__ import annotations

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersSources import vtkLineSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from viewer.mpr.reference_lines import Segment2D

LINE_COLORS = ((0.95, 0.3, 0.3), (0.95, 0.85, 0.3), (0.4, 0.85, 0.4), (0.4, 0.7, 1.0), (0.9, 0.5, 0.9))
CURSOR_COLOR = (0.3, 0.9, 1.0)
CURSOR_HALF_MM = 6.0


def unit_segment_actor(color=None, width: float = 1.5) -> vtkActor:
    """A line actor for the unit segment (0,0,0)-(1,0,0), placed by its user matrix (so moving it uploads no
    geometry). The source is kept on ``actor._source`` so the pipeline lives as long as the actor."""
    src = vtkLineSource()
    src.SetPoint1(0.0, 0.0, 0.0)
    src.SetPoint2(1.0, 0.0, 0.0)
    mapper = vtkPolyDataMapper()
    mapper.SetInputConnection(src.GetOutputPort())
    actor = vtkActor()
    actor.SetMapper(mapper)
    actor.SetUserMatrix(vtkMatrix4x4())
    actor.GetProperty().SetLineWidth(width)
    if color is not None:
        actor.GetProperty().SetColor(*color)
    actor._source = src
    return actor


class ViewportMarks:
    """The marks of one renderer. ``flip_v`` for renderers whose world y points up (the 2D viewport)."""

    def __init__(self, renderer, flip_v: bool = True, z_front: float = 1.0) -> None:
        self.renderer = renderer
        self.sign = -1.0 if flip_v else 1.0
        self.z = z_front
        self._actors: dict[str, vtkActor] = {}

    def _actor(self, key: str, color) -> vtkActor:
        if key not in self._actors:
            actor = unit_segment_actor()
            self.renderer.AddActor(actor)
            self._actors[key] = actor
        actor = self._actors[key]
        actor.GetProperty().SetColor(*color)
        return actor

    def _place(self, actor: vtkActor, seg: Segment2D) -> None:
        m = actor.GetUserMatrix()
        a, d = seg.start, seg.end - seg.start
        m.SetElement(0, 0, float(d[0]))
        m.SetElement(1, 0, self.sign * float(d[1]))
        m.SetElement(0, 3, float(a[0]))
        m.SetElement(1, 3, self.sign * float(a[1]))
        m.SetElement(2, 3, self.z)
        m.Modified()
        actor.Modified()
        actor.VisibilityOn()

    def set_marks(self, cursor, lines: dict) -> None:
        """``cursor``: (u, v) or None; ``lines``: key → Segment2D (keys pick a stable colour)."""
        wanted = set()
        if cursor is not None:
            u, v = cursor
            h = CURSOR_HALF_MM
            for key, seg in (("cursor_h", Segment2D(_pt(u - h, v), _pt(u + h, v))),
                             ("cursor_v", Segment2D(_pt(u, v - h), _pt(u, v + h)))):
                self._place(self._actor(key, CURSOR_COLOR), seg)
                wanted.add(key)
        for key, seg in lines.items():
            name = f"line_{key}"
            color = LINE_COLORS[key % len(LINE_COLORS)] if isinstance(key, int) else LINE_COLORS[0]
            self._place(self._actor(name, color), seg)
            wanted.add(name)
        for key, actor in self._actors.items():
            if key not in wanted:
                actor.VisibilityOff()

    def clear(self) -> None:
        for actor in self._actors.values():
            self.renderer.RemoveActor(actor)
        self._actors.clear()


def _pt(u: float, v: float) -> np.ndarray:
    return np.array([u, v], dtype=float)
