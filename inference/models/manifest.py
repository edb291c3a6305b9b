"""The model folder format: ``manifest.json`` next to the weights (TorchScript ``.pt`` and/or ``.onnx``).

A hospital drops its own validated model into a folder like this and the pipeline runs it without a
code change. See docs/inference.md for every field; :func:`read_manifest` checks them all and says
which one is wrong.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from inference.preprocess import NORMALISATIONS

FORMAT = "cdss-m1-model/1"
SEQUENCES = ("T1", "T1c", "T2", "FLAIR")
WEIGHT_FORMATS = ("torchscript", "onnx")
OUTPUT_MODES = ("softmax",)
BRAIN_MASKS = ("deepbet", "none")


class ModelError(Exception):
    """A model folder cannot be used; the message says why and what to fix."""


class ManifestError(ModelError):
    pass


class MissingModelFile(ModelError):
    pass


class ChecksumMismatch(ModelError):
    pass


class ShapeMismatch(ModelError):
    pass


@dataclass(frozen=True)
class WeightsFile:
    file: str
    format: str  # "torchscript" | "onnx"
    sha256: str


@dataclass(frozen=True)
class Manifest:
    folder: Path
    name: str
    version: str
    description: str
    disclaimer: str  # shown wherever the model's result is shown ("" for a validated clinical model)
    sequences: tuple[str, ...]  # channel order of the network input
    spacing_mm: tuple[float, float, float]
    normalisation: str
    brain_mask: str
    patch_size: tuple[int, int, int]
    overlap: float
    output_mode: str
    labels: dict[int, str]  # output channel / label value -> name (0 = background)
    weights: tuple[WeightsFile, ...]
    metrics: dict = field(default_factory=dict)

    @property
    def n_outputs(self) -> int:
        return max(self.labels) + 1

    def weights_for(self, fmt: str) -> WeightsFile | None:
        return next((w for w in self.weights if w.format == fmt), None)

    def summary(self) -> dict:
        """What a result records about the model that made it."""
        return {"name": self.name, "version": self.version, "disclaimer": self.disclaimer,
                "sha256": {w.format: w.sha256 for w in self.weights}}


def _need(d: dict, key: str, where: str):
    if key not in d:
        raise ManifestError(f"{where}: missing field {key!r}")
    return d[key]


def read_manifest(folder: str | Path) -> Manifest:
    folder = Path(folder)
    path = folder / "manifest.json"
    if not folder.is_dir():
        raise MissingModelFile(f"model folder not found: {folder}")
    if not path.is_file():
        raise MissingModelFile(f"{folder}: no manifest.json (a model folder needs manifest.json and its weights)")
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ManifestError(f"{path}: not valid JSON ({e})") from e
    w = str(path)
    if _need(d, "format", w) != FORMAT:
        raise ManifestError(f"{w}: format {d['format']!r} is not {FORMAT!r}")
    inp = _need(d, "inputs", w)
    seqs = tuple(_need(inp, "sequences", w + " inputs"))
    bad = [s for s in seqs if s not in SEQUENCES]
    if bad or not seqs:
        raise ManifestError(f"{w}: inputs.sequences {list(seqs)} must be taken from {list(SEQUENCES)}")
    norm = _need(inp, "normalisation", w + " inputs")
    if norm not in NORMALISATIONS:
        raise ManifestError(f"{w}: unknown normalisation {norm!r} (known: {list(NORMALISATIONS)})")
    mask = inp.get("brain_mask", "deepbet")
    if mask not in BRAIN_MASKS:
        raise ManifestError(f"{w}: inputs.brain_mask {mask!r} must be one of {list(BRAIN_MASKS)}")
    out = _need(d, "output", w)
    mode = _need(out, "mode", w + " output")
    if mode not in OUTPUT_MODES:
        raise ManifestError(f"{w}: output.mode {mode!r} must be one of {list(OUTPUT_MODES)}")
    labels = {int(k): str(v) for k, v in _need(out, "labels", w + " output").items()}
    if 0 not in labels or sorted(labels) != list(range(len(labels))):
        raise ManifestError(f"{w}: output.labels must number the channels 0..N-1 with 0 = background, got {sorted(labels)}")
    patch = tuple(int(x) for x in _need(d, "patch_size", w))
    if len(patch) != 3 or min(patch) < 8:
        raise ManifestError(f"{w}: patch_size must be three sizes >= 8, got {list(patch)}")
    weights = []
    for n, e in enumerate(_need(d, "weights", w)):
        fmt = _need(e, "format", f"{w} weights[{n}]")
        if fmt not in WEIGHT_FORMATS:
            raise ManifestError(f"{w}: weights[{n}].format {fmt!r} must be one of {list(WEIGHT_FORMATS)}")
        sha = str(_need(e, "sha256", f"{w} weights[{n}]")).lower()
        if len(sha) != 64:
            raise ManifestError(f"{w}: weights[{n}].sha256 must be 64 hex digits")
        weights.append(WeightsFile(str(_need(e, "file", f"{w} weights[{n}]")), fmt, sha))
    if not weights:
        raise ManifestError(f"{w}: no weights listed")
    spacing = tuple(float(x) for x in inp.get("spacing_mm", (1.0, 1.0, 1.0)))
    return Manifest(folder=folder, name=str(_need(d, "name", w)), version=str(_need(d, "version", w)),
                    description=str(d.get("description", "")), disclaimer=str(d.get("disclaimer", "")),
                    sequences=seqs, spacing_mm=spacing, normalisation=norm, brain_mask=mask, patch_size=patch,
                    overlap=float(d.get("overlap", 0.25)), output_mode=mode, labels=labels,
                    weights=tuple(weights), metrics=dict(d.get("metrics", {})))
