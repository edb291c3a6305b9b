"""One MPR view drawn into a ``vtkRenderer`` (VTK only, no Qt): the resliced image, the reference lines
of the other views, orientation letters and a corner text. The Qt widget (``viewer.qt.mpr_view``) and the
benchmark use it; an off-screen ``vtkRenderWindow`` can use it too.

World coordinates of the renderer are the view's plane coordinates ``(u, v)`` in mm; the camera looks
along +z with view-up (0, -1, 0), so u grows to the screen's right and v downwards, as on the plane.
The view plane's origin is the volume centre projected on the plane, so moving the crosshair within a
plane never moves the image on the screen.
"""
from __future__ import annotations

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401  (text rendering)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL backend)
from vtkmodules.vtkFiltersSources import vtkLineSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkImageActor, vtkRenderer, vtkTextActor

from viewer.geometry.orientation import edge_labels
from viewer.render.overlays import font_file
from viewer.geometry.planes import Plane
from viewer.mpr.reference_lines import Segment2D, reference_lines, volume_box_corners
from viewer.render.marks import unit_segment_actor
from viewer.render.mpr_reslice import MprReslice
from viewer.mpr.slab import PlaneGrid

#: colours of the views and of their reference lines elsewhere (3D Slicer's convention)
VIEW_COLORS = {"axial": (0.95, 0.3, 0.3), "sagittal": (0.95, 0.85, 0.3), "coronal": (0.4, 0.85, 0.4),
               "acquired": (0.4, 0.7, 1.0), "prior": (0.4, 0.7, 1.0), "cursor": (0.3, 0.9, 1.0)}
MAX_OUTPUT_PIXELS = 640  # cap on the reslice output's larger side
FIT_MARGIN = 1.02


