"""The layers a viewport shows, bottom to top: the image first, then overlays (a label map now; later a
heatmap, a fused second volume, annotations). Plain observable objects: no Qt, no VTK.

Each layer carries its own geometry in patient coordinates (its own :class:`~viewer.geometry.volume.Volume`
with its affine, LPS mm), so an overlay on another grid or orientation than the image is resampled onto
the viewport's plane by its render adaptor (``viewer.render.layer_visuals``), never index by index.

Adding a layer type: a model class here (a :class:`Layer` subclass), an adaptor class in
``viewer/render`` and one line in ``viewer.render.layer_visuals.LAYER_VISUALS``. The viewport widget and
``ViewportState`` do not change.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from viewer.model.observable import Observable

#: how a layer is combined with what lies under it (napari's "translucent": alpha blending). Other modes
#: (additive for fusion) come with the layer types that need them.
BLENDS = ("translucent",)

LayerListener = Callable[["Layer", set[str]], None]
StackListener = Callable[[str, "Layer", set[str]], None]


class Layer(Observable):
    """Common display settings of a layer. ``subscribe(fn(layer, changed))`` is told which fields changed."""

    def __init__(self, volume, name: str = "", opacity: float = 1.0, visible: bool = True,
                 blend: str = "translucent") -> None:
        self.volume = volume
        self.name = name
        self.opacity = 1.0
        self.visible = bool(visible)
        self.blend = "translucent"
        self._listeners: list[LayerListener] = []
        self.set_opacity(opacity)
        self.set_blend(blend)

    def _notify(self, *fields: str) -> None:
        self._call_listeners(self, set(fields))

    # ---- settings ----------------------------------------------------------------------------
    @property
    def affine(self) -> np.ndarray:
        """4x4 voxel index (i, j, k) → patient LPS mm of this layer's own grid."""
        return self.volume.affine

    def set_opacity(self, opacity: float) -> None:
        opacity = float(opacity)
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity must be within 0..1, got {opacity}")
        self.opacity = opacity
        self._notify("opacity")

    def set_visible(self, visible: bool) -> None:
        self.visible = bool(visible)
        self._notify("visible")

    def set_blend(self, blend: str) -> None:
        if blend not in BLENDS:
            raise ValueError(f"blend must be one of {BLENDS}, got {blend!r}")
        self.blend = blend
        self._notify("blend")

    def set_volume(self, volume) -> None:
        self.volume = volume
        self._notify("volume")


class ImageLayer(Layer):
    """A grey-scale image. Layer 0 of a viewport is its series; its window, invert and interpolation are
    the viewport's (``ViewportState.window`` …), which ``ViewportState`` keeps and announces itself."""

    def __init__(self, volume, name: str = "image", colormap: str = "gray", **kw) -> None:
        super().__init__(volume, name, **kw)
        self.colormap = colormap


#: distinct colours for labels 1, 2, … (RGB 0..255); label 0 is the background and never drawn
LABEL_PALETTE = (
    (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48), (145, 30, 180),
    (70, 240, 240), (240, 50, 230), (210, 245, 60), (250, 190, 190), (0, 128, 128), (170, 110, 40),
)


