"""``AnnotationLayer``: the measurements and annotations drawn over a viewport, as a layer of its
``LayerStack`` (no Qt, no VTK). It shows a :class:`viewer.measure.history.MeasurementSet` (one set may be
shared by every viewport of a study) and draws each measurement whose points lie within half a slice of
the viewport's current plane, whatever that plane's orientation (native, oblique, MPR), in the same frame
of reference. :func:`drawables` says what to draw in the renderer's plane coordinates (u right, v up, mm
from the plane origin); the VTK adaptor (``viewer.render.annotation_visual``) only draws it."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.geometry.planes import Plane
from viewer.measure.history import MeasurementSet
from viewer.measure.measurement import Measurement
from viewer.measure.plane_math import ellipse_outline_uv
from viewer.model.layers import Layer

#: RGB 0..1 of a measurement, of the selected one, of a lesion (RANO) measurement
COLOR = (1.0, 0.85, 0.2)
SELECTED = (0.3, 1.0, 0.4)
LESION = (1.0, 0.45, 0.2)


@dataclass
class Drawable:
    mid: str
    lines: list[np.ndarray]  # each (n, 2) in (u, v up) mm
    closed: list[bool]
    text: str
    anchor: tuple[float, float]
    handles: np.ndarray  # (n, 2) editable points
    color: tuple[float, float, float]
    arrow_head: list[np.ndarray] = field(default_factory=list)


class AnnotationLayer(Layer):
    def __init__(self, measurements: MeasurementSet | None = None, name: str = "annotations", **kw) -> None:
        super().__init__(None, name, **kw)
        self.measurements = measurements if measurements is not None else MeasurementSet()
        self.selected: str | None = None
        self.preview: Measurement | None = None  # being drawn or dragged (not in the set yet)
        self.show_values = True
        self.measurements.subscribe(self._set_changed)

    def _set_changed(self, event: str, m: Measurement) -> None:
        if event == "removed" and m.id == self.selected:
            self.selected = None
        self._notify("measurements")

    def set_measurements(self, measurements: MeasurementSet) -> None:
        self.measurements.unsubscribe(self._set_changed)
        self.measurements = measurements
        measurements.subscribe(self._set_changed)
        self.selected = None
        self._notify("measurements")

    def set_preview(self, m: Measurement | None) -> None:
        self.preview = m
        self._notify("measurements")

    def select(self, mid: str | None) -> None:
        self.selected = mid
        self._notify("measurements")

    def close(self) -> None:
        self.measurements.unsubscribe(self._set_changed)


def view_plane(state) -> Plane | None:
    """The plane a ``ViewportState`` shows now (origin = the reslice origin, screen right and down)."""
    if state.volume is None or state.basis is None:
        return None
    return Plane(state.plane_origin(), state.basis.right, state.basis.down)


def half_thickness(state) -> float:
    return float(state.geometry.step) / 2.0 if state.geometry is not None else 0.5


def value_text(m: Measurement) -> str:
    v = m.values
    unit = f" {m.value_unit}" if m.value_unit else ""
    name = m.lesion or m.label
    if m.kind == "length":
        text = f"{v['length_mm']:.1f} mm"
    elif m.kind == "angle":
        text = f"{v['angle_deg']:.1f}°"
    elif m.kind == "bidimensional":
        text = f"{v['long_mm']:.1f} × {v['short_mm']:.1f} mm"
    elif m.kind in ("ellipse", "polygon"):
        text = f"{v.get('area_mm2', 0):.1f} mm²"
        if "mean" in v:
            text += f"\n{v['mean']:.1f} ± {v['sd']:.1f}{unit}"
    else:
        text = ""
    return "\n".join(x for x in (name, text) if x)


def drawables(layer: AnnotationLayer, state) -> list[Drawable]:
    """What ``layer`` draws on ``state``'s current slice: measurements of the volume's frame of reference
    (or with none) lying in the plane (within half a slice)."""
    plane = view_plane(state)
    if plane is None or not layer.visible:
        return []
    frame = getattr(state.volume, "frame_of_reference_uid", "")
    out = []
    shown = layer.measurements.visible_on(plane, half_thickness(state))
    if layer.preview is not None:
        shown = [m for m in shown if m.id != layer.preview.id] + [layer.preview]
    for m in shown:
        if frame and m.frame_of_reference_uid and m.frame_of_reference_uid != frame:
            continue
        out.append(_drawable(m, plane, layer.selected == m.id, layer.show_values))
    return out


def _drawable(m: Measurement, plane: Plane, selected: bool, show_values: bool) -> Drawable:
    uvw = plane.to_plane(m.lps)
    uv = np.stack([uvw[:, 0], -uvw[:, 1]], axis=-1)  # screen down -> renderer up
    lines, closed, head = [], [], []
    if m.kind in ("length", "angle"):
        lines, closed = [uv], [False]
    elif m.kind == "arrow":
        lines, closed = [uv], [False]
        tip, tail = uv[0], uv[1]
        d = tail - tip
        n = np.linalg.norm(d)
        if n > 1e-6:
            d = d / n * min(4.0, n / 3)
            p = np.array([-d[1], d[0]]) * 0.6
            head = [np.array([tip + d + p, tip, tip + d - p])]
    elif m.kind == "bidimensional":
        lines, closed = [uv[0:2], uv[2:4]], [False, False]
    elif m.kind == "polygon":
        lines, closed = [uv], [True]
    elif m.kind == "ellipse":
        outline = ellipse_outline_uv(plane, m.lps, n=96)
        lines, closed = [np.stack([outline[:, 0], -outline[:, 1]], axis=-1)], [True]
    elif m.kind == "point":
        c = uv[0]
        lines = [np.array([c + (-2, 0), c + (2, 0)]), np.array([c + (0, -2), c + (0, 2)])]
        closed = [False, False]
    text = value_text(m) if show_values else (m.lesion or m.label)
    anchor = tuple(uv.max(axis=0) + (2.0, 0.0)) if len(uv) else (0.0, 0.0)
    color = SELECTED if selected else (LESION if m.lesion else COLOR)
    return Drawable(m.id, lines, closed, text, (float(anchor[0]), float(anchor[1])), uv, color, head)
