"""Text overlays of a 2D view: orientation letters on the four edges and the four corner texts.

The texts that change only with the series or the orientation (the four edge letters, patient and
series corners) are drawn together by one ``TextLayer`` (one actor, one draw call per frame); the
two corners that change while reading (slice number and location on every scroll step, window and
zoom on every drag step) are ``vtkTextActor``s, whose re-rasterisation runs in C++."""
from __future__ import annotations

from pathlib import Path

import vtkmodules.vtkRenderingFreeType  # noqa: F401  (text rendering backend)
from vtkmodules.vtkRenderingCore import vtkTextActor

from viewer.render.text_layer import TextLayer, text_property

#: a font with Hangul so Korean names and labels render (Debian fonts-noto-cjk); else VTK's Arial
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
)

# (x, y) in normalized viewport coordinates and (horizontal, vertical) justification
_EDGES = {
    "top": ((0.5, 0.985), "center", "top"),
    "bottom": ((0.5, 0.015), "center", "bottom"),
    "left": ((0.01, 0.5), "left", "center"),
    "right": ((0.99, 0.5), "right", "center"),
}
_CORNERS = {
    "top_left": ((0.01, 0.985), "left", "top"),
    "top_right": ((0.99, 0.985), "right", "top"),
    "bottom_left": ((0.01, 0.015), "left", "bottom"),
    "bottom_right": ((0.99, 0.015), "right", "bottom"),
}
#: corners redrawn while reading (scroll, window/level, zoom): their own actors
LIVE_CORNERS = ("bottom_left", "bottom_right")
EDGE_COLOR = (1.0, 0.9, 0.2)  # yellow
TEXT_COLOR = (1.0, 1.0, 1.0)


def font_file() -> str | None:
    for f in CJK_FONTS:
        if Path(f).is_file():
            return f
    return None


def _live_actor(pos, hjust: str, vjust: str, size: int, color, font: str | None) -> vtkTextActor:
    a = vtkTextActor()
    c = a.GetPositionCoordinate()
    c.SetCoordinateSystemToNormalizedViewport()
    c.SetValue(*pos)
    a.SetTextProperty(text_property(size, color, hjust, vjust, font))
    return a


class Overlays:
    """Edge orientation letters (yellow) and corner texts (white) of one renderer."""

    def __init__(self, renderer, label_size: int = 20, text_size: int = 13) -> None:
        self.layer = TextLayer(renderer)
        font = font_file()
        for key, (pos, h, v) in _EDGES.items():
            self.layer.add(key, pos, h, v, text_property(label_size, EDGE_COLOR, h, v, font))
        self.live: dict[str, vtkTextActor] = {}
        for key, (pos, h, v) in _CORNERS.items():
            if key in LIVE_CORNERS:
                self.live[key] = _live_actor(pos, h, v, text_size, TEXT_COLOR, font)
                renderer.AddViewProp(self.live[key])
            else:
                self.layer.add(key, pos, h, v, text_property(text_size, TEXT_COLOR, h, v, font))

    def set_edge_labels(self, labels: dict[str, str]) -> None:
        for k in _EDGES:
            self.layer.set_text(k, labels.get(k, ""))

    def set_corner_texts(self, texts: dict[str, str]) -> None:
        """Set the corners named in ``texts`` (the others keep their text)."""
        for k, text in texts.items():
            if k in self.live:
                self.live[k].SetInput(text or "")  # (the same string leaves the actor unmodified)
            else:
                self.layer.set_text(k, text)

    def edge_label(self, edge: str) -> str:
        """The letter currently drawn on ``edge`` (``left``/``right``/``top``/``bottom``)."""
        return self.layer.text(edge)

    def corner_text(self, corner: str) -> str:
        if corner in self.live:
            return self.live[corner].GetInput() or ""
        return self.layer.text(corner)

    def close(self) -> None:
        """Take the texts off the renderer."""
        self.layer.close()
        for a in self.live.values():
            self.layer.renderer.RemoveViewProp(a)

    def set_visible(self, visible: bool) -> None:
        self.layer.set_visible(visible)
        for a in self.live.values():
            a.SetVisibility(visible)