class LabelLayer(Layer):
    """An integer label map (0 = background) with its own affine, drawn in one colour per label.

    ``colors`` maps a label to RGBA (0..255); labels without an entry take :data:`LABEL_PALETTE` in turn.
    ``hidden`` labels are not drawn. ``outline`` draws only each region's border pixels on the screen
    (instead of filling it)."""

    def __init__(self, volume, name: str = "labels", opacity: float = 0.5, colors: dict | None = None,
                 outline: bool = False, **kw) -> None:
        voxels = np.asarray(volume.voxels)
        if not np.issubdtype(voxels.dtype, np.integer) and voxels.dtype != np.bool_:
            raise ValueError(f"a label map needs integer voxels, got {voxels.dtype}")
        if voxels.size and voxels.min() < 0:
            raise ValueError("labels must be >= 0 (0 is the background)")
        super().__init__(volume, name, opacity=opacity, **kw)
        self.max_label = int(voxels.max()) if voxels.size else 0
        self.colors: dict[int, tuple[int, int, int, int]] = {}
        for label, rgba in (colors or {}).items():
            self.colors[int(label)] = _rgba(rgba)
        self.hidden: set[int] = set()
        self.outline = bool(outline)

    def color_of(self, label: int) -> tuple[int, int, int, int]:
        label = int(label)
        if label in self.colors:
            return self.colors[label]
        if label <= 0:
            return (0, 0, 0, 0)
        return (*LABEL_PALETTE[(label - 1) % len(LABEL_PALETTE)], 255)

    def set_color(self, label: int, rgba) -> None:
        self.colors[int(label)] = _rgba(rgba)
        self._notify("colors")

    def set_label_visible(self, label: int, visible: bool) -> None:
        (self.hidden.discard if visible else self.hidden.add)(int(label))
        self._notify("colors")

    def set_outline(self, outline: bool) -> None:
        self.outline = bool(outline)
        self._notify("outline")

    def lookup_table(self) -> np.ndarray:
        """``(max_label + 1, 4)`` uint8 RGBA, row = label: background and hidden labels fully transparent.
        The layer's ``opacity`` is applied by the renderer on top of each colour's own alpha."""
        table = np.zeros((self.max_label + 1, 4), dtype=np.uint8)
        for label in range(1, self.max_label + 1):
            if label not in self.hidden:
                table[label] = self.color_of(label)
        return table

    def rgba(self, labels2d: np.ndarray) -> np.ndarray:
        """Colour a 2D label image (``[row, column]``) as the screen shows it: ``(..., 4)`` uint8."""
        lab = np.asarray(labels2d)
        if self.outline:
            lab = np.where(outline_mask(lab), lab, 0)
        return self.lookup_table()[np.clip(lab, 0, self.max_label)]


def _rgba(value) -> tuple[int, int, int, int]:
    v = tuple(int(c) for c in value)
    if len(v) == 3:
        v = (*v, 255)
    if len(v) != 4 or not all(0 <= c <= 255 for c in v):
        raise ValueError(f"a colour is RGB or RGBA with values 0..255, got {value!r}")
    return v  # type: ignore[return-value]


def outline_mask(labels2d: np.ndarray) -> np.ndarray:
    """True on the border pixels of each labelled region of a 2D label image: a non-zero pixel with a
    4-neighbour of another label (or the image edge)."""
    lab = np.asarray(labels2d)
    pad = np.pad(lab, 1, mode="constant", constant_values=-1)
    centre = pad[1:-1, 1:-1]
    border = np.zeros(lab.shape, dtype=bool)
    for dj, di in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        border |= pad[1 + dj:pad.shape[0] - 1 + dj, 1 + di:pad.shape[1] - 1 + di] != centre
    return border & (lab != 0)


class LayerStack(Observable):
    """The ordered layers of a viewport, bottom (index 0, the image) to top.

    ``subscribe(fn(event, layer, changed))``: ``event`` is ``"added"``, ``"removed"``, ``"moved"`` or
    ``"changed"`` (a layer's own setting; ``changed`` names the fields)."""

    def __init__(self) -> None:
        self._layers: list[Layer] = []
        self._listeners: list[StackListener] = []

    def __len__(self) -> int:
        return len(self._layers)

    def __iter__(self):
        return iter(list(self._layers))

    def __getitem__(self, index: int) -> Layer:
        return self._layers[index]

    def index(self, layer: Layer) -> int:
        return self._layers.index(layer)

    def _emit(self, event: str, layer: Layer, changed: set[str] | None = None) -> None:
        self._call_listeners(event, layer, changed or set())

    def _layer_changed(self, layer: Layer, changed: set[str]) -> None:
        self._emit("changed", layer, changed)

    def add(self, layer: Layer, index: int | None = None) -> Layer:
        """Put ``layer`` at ``index`` (default: on top)."""
        if layer in self._layers:
            raise ValueError(f"layer {layer.name!r} is already in the stack")
        self._layers.insert(len(self._layers) if index is None else index, layer)
        layer.subscribe(self._layer_changed)
        self._emit("added", layer)
        return layer

    def remove(self, layer: Layer) -> None:
        self._layers.remove(layer)
        layer.unsubscribe(self._layer_changed)
        self._emit("removed", layer)

    def move(self, layer: Layer, index: int) -> None:
        """Put ``layer`` at position ``index`` (0 = bottom), the others keeping their order."""
        self._layers.remove(layer)
        self._layers.insert(max(0, min(len(self._layers), index)), layer)
        self._emit("moved", layer)

    def overlays(self) -> list[Layer]:
        """Every layer above the base image."""
        return self._layers[1:]