def default_window(volume) -> tuple[float, float]:
    """(center, width): the file's VOI, else the 1st..99.5th percentile of a sample of voxels."""
    if volume.window is not None:
        return volume.window
    sample = np.asarray(volume.frame(0)).ravel()[:: max(1, volume.frame(0).size // 200_000)]
    lo, hi = np.percentile(sample, [1.0, 99.5]) if sample.size else (0.0, 1.0)
    return float(lo + hi) / 2.0, float(max(hi - lo, 1e-3))


def _set_text(actor: vtkTextActor, text: str) -> None:
    """Change a text actor only when the text changes (re-rasterising text costs a frame's time)."""
    if actor.GetInput() != text:
        actor.SetInput(text)


def _axis_aligned(plane: Plane) -> bool:
    return bool(np.isclose(np.abs(plane.right).max(), 1.0) and np.isclose(np.abs(plane.down).max(), 1.0))


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] <= outer[1] and inner[2] >= outer[2] and inner[3] <= outer[3]


def _grown_to(current, needed, margin: float) -> tuple[float, float, float, float]:
    """``current`` widened, on the sides that are too short only, to hold ``needed`` plus a margin
    (a fraction of the size), so a continuing rotation does not re-grid every frame."""
    out = list(current)
    for lo, hi in ((0, 1), (2, 3)):
        pad = (needed[hi] - needed[lo]) * margin / 2
        if needed[lo] < current[lo]:
            out[lo] = needed[lo] - pad
        if needed[hi] > current[hi]:
            out[hi] = needed[hi] + pad
    return out[0], out[1], out[2], out[3]


class MprViewRenderer:
    """Draws one plane of one volume into ``renderer``."""

    def __init__(self, renderer: vtkRenderer, volume, image=None, name: str = "axial",
                 interpolation: str = "linear") -> None:
        self.renderer = renderer
        self.volume = volume
        self.name = name
        self.reslice = MprReslice(volume, image, interpolation)
        self.actor = vtkImageActor()
        self.actor.GetMapper().SetInputConnection(self.reslice.output_port())
        self.actor.InterpolateOff()
        renderer.AddViewProp(self.actor)
        renderer.SetBackground(0.0, 0.0, 0.0)
        renderer.GetActiveCamera().ParallelProjectionOn()
        self.lines: dict[str, tuple[vtkLineSource, vtkActor]] = {}
        self._segments: dict[str, Segment2D] = {}
        self.labels = {edge: self._text(18, bold=True) for edge in ("left", "right", "top", "bottom")}
        self.corner = self._text(13)
        self.plane: Plane | None = None  # the plane shown (through the crosshair)
        self.view_plane: Plane | None = None  # same orientation, origin at the projected volume centre
        self.rect: tuple[float, float, float, float] | None = None
        self._fit_rect: tuple[float, float, float, float] | None = None
        self._corners: np.ndarray | None = None
        self._orientation_key = None
        self.zoom = 1.0
        self.set_window(*default_window(volume))
        self.set_corner_text(name)

    def _text(self, size: int, bold: bool = False) -> vtkTextActor:
        t = vtkTextActor()
        p = t.GetTextProperty()
        font = font_file()  # with Hangul: the view names in Korean
        if font:
            p.SetFontFamily(4)  # VTK_FONT_FILE
            p.SetFontFile(font)
        p.SetFontSize(size)
        p.SetBold(bold)
        p.SetColor(1.0, 1.0, 0.6)
        p.SetShadow(True)
        self.renderer.AddViewProp(t)
        return t

    # ---- content ---------------------------------------------------------------------------------
    def set_window(self, center: float, width: float) -> None:
        self.window = (float(center), float(max(width, 1e-6)))
        prop = self.actor.GetProperty()
        prop.SetColorLevel(self.window[0])
        prop.SetColorWindow(self.window[1])

    def set_slab(self, mode: str, thickness_mm: float) -> None:
        self.reslice.set_slab(mode, thickness_mm)

    def set_corner_text(self, text: str) -> None:
        _set_text(self.corner, text)

    def show_plane(self, plane: Plane, frame: tuple[Plane, tuple] | None = None) -> None:
        """Show ``plane`` (any orientation). A new orientation recomputes the output grid and camera;
        a parallel move only changes the reslice matrix. ``frame = (view_plane, rect)`` imposes the
        screen frame, e.g. another view's mapped through a registration so both show the same anatomy
        at the same place."""
        if frame is None:
            view_plane = Plane(plane.project(self.volume.center_world), plane.right, plane.down)
            key = tuple(np.round(np.concatenate([plane.right, plane.down]), 9))
        else:
            view_plane = frame[0]
            key = tuple(np.round(np.concatenate([view_plane.origin, view_plane.right, view_plane.down, frame[1]]), 6))
        view_plane = view_plane.through(plane.origin)
        self.plane, self.view_plane = plane, view_plane
        self.reslice.set_plane(view_plane)
        if key != self._orientation_key:
            self._orientation_key = key
            labels = edge_labels(plane.right, plane.down)
            for edge, actor in self.labels.items():
                _set_text(actor, labels[edge])
            rect = tuple(frame[1]) if frame is not None else self._rect_on(view_plane)
            refit = True
            if frame is None and self.rect is not None and not _axis_aligned(plane):
                # while the user rotates, keep the output grid (no re-allocation) and the zoom, unless
                # the volume no longer fits; then grow the grid with some margin, zoom unchanged
                if _inside(rect, self.rect):
                    return
                rect, refit = _grown_to(self.rect, rect, 0.08), False
            self.rect = rect
            u_min, u_max, v_min, v_max = rect
            pixel = max(float(np.min(self.volume.spacing)), max(u_max - u_min, v_max - v_min) / MAX_OUTPUT_PIXELS)
            self.reslice.set_grid(PlaneGrid.covering(rect, pixel))
            if refit:
                self._fit_rect = rect
                self.fit()

    def _rect_on(self, plane: Plane) -> tuple[float, float, float, float]:
        """``volume_rect`` with the volume's corners computed once."""
        if self._corners is None:
            self._corners = volume_box_corners(self.volume)
        uv = plane.to_plane(self._corners)[:, :2]
        lo, hi = uv.min(axis=0), uv.max(axis=0)
        return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])

    def plane_uv(self, point) -> np.ndarray:
        """(u, v) of an LPS point in this view's renderer coordinates."""
        return self.view_plane.to_plane(point)[:2]

    def update_reference_lines(self, others: dict[str, Plane], volumes: dict | None = None) -> dict[str, Segment2D]:
        """Draw where the ``others`` planes (name → Plane, same patient space) cut this view, clipped
        to this view's image and, when given, to each other view's volume."""
        segments = reference_lines(self.view_plane, self.rect, others, volumes)
        self.set_reference_lines(segments)
        return segments

    def set_reference_lines(self, segments: dict[str, Segment2D]) -> None:
        """Draw the given segments (view-plane coordinates) in their views' colours."""
        self._segments = dict(segments)
        for name in list(self.lines):
            if name not in segments:
                src, actor = self.lines.pop(name)
                self.renderer.RemoveActor(actor)
        for name, seg in segments.items():
            if name not in self.lines:
                actor = unit_segment_actor(VIEW_COLORS.get(name.split("_")[0], (0.4, 0.7, 1.0)))
                self.renderer.AddActor(actor)
                self.lines[name] = (actor._source, actor)
            # moving a line only changes its actor's matrix: no geometry is re-uploaded per frame
            m = self.lines[name][1].GetUserMatrix()
            a, d = seg.start, seg.end - seg.start
            m.SetElement(0, 0, float(d[0]))
            m.SetElement(1, 0, float(d[1]))
            m.SetElement(0, 3, float(a[0]))
            m.SetElement(1, 3, float(a[1]))
            m.SetElement(2, 3, -1.0)  # in front of the image (the camera is at -z)
            m.Modified()
            self.lines[name][1].Modified()

    def set_cursor_cross(self, point, color_name: str = "cursor") -> None:
        """Mark an LPS point (projected on the view) with two lines across the image; None removes it."""
        segs = {}
        if point is not None and self.rect is not None:
            u, v = self.plane_uv(point)
            u_min, u_max, v_min, v_max = self.rect
            segs = {f"{color_name}_h": Segment2D(np.array([u_min, v]), np.array([u_max, v])),
                    f"{color_name}_v": Segment2D(np.array([u, v_min]), np.array([u, v_max]))}
        keep = {k: seg for k, seg in self._segments.items() if not k.startswith(color_name + "_")}
        keep.update(segs)
        self.set_reference_lines(keep)

    # ---- camera and layout -----------------------------------------------------------------------
    def viewport_size(self) -> tuple[int, int]:
        w, h = self.renderer.GetSize()
        if w <= 0 or h <= 0:
            w, h = self.renderer.GetRenderWindow().GetSize() if self.renderer.GetRenderWindow() else (1, 1)
        return max(1, w), max(1, h)

    def fit(self) -> None:
        """Camera showing the whole volume as it was when the view last got a new orientation
        (not the grown grid of a rotation in progress), times ``zoom``."""
        rect = self._fit_rect or self.rect
        if rect is None:
            return
        u_min, u_max, v_min, v_max = rect
        w, h = self.viewport_size()
        cu, cv = (u_min + u_max) / 2.0, (v_min + v_max) / 2.0
        cam = self.renderer.GetActiveCamera()
        cam.SetFocalPoint(cu, cv, 0.0)
        cam.SetPosition(cu, cv, -1000.0)
        cam.SetViewUp(0.0, -1.0, 0.0)
        scale = FIT_MARGIN * max((v_max - v_min) / 2.0, (u_max - u_min) / 2.0 * h / w)
        cam.SetParallelScale(scale / self.zoom)
        self.renderer.ResetCameraClippingRange(-1e4, 1e4, -1e4, 1e4, -10, 10)
        self.place_labels()

    def place_labels(self) -> None:
        w, h = self.viewport_size()
        pos = {"left": (6, h / 2), "right": (w - 22, h / 2), "top": (w / 2, h - 26), "bottom": (w / 2, 6)}
        for edge, (x, y) in pos.items():
            self.labels[edge].SetPosition(x, y)
        self.corner.SetPosition(6, h - 22)

    def display_to_uv(self, x: float, y: float) -> np.ndarray:
        """View-plane (u, v) under a display pixel (VTK display coordinates, origin bottom-left)."""
        r = self.renderer
        r.SetDisplayPoint(float(x), float(y), 0.0)
        r.DisplayToWorld()
        wx, wy, _wz, ww = r.GetWorldPoint()
        return np.array([wx / ww, wy / ww]) if ww else np.array([wx, wy])

    def display_to_patient(self, x: float, y: float) -> np.ndarray:
        """LPS point on the shown plane under a display pixel."""
        u, v = self.display_to_uv(x, y)
        p = self.view_plane.to_world(u, v)
        return self.plane.project(p)

    def patient_to_display(self, point) -> tuple[float, float]:
        u, v = self.plane_uv(point)
        r = self.renderer
        r.SetWorldPoint(float(u), float(v), 0.0, 1.0)
        r.WorldToDisplay()
        x, y, _ = r.GetDisplayPoint()
        return x, y
