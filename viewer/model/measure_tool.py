"""``MeasureTool``: pointer input of a viewport turned into measurements, without Qt. The widget hands it
LPS points on the viewport's current plane (``ViewportRenderer.patient_at_display``); it draws the shape
being made as the layer's preview, adds the finished measurement to the set (one undo step), and drags
the handles of an existing one (a RANO bidimensional keeps its perpendicular while an end moves).

Tools: ``length``, ``arrow``, ``bidimensional`` (drag the long axis; the short axis starts perpendicular
at its middle, half as long), ``ellipse`` (drag a box), ``polygon`` (freehand: drag around), ``point``
(click), ``angle`` (drag the first arm to the vertex, then click the end of the second arm), and
``select`` (the default: pick and drag handles, ``delete_selected``)."""
from __future__ import annotations

import numpy as np

from viewer.measure.bidimensional import Bidimensional
from viewer.measure.measurement import Measurement, measure
from viewer.measure.plane_math import ellipse_from_box
from viewer.model.annotation_layer import AnnotationLayer, drawables, view_plane

TOOLS = ("select", "length", "angle", "ellipse", "polygon", "point", "arrow", "bidimensional")
MIN_SIZE_MM = 1.0
FREEHAND_STEP_MM = 0.7


class MeasureTool:
    def __init__(self, layer: AnnotationLayer, state, tool: str = "select") -> None:
        self.layer = layer
        self.state = state
        self.tool = "select"
        self.handle_tolerance_mm = 3.0  # the widget sets it from the zoom (a few screen pixels)
        self.label = ""  # text of the next point/arrow
        self.lesion = ""  # lesion name of the next bidimensional
        self._points: list[np.ndarray] = []
        self._drag: tuple[Measurement, int] | None = None
        self._angle_arm: list[np.ndarray] | None = None
        self.set_tool(tool)

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}; expected one of {TOOLS}")
        self.tool = tool
        self.cancel()

    def cancel(self) -> None:
        self._points, self._drag, self._angle_arm = [], None, None
        if self.layer.preview is not None:
            self.layer.set_preview(None)

    @property
    def busy(self) -> bool:
        return bool(self._points or self._drag or self._angle_arm)

    # ---- events (LPS points on the current plane) --------------------------------------------
    def press(self, xyz) -> bool:
        """True when the tool takes the press (else the viewport's own drag: window, pan, zoom)."""
        if self.state.volume is None:
            return False
        p = np.asarray(xyz, float)
        hit = self.pick(p)
        if hit is not None and (self.tool == "select" or not self.busy):
            self.layer.select(hit[0].id)
            self._drag = hit
            return True
        if self.tool == "select":
            if self.layer.selected is not None:
                self.layer.select(None)
            return False
        if self.tool == "angle" and self._angle_arm is not None:
            self._finish(self._angle_arm + [p])
            return True
        self._points = [p, p.copy()]
        self._preview()
        return True

    def move(self, xyz) -> bool:
        p = np.asarray(xyz, float)
        if self._drag is not None:
            m, index = self._drag
            self.layer.set_preview(self._edited(m, index, p))
            return True
        if not self._points:
            if self._angle_arm is not None:
                self._preview(self._angle_arm + [p])
                return True
            return False
        if self.tool == "polygon":
            if np.linalg.norm(p - self._points[-1]) >= FREEHAND_STEP_MM:
                self._points.append(p)
        else:
            self._points[-1] = p
        self._preview()
        return True

    def release(self, xyz) -> bool:
        p = np.asarray(xyz, float)
        if self._drag is not None:
            m, index = self._drag
            self._drag = None
            edited = self._edited(m, index, p)
            self.layer.set_preview(None)
            if edited is not None:
                self.layer.measurements.edit(edited)
            return True
        if not self._points:
            return self._angle_arm is not None
        self.move(p)  # the release point is the shape's last point
        pts, self._points = self._points, []
        if self.tool == "point":
            self._finish([pts[0]])
        elif self.tool == "angle":
            if np.linalg.norm(pts[-1] - pts[0]) < MIN_SIZE_MM:
                self.cancel()
            else:
                self._angle_arm = [pts[0], pts[-1]]
        elif self.tool == "polygon":
            self._finish(pts if len(pts) >= 3 else None)
        else:
            self._finish(pts if np.linalg.norm(pts[-1] - pts[0]) >= MIN_SIZE_MM else None)
        return True

    def delete_selected(self) -> bool:
        mid = self.layer.selected
        if mid is None or mid not in self.layer.measurements:
            return False
        self.layer.measurements.delete(mid)
        return True

    # ---- helpers -----------------------------------------------------------------------------
    def pick(self, xyz) -> tuple[Measurement, int] | None:
        """The measurement handle nearest ``xyz`` within the tolerance, as ``(measurement, index)``."""
        best, best_d = None, self.handle_tolerance_mm
        p = np.asarray(xyz, float)
        for d in drawables(self.layer, self.state):
            if d.mid not in self.layer.measurements:
                continue
            m = self.layer.measurements.get(d.mid)
            dist = np.linalg.norm(m.lps - p, axis=1)
            i = int(np.argmin(dist))
            if dist[i] <= best_d:
                best, best_d = (m, i), float(dist[i])
        return best

    def _shape(self, pts) -> tuple[str, list] | None:
        pts = [np.asarray(x, float) for x in pts]
        kind = self.tool
        if kind == "ellipse":
            plane = view_plane(self.state)
            (u0, v0), (u1, v1) = (plane.to_plane(pts[0])[:2], plane.to_plane(pts[-1])[:2])
            if abs(u1 - u0) < MIN_SIZE_MM or abs(v1 - v0) < MIN_SIZE_MM:
                return None
            return kind, list(ellipse_from_box(plane, u0, v0, u1, v1))
        if kind == "bidimensional":
            a, b = pts[0], pts[-1]
            if np.linalg.norm(b - a) < MIN_SIZE_MM:
                return None
            perp = np.cross(self.state.basis.normal, b - a) / 4.0
            mid = (a + b) / 2
            return kind, [a, b, mid - perp, mid + perp]
        if kind in ("length", "arrow"):
            return kind, [pts[0], pts[-1]]
        if kind == "angle":
            return (kind, pts[:3]) if len(pts) >= 3 else ("length", pts[:2])
        if kind == "polygon":
            return (kind, pts) if len(pts) >= 3 else None
        if kind == "point":
            return kind, pts[:1]
        return None

    def _new(self, pts) -> Measurement | None:
        shape = self._shape(pts)
        if shape is None:
            return None
        kind, points = shape
        extra = {"label": self.label} if kind in ("point", "arrow") else {}
        if kind in ("bidimensional", "ellipse", "polygon") and self.lesion:  # ROIs of a lesion: its contour stack
            extra["lesion"] = self.lesion
        try:
            return measure(kind, points, self.state.basis.normal, self.state.volume, **extra)
        except ValueError:
            return None

    def _preview(self, pts=None) -> None:
        m = self._new(pts if pts is not None else self._points)
        self.layer.set_preview(m)

    def _finish(self, pts) -> None:
        self._angle_arm = None
        m = self._new(pts) if pts is not None else None
        self.layer.set_preview(None)
        if m is not None:
            self.layer.measurements.add(m)
            self.layer.select(m.id)

    def _edited(self, m: Measurement, index: int, p: np.ndarray) -> Measurement | None:
        if m.kind == "bidimensional":
            points = Bidimensional.from_points(m.points, m.normal).drag(index, p).points
        else:
            points = m.lps.copy()
            plane_p = p - np.dot(p - points[index], m.normal) * np.asarray(m.normal)  # stay in its plane
            points[index] = plane_p
        try:
            edited = Measurement.from_dict({**m.to_dict(), "points": np.asarray(points).tolist()})
            volume = self.state.volume
            same_frame = not m.frame_of_reference_uid or m.frame_of_reference_uid == volume.frame_of_reference_uid
            if same_frame:
                edited.references = edited.references_in(volume)
            return edited.computed(volume if same_frame else None)
        except ValueError:
            return None
