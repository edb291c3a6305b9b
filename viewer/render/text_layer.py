"""``TextLayer``: every text overlay of one renderer drawn as ONE textured actor (one draw call).

Each ``vtkTextActor`` costs a pipeline update, a texture and a blended draw of its own on every frame;
with eight of them (four orientation letters, four corner texts) a 2D viewport spent about a tenth of
each scroll step on text alone with Mesa's software GL. Here each text is rasterised once when it
changes (FreeType through ``vtkTextRenderer``, the same fonts, shadow and justification as a
``vtkTextActor``), packed into one RGBA atlas, and drawn as one quad per text from a single
``vtkPolyDataMapper2D``. Positions are anchored in normalised viewport coordinates and laid out in
whole pixels (texels map 1:1, nearest filtering: text stays sharp) right before the renderer draws,
so a resize or a changed text is picked up by the next ``Render()``. No Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401  (text rendering backend)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkImageData, vtkPolyData
from vtkmodules.vtkRenderingCore import (vtkPolyDataMapper2D, vtkTextProperty, vtkTextRenderer, vtkTexture,
                                         vtkTexturedActor2D)

_HJUST = {"left": "Left", "right": "Right", "center": "Centered"}
_VJUST = {"top": "Top", "bottom": "Bottom", "center": "Centered"}


@dataclass
class _Slot:
    anchor: tuple[float, float]  # normalised viewport coordinates (0..1, origin bottom-left)
    hjust: str
    vjust: str
    prop: vtkTextProperty
    text: str = ""
    pixels: np.ndarray | None = None  # (h, w, 4) uint8, row 0 at the bottom (VTK image order)
    dpi: int = 0


def text_property(size: int, color, hjust: str, vjust: str, font_file: str | None = None,
                  shadow: bool = True) -> vtkTextProperty:
    """A ``vtkTextProperty`` like a corner text's: ``size`` points, ``color`` RGB 0..1, justified."""
    p = vtkTextProperty()
    if font_file:
        p.SetFontFamily(4)  # VTK_FONT_FILE
        p.SetFontFile(font_file)
    p.SetFontSize(size)
    p.SetColor(*color)
    p.SetShadow(bool(shadow))
    getattr(p, "SetJustificationTo" + _HJUST[hjust])()
    getattr(p, "SetVerticalJustificationTo" + _VJUST[vjust])()
    return p


