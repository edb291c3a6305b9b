"""``ViewportRenderer``: draws a ``ViewportState`` into a ``vtkRenderer`` and keeps it in sync.

The state's layers (``state.layers``: the image, then overlays) are drawn by one adaptor each, made
through ``viewer.render.layer_visuals`` (layer class → adaptor class); texts and camera are the
viewport's own.

The same object serves the interactive widget (``viewer.qt``) and the ``render`` command (an
off-screen ``vtkRenderWindow``), so a saved PNG is exactly what the viewport shows. No Qt.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from vtkmodules.vtkRenderingCore import vtkRenderer

from viewer.model.corner_text import corner_texts, fit_corner_texts, slice_text, view_text
from viewer.render.layer_visuals import make_visual
from viewer.render.overlays import Overlays

FIT_MARGIN = 1.02
#: multisample anti-aliasing of the render window: off. A 2D view draws screen-aligned textured
#: quads (the slice, the texts) where MSAA changes nothing visible, yet it multiplies the fill cost
#: (about 2.5x slower scrolling with Mesa's software GL); ``benchmarks/scroll.py`` uses the same
MULTISAMPLES = 0
#: every change a fresh adaptor has to catch up with
ALL_CHANGES = frozenset({"volume", "slice", "window", "camera", "orientation", "invert", "interpolation"})


class ViewportRenderer:
    """Observes a ``ViewportState``; ``render_window`` is re-rendered after each change unless
    ``auto_render`` is False (then call ``render()``)."""

    def __init__(self, state, render_window, tr: Callable[[str], str] = lambda s: s) -> None:
        self.state = state
        self.render_window = render_window
        self.tr = tr
        self.renderer = vtkRenderer()
        self.renderer.SetBackground(0.0, 0.0, 0.0)
        self.renderer.GetActiveCamera().ParallelProjectionOn()
        render_window.SetMultiSamples(MULTISAMPLES)
        render_window.AddRenderer(self.renderer)
        self.visuals: list = []  # one adaptor per layer of ``state.layers``, same order
        self._visual_of: dict[int, object] = {}
        self.overlays = Overlays(self.renderer)
        self.auto_render = True
        for layer in state.layers:
            self._add_visual(layer)
        state.layers.subscribe(self._on_layers)
        state.subscribe(self._on_change)
        if state.volume is not None:
            self._on_change(set(ALL_CHANGES))

    def close(self) -> None:
        """Stop observing the state and detach from the render window."""
        self.state.unsubscribe(self._on_change)
        self.state.layers.unsubscribe(self._on_layers)
        self.overlays.close()
        if self.render_window is not None:
            self.render_window.RemoveRenderer(self.renderer)

    # ---- layers ------------------------------------------------------------------------------
    def visual_of(self, layer):
        """The adaptor drawing ``layer``."""
        return self._visual_of[id(layer)]

    def _add_visual(self, layer) -> None:
        visual = make_visual(self.renderer, layer)
        self._visual_of[id(layer)] = visual
        self._reorder()
        if self.state.volume is not None and self.state.geometry is not None:
            visual.update(self.state, set(ALL_CHANGES))

    def _reorder(self) -> None:
        self.visuals = [self._visual_of[id(layer)] for layer in self.state.layers if id(layer) in self._visual_of]
        for order, visual in enumerate(self.visuals):
            visual.set_order(order)

    def _on_layers(self, event: str, layer, changed: set[str]) -> None:
        if event == "added":
            self._add_visual(layer)
        elif event == "removed":
            self._visual_of.pop(id(layer)).close()
            self._reorder()
        elif event == "moved":
            self._reorder()
        else:
            self.visual_of(layer).layer_changed(changed)
        if self.auto_render and self.render_window is not None and self.state.volume is not None:
            self.render()

    # ---- sync --------------------------------------------------------------------------------
    def _on_change(self, changed: set[str]) -> None:
        s = self.state
        if s.volume is None:
            return
        for visual in self.visuals:
            visual.update(s, changed)
        if changed & {"volume", "orientation"}:
            self.overlays.set_edge_labels(s.edge_labels())
        if changed & {"volume", "camera", "orientation"}:
            self.update_camera()
        self._update_texts(changed)
        if self.auto_render and self.render_window is not None:
            self.render()

    def _update_texts(self, changed: set[str]) -> None:
        """Re-make only the corner texts ``changed`` can have changed (a scroll step: one)."""
        s = self.state
        if changed & {"volume", "loading"}:
            self._set_texts(corner_texts(s, self.tr))
            return
        if changed & {"slice"}:
            self._set_texts({"bottom_left": slice_text(s, self.tr)})
        if changed & {"window", "camera"}:
            self._set_texts({"bottom_right": view_text(s, self.tr)})

    def _set_texts(self, texts: dict[str, str]) -> None:
        """Corner texts cut to the viewport's size (a small viewport drops the least important lines)."""
        w, h = self.viewport_size() if self.render_window is not None else (0, 0)
        self.overlays.set_corner_texts(fit_corner_texts(texts, w, h) if w >= 64 and h >= 64 else texts)

    def refresh_texts(self) -> None:
        """Re-make the corner texts (after a language change)."""
        if self.state.volume is not None:
            self._set_texts(corner_texts(self.state, self.tr))

    def render(self) -> None:
        self.render_window.Render()

    # ---- camera ------------------------------------------------------------------------------
    def viewport_size(self) -> tuple[int, int]:
        w, h = self.renderer.GetSize()
        if w <= 0 or h <= 0:
            w, h = self.render_window.GetSize()
        return max(1, w), max(1, h)

    def fit_scale(self) -> float:
        """Camera parallel scale (half the visible height in mm) that fits the whole slice."""
        g = self.state.geometry
        width = g.u_range[1] - g.u_range[0] + g.pixel_mm
        height = g.v_range[1] - g.v_range[0] + g.pixel_mm
        w, h = self.viewport_size()
        return FIT_MARGIN * max(height / 2.0, width / 2.0 * h / w)

    def mm_per_pixel(self) -> float:
        return 2.0 * self.renderer.GetActiveCamera().GetParallelScale() / self.viewport_size()[1]

    def update_camera(self) -> None:
        s = self.state
        if s.geometry is None:
            return
        g = s.geometry
        cu = (g.u_range[0] + g.u_range[1]) / 2.0 - s.pan[0]
        cv = (g.v_range[0] + g.v_range[1]) / 2.0 - s.pan[1]
        cam = self.renderer.GetActiveCamera()
        cam.SetFocalPoint(cu, cv, 0.0)
        cam.SetPosition(cu, cv, 1000.0)
        cam.SetViewUp(0.0, 1.0, 0.0)
        cam.SetParallelScale(self.fit_scale() / s.zoom)
        self.renderer.ResetCameraClippingRange(-1, 1, -1, 1, -1, 1)

    # ---- picking -----------------------------------------------------------------------------
    def display_to_plane(self, x: float, y: float) -> tuple[float, float]:
        """In-plane ``(u, v)`` mm of a display pixel (VTK display coords: origin bottom-left)."""
        r = self.renderer
        r.SetDisplayPoint(float(x), float(y), 0.0)
        r.DisplayToWorld()
        wx, wy, _wz, ww = r.GetWorldPoint()
        if ww:
            wx, wy = wx / ww, wy / ww
        return wx, wy

    def plane_to_display(self, u: float, v: float) -> tuple[float, float]:
        r = self.renderer
        r.SetWorldPoint(float(u), float(v), 0.0, 1.0)
        r.WorldToDisplay()
        x, y, _ = r.GetDisplayPoint()
        return x, y

    def patient_at_display(self, x: float, y: float) -> np.ndarray:
        """LPS mm under a display pixel on the current slice."""
        u, v = self.display_to_plane(x, y)
        return self.state.screen_to_patient(u, v)

    def display_of_patient(self, xyz) -> tuple[float, float]:
        """Display pixel (origin bottom-left) of an LPS point projected on the current slice."""
        u, v, _ = self.state.patient_to_screen(xyz)
        return self.plane_to_display(u, v)
