"""Colour-mapped overlay layers: a probability heatmap and a fused second series. Plain observable objects
(no Qt, no VTK), drawn by ``viewer.render.scalar_overlay_visual`` through ``LAYER_VISUALS``.

* :class:`HeatmapLayer` — a float map (a FRACTIONAL SEG's probabilities, 0..1) through a colour map, values
  under ``threshold`` transparent, with a scale bar on the screen.
* :class:`FusionLayer` — another series of the same patient (FLAIR over T1c, PET or CT over MR) through a
  colour map and its own window, blended over the image with ``opacity`` (the blend slider). When its frame
  of reference differs, ``registration`` (4x4, base image LPS → this series' LPS, what
  ``viewer.mpr.registration.register_rigid(base, series)`` returns) puts it in place: the layer's
  ``affine`` is then ``registration⁻¹ @ volume.affine``, so every render adaptor reslices it correctly.
"""
from __future__ import annotations

import numpy as np

from viewer.model.layers import Layer

#: colour maps as control points (position 0..1, R, G, B 0..255), interpolated linearly
COLORMAPS: dict[str, tuple[tuple[float, int, int, int], ...]] = {
    "hot": ((0.0, 0, 0, 0), (0.375, 255, 0, 0), (0.75, 255, 255, 0), (1.0, 255, 255, 255)),
    "jet": ((0.0, 0, 0, 143), (0.125, 0, 0, 255), (0.375, 0, 255, 255), (0.625, 255, 255, 0),
            (0.875, 255, 0, 0), (1.0, 128, 0, 0)),
    "viridis": ((0.0, 68, 1, 84), (0.25, 59, 82, 139), (0.5, 33, 145, 140), (0.75, 94, 201, 98),
                (1.0, 253, 231, 37)),
    "gray": ((0.0, 0, 0, 0), (1.0, 255, 255, 255)),
    "pet": ((0.0, 0, 0, 0), (0.3, 128, 0, 128), (0.55, 255, 0, 0), (0.8, 255, 200, 0), (1.0, 255, 255, 255)),
}


def colormap_table(name: str, n: int = 256) -> np.ndarray:
    """``(n, 3)`` uint8 RGB of colour map ``name`` from its low end (row 0) to its high end."""
    if name not in COLORMAPS:
        raise ValueError(f"colour map must be one of {sorted(COLORMAPS)}, got {name!r}")
    pts = np.array(COLORMAPS[name], dtype=float)
    x = np.linspace(0.0, 1.0, n)
    return np.stack([np.interp(x, pts[:, 0], pts[:, c]) for c in (1, 2, 3)], axis=1).round().astype(np.uint8)


class _ColourMapped(Layer):
    def __init__(self, volume, name: str, colormap: str, value_range, opacity: float, **kw) -> None:
        colormap_table(colormap, 2)  # validates the name
        super().__init__(volume, name, opacity=opacity, **kw)
        self.colormap = colormap
        self.value_range = _range(value_range)

    def set_colormap(self, name: str) -> None:
        colormap_table(name, 2)
        self.colormap = name
        self._notify("colormap")

    def set_range(self, low: float, high: float) -> None:
        self.value_range = _range((low, high))
        self._notify("colormap")

    def rgba_table(self, n: int = 256) -> np.ndarray:
        """``(n, 4)`` uint8 RGBA over ``value_range`` (row 0 = low end): what the adaptor's lookup table
        holds. Subclasses make some rows transparent."""
        table = np.full((n, 4), 255, dtype=np.uint8)
        table[:, :3] = colormap_table(self.colormap, n)
        return table

    def rgba(self, values2d: np.ndarray, n: int = 256) -> np.ndarray:
        """Colour a 2D array of values as the screen shows it (before the layer's opacity)."""
        lo, hi = self.value_range
        idx = np.clip(np.floor((np.asarray(values2d, dtype=float) - lo) / (hi - lo) * n), 0, n - 1).astype(int)
        return self.rgba_table(n)[idx]


