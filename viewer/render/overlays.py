"""Text overlays of a 2D view: orientation letters on the four edges and the four corner texts."""
from __future__ import annotations

from pathlib import Path

import vtkmodules.vtkRenderingFreeType  # noqa: F401  (text rendering backend)
from vtkmodules.vtkRenderingCore import vtkTextActor

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


def _font_file() -> str | None:
    for f in CJK_FONTS:
        if Path(f).is_file():
            return f
    return None


def _make_actor(pos, hjust: str, vjust: str, size: int, color) -> vtkTextActor:
    a = vtkTextActor()
    c = a.GetPositionCoordinate()
    c.SetCoordinateSystemToNormalizedViewport()
    c.SetValue(*pos)
    p = a.GetTextProperty()
    font = _font_file()
    if font:
        p.SetFontFamily(4)  # VTK_FONT_FILE
        p.SetFontFile(font)
    p.SetFontSize(size)
    p.SetColor(*color)
    p.ShadowOn()
    getattr(p, "SetJustificationTo" + {"left": "Left", "right": "Right", "center": "Centered"}[hjust])()
    getattr(p, "SetVerticalJustificationTo" + {"top": "Top", "bottom": "Bottom", "center": "Centered"}[vjust])()
    return a


class Overlays:
    """Edge orientation letters (yellow) and corner texts (white) of one renderer."""

    def __init__(self, renderer, label_size: int = 20, text_size: int = 13) -> None:
        self.edges = {k: _make_actor(p, h, v, label_size, (1.0, 0.9, 0.2)) for k, (p, h, v) in _EDGES.items()}
        self.corners = {k: _make_actor(p, h, v, text_size, (1.0, 1.0, 1.0)) for k, (p, h, v) in _CORNERS.items()}
        for a in (*self.edges.values(), *self.corners.values()):
            renderer.AddViewProp(a)

    def set_edge_labels(self, labels: dict[str, str]) -> None:
        for k, a in self.edges.items():
            a.SetInput(labels.get(k, ""))

    def set_corner_texts(self, texts: dict[str, str]) -> None:
        for k, a in self.corners.items():
            a.SetInput(texts.get(k, ""))

    def edge_label(self, edge: str) -> str:
        """The letter currently drawn on ``edge`` (``left``/``right``/``top``/``bottom``)."""
        return self.edges[edge].GetInput() or ""

    def corner_text(self, corner: str) -> str:
        return self.corners[corner].GetInput() or ""

    def set_visible(self, visible: bool) -> None:
        for a in (*self.edges.values(), *self.corners.values()):
            a.SetVisibility(visible)
