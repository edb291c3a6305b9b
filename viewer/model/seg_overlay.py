"""One DICOM SEG over a viewport: its layers and its legend. No Qt, no VTK.

``SegOverlay(seg)`` makes the layers of a :class:`~viewer.io.seg.SegObject`:

* the label map — one :class:`~viewer.model.layers.LabelLayer` (voxel = segment number, colours from the
  SEG's recommended display colours), or one per segment where segments overlap, so that no segment hides
  another;
* for a FRACTIONAL SEG also a :class:`~viewer.model.overlay_layers.HeatmapLayer` of the probabilities (the
  highest over its segments), shown by default with the label map in outline mode.

Every layer keeps the SEG's own grid and affine (LPS): the render adaptors resample it onto whatever plane
a viewport or MPR view shows. The controls (opacity, outline/fill, per-segment visibility, heatmap on/off)
act on all its layers at once; :meth:`legend` gives what a legend shows (name, colour, mL, visible).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.io.seg import SegObject
from viewer.model.layers import LabelLayer, Layer
from viewer.model.overlay_layers import HeatmapLayer


@dataclass(frozen=True)
class LegendEntry:
    number: int
    name: str
    rgb: tuple[int, int, int]
    volume_ml: float
    visible: bool
    algorithm: str = ""
    confidence: float | None = None

    def text(self) -> str:
        """``name — 12.3 mL`` (the legend's line), ``…, mean p 0.87`` where the model gives a confidence."""
        text = f"{self.name} — {self.volume_ml:.1f} mL"
        return text + (f", mean p {self.confidence:.2f}" if self.confidence is not None else "")


class SegOverlay:
    def __init__(self, seg: SegObject, opacity: float = 0.5, outline: bool = False, title: str = "") -> None:
        self.seg = seg
        self.title = title or seg.series_description or seg.content_label or "segmentation"
        colors = seg.colors()
        self.label_layers: list[LabelLayer] = []
        if seg.overlapping():
            for s in seg.segments:
                vox = np.where(s.mask(), s.number, 0).astype(np.uint8 if s.number < 256 else np.uint16)
                self.label_layers.append(LabelLayer(s.volume.with_voxels(vox), name=f"{self.title}: {s.label}",
                                                    opacity=opacity, colors=colors, outline=outline))
        else:
            self.label_layers.append(LabelLayer(seg.label_map(), name=self.title, opacity=opacity, colors=colors,
                                                outline=outline))
        self.heatmap: HeatmapLayer | None = None
        if seg.segmentation_type == "FRACTIONAL":
            prob = np.max(np.stack([s.volume.voxels for s in seg.segments]), axis=0).astype(np.float32)
            self.heatmap = HeatmapLayer(seg.grid.with_voxels(prob), name=f"{self.title} (probability)",
                                        title="probability")
            for layer in self.label_layers:
                layer.set_outline(True)

    @property
    def layers(self) -> list[Layer]:
        """Bottom to top: the heatmap (if any), then the label map(s)."""
        return ([self.heatmap] if self.heatmap is not None else []) + list(self.label_layers)

    def add_to(self, stack) -> None:
        for layer in self.layers:
            stack.add(layer)

    def remove_from(self, stack) -> None:
        for layer in self.layers:
            if layer in list(stack):
                stack.remove(layer)

    # ---- controls ----------------------------------------------------------------------------
    def label_colour(self, number: int) -> tuple[int, int, int]:
        rgba = self.label_layers[0].color_of(number)
        return (rgba[0], rgba[1], rgba[2])

    def set_opacity(self, opacity: float) -> None:
        for layer in self.label_layers:
            layer.set_opacity(opacity)

    @property
    def opacity(self) -> float:
        return self.label_layers[0].opacity

    def set_outline(self, outline: bool) -> None:
        for layer in self.label_layers:
            layer.set_outline(outline)

    @property
    def outline(self) -> bool:
        return self.label_layers[0].outline

    def set_segment_visible(self, number: int, visible: bool) -> None:
        for layer in self.label_layers:
            layer.set_label_visible(number, visible)

    def segment_visible(self, number: int) -> bool:
        return number not in self.label_layers[0].hidden

    def set_visible(self, visible: bool) -> None:
        for layer in self.layers:
            layer.set_visible(visible)

    def set_heatmap(self, on: bool) -> None:
        """Heatmap on: the probabilities drawn, the label map as outlines; off: the filled label map."""
        if self.heatmap is None:
            return
        self.heatmap.set_visible(on)
        self.set_outline(on)

    @property
    def heatmap_on(self) -> bool:
        return self.heatmap is not None and self.heatmap.visible

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry(s.number, s.label, s.color or self.label_colour(s.number), s.volume_ml,
                            self.segment_visible(s.number), s.algorithm, s.confidence)
                for s in self.seg.segments]


def seg_thumbnail(paths, size: int = 96) -> np.ndarray | None:
    """A grey thumbnail of a SEG series (its slice with the most segmented voxels, patient-oriented: the
    segments light on a dark field) for the study browser, or None when ``paths`` hold no readable SEG.
    May run on a worker thread."""
    from viewer.io.seg import SegReadError, is_seg_file, read_seg
    from viewer.model.thumbnail import thumbnail
    from viewer.model.windowing import Window

    for p in paths:
        if not is_seg_file(p):
            continue
        try:
            seg = read_seg(p)
        except SegReadError:
            return None
        lm = seg.label_map().voxels
        k = int(np.argmax((lm > 0).reshape(lm.shape[0], -1).sum(axis=1)))
        shade = np.where(lm[k] > 0, 200 + 55 * (lm[k] % 2), 30).astype(np.float32)
        return thumbnail(shade, seg.grid.direction, size, window=Window(width=255.0, level=127.5))
    return None
