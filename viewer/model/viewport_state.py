"""``ViewportState``: everything a 2D viewport shows, as a plain observable object.

The widget (``viewer.qt``) and the renderer (``viewer.render``) only read it; user actions call its
methods; each change notifies subscribers with the set of changed field names. No Qt, no VTK.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from viewer.geometry.planes import PlaneBasis, plane_basis, plane_to_world, transform_basis, view_name
from viewer.geometry.slicing import SliceGeometry, slice_geometry
from viewer.model.layers import ImageLayer, LayerStack
from viewer.model.patient_geometry import has_patient_geometry
from viewer.model.windowing import Preset, Window, default_window, drag_window, resolve_preset
from viewer.model.observable import FieldObservable

INTERPOLATIONS = ("nearest", "linear", "cubic")
MIN_ZOOM, MAX_ZOOM = 0.05, 40.0

Listener = Callable[[set[str]], None]


class ViewportState(FieldObservable):
    """Series, slice, window/level, zoom, pan, rotate/flip, invert and interpolation of one viewport.

    ``zoom`` 1.0 means "fit the whole slice in the viewport"; ``pan`` is the screen-plane offset of
    the view centre in mm (``(right, up)``)."""

    def __init__(self) -> None:
        self.volume = None
        self.plane = "native"
        self.slice_index = 0
        self.timepoint = 0
        self.window = Window(400, 40)
        self.zoom = 1.0
        self.pan = (0.0, 0.0)
        self.quarter_turns = 0
        self.flip_h = False
        self.flip_v = False
        self.invert = False
        self.interpolation = "linear"
        self.loaded_fraction = 1.0  # < 1 while the series streams in
        #: what the viewport draws, bottom to top; layer 0 is the series (an ``ImageLayer``), set by
        #: ``set_volume``; overlays (``LabelLayer`` …) are added with ``layers.add(...)``
        self.layers = LayerStack()
        self._listeners: list[Listener] = []
        self._base: PlaneBasis | None = None
        self._basis: PlaneBasis | None = None
        self._geometry: SliceGeometry | None = None
        self._value_range = 1000.0

    # ---- derived geometry --------------------------------------------------------------------
    @property
    def basis(self) -> PlaneBasis | None:
        return self._basis

    @property
    def geometry(self) -> SliceGeometry | None:
        return self._geometry

    @property
    def slice_count(self) -> int:
        return self._geometry.count if self._geometry else 0

    def edge_labels(self) -> dict[str, str]:
        """The A/P/R/L/S/I letters of the four edges; none for a series without patient geometry."""
        if self._basis is None or not has_patient_geometry(self.volume):
            return {"left": "", "right": "", "top": "", "bottom": ""}
        return self._basis.labels()

    def view_name(self) -> str:
        return view_name(self.volume.direction, self.plane) if self.volume is not None else ""

    def plane_origin(self) -> np.ndarray:
        """LPS point of the current slice at the volume centre's projection (the reslice origin)."""
        return self._geometry.plane_point(self.slice_index, self._basis.normal)

    def slice_position_mm(self) -> float:
        """Position of the current slice along the view normal (mm)."""
        return self._geometry.offset(self.slice_index) if self._geometry else 0.0

    def screen_to_patient(self, u: float, v: float) -> np.ndarray:
        """LPS of the in-plane point ``(u, v)`` mm from the plane origin (u right, v up)."""
        return plane_to_world(self._basis, self.plane_origin(), u, v)

    def patient_to_screen(self, xyz) -> tuple[float, float, float]:
        """``(u, v, distance)`` of an LPS point: in-plane mm from the plane origin and distance from
        the current slice along the normal."""
        d = np.asarray(xyz, dtype=float) - self.plane_origin()
        return float(d @ self._basis.right), float(d @ self._basis.up), float(d @ self._basis.normal)

    def _recompute(self) -> None:
        if self.volume is None:
            self._base = self._basis = self._geometry = None
            return
        self._base = plane_basis(self.volume.direction, self.plane)
        self._basis = transform_basis(self._base, self.quarter_turns, self.flip_h, self.flip_v)
        self._geometry = slice_geometry(self.volume.affine, self.volume.shape_ijk, self._basis)

    # ---- series ------------------------------------------------------------------------------
    def set_volume(self, volume, plane: str = "native", keep_view: bool = False) -> None:
        """Show ``volume`` (a ``viewer.geometry.Volume``): middle slice, default window, fitted.
        ``keep_view`` keeps slice, window, zoom, pan and rotation (the full volume replacing the
        first image while a series streams in)."""
        self.volume = volume
        self.plane = plane
        self._set_image_layer(volume)
        if not keep_view:
            self.quarter_turns, self.flip_h, self.flip_v = 0, False, False
            self.zoom, self.pan = 1.0, (0.0, 0.0)
            self.invert = bool(getattr(volume, "monochrome1", False))
            self.timepoint = 0
        previous_slice = self.slice_index
        self._recompute()
        frame = volume.frame(0)
        sample = frame[:: max(1, frame.shape[0] // 16)]
        self._value_range = float(np.ptp(sample)) or 1.0
        if keep_view:
            self.slice_index = max(0, min(self.slice_count - 1, previous_slice))
        else:
            self.window = default_window(volume)
            self.slice_index = self.slice_count // 2
        self._notify("volume", "slice", "window", "camera", "orientation", "invert")

    def _set_image_layer(self, volume) -> None:
        """Layer 0 shows ``volume``; its renderer follows the "volume" change this state announces."""
        if len(self.layers) and isinstance(self.layers[0], ImageLayer):
            self.layers[0].volume = volume  # (announced with the state's own "volume" change)
        else:
            self.layers.add(ImageLayer(volume), 0)

    def set_plane(self, plane: str) -> None:
        self.plane = plane
        self._recompute()
        self.slice_index = self.slice_count // 2
        self._notify("slice", "camera", "orientation")

    # ---- slices ------------------------------------------------------------------------------
    def set_slice(self, index: int) -> None:
        if self._geometry is None:
            return
        index = max(0, min(self.slice_count - 1, int(index)))
        if index != self.slice_index:
            self.slice_index = index
            self._notify("slice")

    def scroll(self, steps: int) -> None:
        """Move ``steps`` slices along the view normal (positive = towards ``normal``)."""
        self.set_slice(self.slice_index + steps)

    def go_to_position(self, offset_mm: float) -> None:
        if self._geometry is not None:
            self.set_slice(self._geometry.index_of(offset_mm))

    def go_to_point(self, xyz) -> None:
        """Show the slice through the LPS point ``xyz``."""
        if self._basis is not None:
            self.go_to_position(float(np.dot(np.asarray(xyz, float), self._basis.normal)))

    def set_timepoint(self, t: int) -> None:
        if self.volume is not None and 0 <= t < self.volume.n_timepoints and t != self.timepoint:
            self.timepoint = t
            self._notify("slice")

    # ---- window ------------------------------------------------------------------------------
    def set_window(self, window: Window) -> None:
        self.window = window
        self._notify("window")

    def drag_window(self, dx: float, dy: float) -> None:
        self.set_window(drag_window(self.window, dx, dy, self._value_range))

    def apply_preset(self, preset: Preset) -> None:
        if self.volume is not None:
            self.set_window(resolve_preset(preset, self.volume))

    def toggle_invert(self) -> None:
        self.invert = not self.invert
        self._notify("invert")

    def set_interpolation(self, mode: str) -> None:
        if mode not in INTERPOLATIONS:
            raise ValueError(f"interpolation must be one of {INTERPOLATIONS}")
        self.interpolation = mode
        self._notify("interpolation")

    # ---- camera ------------------------------------------------------------------------------
    def zoom_by(self, factor: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom * factor))
        self._notify("camera")

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._notify("camera")

    def pan_by(self, du_mm: float, dv_mm: float) -> None:
        self.pan = (self.pan[0] + du_mm, self.pan[1] + dv_mm)
        self._notify("camera")

    def fit(self) -> None:
        self.zoom, self.pan = 1.0, (0.0, 0.0)
        self._notify("camera")

    def rotate90(self, clockwise: bool = True) -> None:
        self.quarter_turns = (self.quarter_turns + (1 if clockwise else 3)) % 4
        self._recompute()
        self._notify("orientation", "camera")

    def flip_horizontal(self) -> None:
        self.flip_h = not self.flip_h
        self._recompute()
        self._notify("orientation", "camera")

    def flip_vertical(self) -> None:
        self.flip_v = not self.flip_v
        self._recompute()
        self._notify("orientation", "camera")

    def reset(self) -> None:
        """Back to what opening the series showed (slice kept)."""
        if self.volume is None:
            return
        k = self.slice_index
        self.quarter_turns, self.flip_h, self.flip_v = 0, False, False
        self.zoom, self.pan = 1.0, (0.0, 0.0)
        self.invert = bool(getattr(self.volume, "monochrome1", False))
        self.window = default_window(self.volume)
        self._recompute()
        self.slice_index = max(0, min(self.slice_count - 1, k))
        self._notify("window", "camera", "orientation", "invert", "slice")

    def set_loaded_fraction(self, fraction: float) -> None:
        self.loaded_fraction = fraction
        self._notify("loading")