class TextLayer:
    """Named texts of one ``vtkRenderer``, drawn by one actor.

    ``add(name, anchor, hjust, vjust, prop)`` declares a text; ``set_text(name, s)`` changes it (cheap
    when unchanged); ``text(name)`` reads it back. The layer lays itself out on the renderer's
    ``StartEvent`` (every ``Render()``), re-rasterising only the texts that changed."""

    def __init__(self, renderer) -> None:
        self.renderer = renderer
        self._slots: dict[str, _Slot] = {}
        self._dirty = True
        self._layout_key = None
        self._visible = True
        self._renderer_text = vtkTextRenderer.GetInstance()
        self._image = vtkImageData()
        self.texture = vtkTexture()
        self.texture.InterpolateOff()
        self.texture.SetInputData(self._image)
        self._poly = vtkPolyData()
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(self._poly)
        self.actor = vtkTexturedActor2D()
        self.actor.SetMapper(mapper)
        self.actor.SetTexture(self.texture)
        self.actor.GetPositionCoordinate().SetCoordinateSystemToViewport()
        self.actor.SetPosition(0.0, 0.0)
        self.actor.VisibilityOff()
        renderer.AddViewProp(self.actor)
        self._observer = renderer.AddObserver("StartEvent", self._before_render)

    def close(self) -> None:
        """Detach from the renderer."""
        self.renderer.RemoveObserver(self._observer)
        self.renderer.RemoveViewProp(self.actor)

    # ---- texts -------------------------------------------------------------------------------
    def add(self, name: str, anchor: tuple[float, float], hjust: str, vjust: str, prop: vtkTextProperty) -> None:
        self._slots[name] = _Slot(tuple(anchor), hjust, vjust, prop)
        self._dirty = True

    def set_text(self, name: str, text: str) -> None:
        slot = self._slots[name]
        text = text or ""
        if text != slot.text:
            slot.text = text
            slot.pixels = None
            self._dirty = True

    def text(self, name: str) -> str:
        return self._slots[name].text

    def set_visible(self, visible: bool) -> None:
        self._visible = bool(visible)
        self._dirty = True

    # ---- layout (right before each render) -----------------------------------------------------
    def _before_render(self, _obj=None, _event=None) -> None:
        if not self._visible:
            self.actor.VisibilityOff()
            return
        w, h = self.renderer.GetSize()
        win = self.renderer.GetRenderWindow()
        dpi = win.GetDPI() if win is not None else 72
        key = (w, h, dpi)
        if not self._dirty and key == self._layout_key:
            return
        self._layout_key = key
        self._dirty = False
        self._layout(w, h, dpi)

    def _rasterise(self, slot: _Slot, dpi: int) -> np.ndarray:
        if slot.pixels is not None and slot.dpi == dpi:
            return slot.pixels
        img = vtkImageData()
        dims = [0, 0]
        if not slot.text.strip() or not self._renderer_text.RenderString(slot.prop, slot.text, img, dims, dpi):
            slot.pixels = np.zeros((0, 0, 4), np.uint8)
        else:
            iw, ih, _ = img.GetDimensions()
            arr = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(ih, iw, -1)
            tw, th = min(dims[0], iw), min(dims[1], ih)
            if arr.shape[2] == 4:
                slot.pixels = np.ascontiguousarray(arr[:th, :tw])
            else:  # (never seen: FreeType renders RGBA) grey + alpha
                rgba = np.zeros((th, tw, 4), np.uint8)
                rgba[..., :3] = arr[:th, :tw, :1]
                rgba[..., 3] = arr[:th, :tw, -1]
                slot.pixels = rgba
        slot.dpi = dpi
        return slot.pixels

    def _layout(self, vw: int, vh: int, dpi: int) -> None:
        images = [(slot, self._rasterise(slot, dpi)) for slot in self._slots.values()]
        images = [(s, im) for s, im in images if im.size]
        if not images or vw <= 0 or vh <= 0:
            self.actor.VisibilityOff()
            return
        atlas_w = max(im.shape[1] for _, im in images)
        atlas_h = sum(im.shape[0] + 1 for _, im in images)  # one empty row between texts
        atlas = np.zeros((atlas_h, atlas_w, 4), np.uint8)
        pts = np.zeros((4 * len(images), 3))
        tco = np.zeros((4 * len(images), 2), np.float32)
        row = 0
        for n, (slot, im) in enumerate(images):
            th, tw = im.shape[:2]
            atlas[row:row + th, :tw] = im
            ax, ay = slot.anchor[0] * vw, slot.anchor[1] * vh
            x0 = {"left": ax, "right": ax - tw, "center": ax - tw / 2.0}[slot.hjust]
            y0 = {"bottom": ay, "top": ay - th, "center": ay - th / 2.0}[slot.vjust]
            x0 = float(np.clip(np.floor(x0), 0, max(0, vw - tw)))
            y0 = float(np.clip(np.floor(y0), 0, max(0, vh - th)))
            pts[4 * n:4 * n + 4, :2] = ((x0, y0), (x0 + tw, y0), (x0 + tw, y0 + th), (x0, y0 + th))
            u1, v0, v1 = tw / atlas_w, row / atlas_h, (row + th) / atlas_h
            tco[4 * n:4 * n + 4] = ((0.0, v0), (u1, v0), (u1, v1), (0.0, v1))
            row += th + 1
        self._set_atlas(atlas)
        self._set_quads(pts, tco)
        self.actor.VisibilityOn()

    def _set_atlas(self, atlas: np.ndarray) -> None:
        h, w = atlas.shape[:2]
        img = vtkImageData()  # a new image: the texture re-uploads once, whatever changed
        img.SetDimensions(w, h, 1)
        scalars = numpy_to_vtk(atlas.reshape(-1, 4), deep=True)
        scalars.SetName("text")
        img.GetPointData().SetScalars(scalars)
        self._image = img
        self.texture.SetInputData(img)

    def _set_quads(self, pts: np.ndarray, tco: np.ndarray) -> None:
        points = vtkPoints()
        points.SetData(numpy_to_vtk(pts, deep=True))
        n = len(pts) // 4
        conn = np.arange(4 * n, dtype=np.int64)
        offsets = np.arange(0, 4 * n + 1, 4, dtype=np.int64)
        cells = vtkCellArray()
        cells.SetData(numpy_to_vtk(offsets, deep=True), numpy_to_vtk(conn, deep=True))
        tcoords = numpy_to_vtk(tco, deep=True)
        tcoords.SetName("TCoords")
        poly = self._poly
        poly.SetPoints(points)
        poly.SetPolys(cells)
        poly.GetPointData().SetTCoords(tcoords)
        poly.Modified()