def _range(value_range) -> tuple[float, float]:
    lo, hi = (float(v) for v in value_range)
    if not hi > lo:
        raise ValueError(f"a value range needs low < high, got {value_range!r}")
    return lo, hi


class HeatmapLayer(_ColourMapped):
    """A probability (or any float) map over the image: ``colormap`` over ``value_range`` (default 0..1),
    values under ``threshold`` not drawn; ``scale_bar`` shows the colour scale with its values."""

    def __init__(self, volume, name: str = "probability", colormap: str = "jet", value_range=(0.0, 1.0),
                 threshold: float = 0.05, opacity: float = 0.6, scale_bar: bool = True, title: str = "", **kw) -> None:
        voxels = np.asarray(volume.voxels)
        if not (np.issubdtype(voxels.dtype, np.floating) or np.issubdtype(voxels.dtype, np.integer)):
            raise ValueError(f"a heatmap needs numeric voxels, got {voxels.dtype}")
        super().__init__(volume, name, colormap, value_range, opacity, **kw)
        self.threshold = float(threshold)
        self.scale_bar = bool(scale_bar)
        self.title = title or name

    def set_threshold(self, threshold: float) -> None:
        self.threshold = float(threshold)
        self._notify("colormap")

    def set_scale_bar(self, shown: bool) -> None:
        self.scale_bar = bool(shown)
        self._notify("scale_bar")

    def rgba_table(self, n: int = 256) -> np.ndarray:
        table = super().rgba_table(n)
        lo, hi = self.value_range
        bin_low = lo + (hi - lo) * np.arange(n) / n  # the smallest value of each row
        table[bin_low + (hi - lo) / n <= self.threshold, 3] = 0  # rows wholly below the threshold
        return table


class FusionLayer(_ColourMapped):
    """A second series of the same patient over the image: ``colormap`` over its window
    (``value_range`` = level ∓ width/2), ``opacity`` = the blend (0 = only the base image, 1 = only this
    series), ``registration`` = 4x4 base LPS → this series' LPS (``None``: same frame of reference)."""

    def __init__(self, volume, name: str = "fusion", colormap: str = "hot", value_range=None,
                 opacity: float = 0.5, registration=None, **kw) -> None:
        if value_range is None:
            value_range = _auto_range(volume.frame(0))
        super().__init__(volume, name, colormap, value_range, opacity, **kw)
        self.registration = None if registration is None else _matrix(registration)

    @property
    def affine(self) -> np.ndarray:
        """Voxel index of this series → the base image's patient LPS (through the registration)."""
        if self.registration is None:
            return self.volume.affine
        return np.linalg.inv(self.registration) @ self.volume.affine

    def set_registration(self, matrix) -> None:
        self.registration = None if matrix is None else _matrix(matrix)
        self._notify("volume")

    def set_blend(self, blend) -> None:  # noqa: D401 - Layer.set_blend names the mode; a number is the slider
        if isinstance(blend, (int, float)):
            self.set_opacity(float(blend))
        else:
            super().set_blend(blend)

    def rgba_table(self, n: int = 256) -> np.ndarray:
        table = super().rgba_table(n)
        table[0, 3] = 0  # the series' background (at or under the window's low end) lets the image through
        return table


def _matrix(m) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    if m.shape != (4, 4):
        raise ValueError(f"a registration is a 4x4 matrix, got shape {m.shape}")
    return m


def _auto_range(voxels: np.ndarray) -> tuple[float, float]:
    """1st..99.5th percentile of the non-background voxels (a fused series' default window)."""
    v = np.asarray(voxels)
    sample = v.ravel()[:: max(1, v.size // 200_000)].astype(float)
    inside = sample[sample > sample.min()] if sample.size else sample
    if inside.size == 0:
        return 0.0, 1.0
    lo, hi = np.percentile(inside, [1.0, 99.5])
    return (float(lo), float(hi)) if hi > lo else (float(lo), float(lo) + 1.0)
