"""Window/level maths: presets, automatic window from the histogram, mouse-drag mapping.

A window is ``(width, level)`` in modality units (HU for CT). Pure numpy.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MIN_WIDTH = 1.0


@dataclass(frozen=True)
class Window:
    width: float
    level: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "width", max(MIN_WIDTH, float(self.width)))
        object.__setattr__(self, "level", float(self.level))

    @property
    def low(self) -> float:
        return self.level - self.width / 2.0

    @property
    def high(self) -> float:
        return self.level + self.width / 2.0

    def __str__(self) -> str:
        return f"W {self.width:g} L {self.level:g}"


@dataclass(frozen=True)
class Preset:
    key: str  # number key
    name: str
    width: float | None = None
    level: float | None = None
    computed: str | None = None  # "file" | "auto"


def load_presets(path: Path | None = None) -> dict[str, list[Preset]]:
    """Presets per modality from ``resources/presets.json`` (``"*"`` = any other modality)."""
    if path is None:
        from resources import resource_path

        path = resource_path("presets.json")
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, list[Preset]] = {}
    for modality, items in raw.items():
        if modality.startswith("_"):
            continue
        out[modality] = [Preset(key=str(p["key"]), name=p["name"], width=p.get("width"), level=p.get("level"),
                                computed=p.get("computed")) for p in items]
    return out


def presets_for(modality: str, presets: dict[str, list[Preset]] | None = None) -> list[Preset]:
    presets = presets if presets is not None else load_presets()
    return presets.get((modality or "").upper(), presets.get("*", []))


def preset_keys(modality: str, presets: dict[str, list[Preset]] | None = None) -> set[str]:
    """The number keys that mean a preset for ``modality`` (CT's 3 and 4 are nothing on MR)."""
    return {p.key for p in presets_for(modality, presets)}


def auto_window(voxels: np.ndarray, low_pct: float = 0.5, high_pct: float = 99.5, max_samples: int = 2_000_000) -> Window:
    """A window spanning the ``low_pct``..``high_pct`` percentiles of the non-background voxels.

    Background (the most common lowest value, e.g. air = 0 in MR) is excluded so the window is set
    by tissue. Large volumes are subsampled with a fixed stride (deterministic)."""
    v = np.asarray(voxels).ravel()
    if v.size > max_samples:
        v = v[:: int(np.ceil(v.size / max_samples))]
    v = v[np.isfinite(v)] if v.dtype.kind == "f" else v
    if v.size == 0:
        return Window(1.0, 0.0)
    vmin = v.min()
    tissue = v[v > vmin]
    if tissue.size < 0.05 * v.size:
        tissue = v
    lo, hi = np.percentile(tissue, [low_pct, high_pct])
    if hi <= lo:
        hi = lo + 1.0
    return Window(width=float(hi - lo), level=float((hi + lo) / 2.0))


def file_window(volume) -> Window | None:
    """The VOI window stored in the files (``Volume.window`` is ``(center, width)``)."""
    if getattr(volume, "window", None):
        center, width = volume.window
        return Window(width=float(width), level=float(center))
    return None


def default_window(volume) -> Window:
    """What a viewer shows first: the file's VOI, else a CT brain window for CT, else an automatic
    window from the middle slice (the one shown first, and the only one decoded while streaming)."""
    w = file_window(volume)
    if w is not None:
        return w
    if (volume.modality or "").upper() == "CT":
        return Window(80, 40)
    frame = volume.frame(0)
    return auto_window(frame[frame.shape[0] // 2])


def resolve_preset(preset: Preset, volume) -> Window:
    """The window a preset gives for ``volume``."""
    if preset.computed == "file":
        return file_window(volume) or auto_window(volume.frame(0))
    if preset.computed == "auto":
        return auto_window(volume.frame(0))
    return Window(float(preset.width), float(preset.level))


def drag_window(window: Window, dx: float, dy: float, value_range: float) -> Window:
    """Left-drag window/level like the common viewers: dragging right widens the window, dragging
    down raises the level (the image gets darker). ``dx``/``dy`` in screen pixels; the sensitivity
    scales with the data's value range so a 1000-pixel drag spans about the whole range."""
    k = max(value_range, 1.0) / 1000.0
    return Window(width=window.width + dx * k, level=window.level + dy * k)


def gray_of(value: float, window: Window, invert: bool = False) -> float:
    """The display grey (0..1) of a value under ``window`` (linear ramp, clamped)."""
    g = (value - window.low) / window.width
    g = min(1.0, max(0.0, g))
    return 1.0 - g if invert else g
