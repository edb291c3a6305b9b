"""Brain extraction with deepbet (MIT, TorchScript weights shipped in its wheel).

deepbet's wheel installs its weights in a top-level ``data/models/`` folder of site-packages (not
inside the ``deepbet`` package), so they are found through the installed distribution's file list
(``importlib.metadata.files("deepbet")``) and checked for presence here; nothing is downloaded.
The network expects a T1 in RAS+ voxel order; our 1 mm grid is LPS-aligned (``[k, j, i]`` = S, P, L),
so the array is transposed and its first two axes flipped on the way in and back on the way out.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, files
from pathlib import Path

import numpy as np

WEIGHT_FILES = ("model.pt", "bbox_model.pt")


class BrainMaskError(Exception):
    pass


def deepbet_weights() -> dict[str, Path]:
    """``{"model.pt": path, "bbox_model.pt": path}`` from the installed deepbet distribution."""
    try:
        listed = files("deepbet") or []
    except PackageNotFoundError as e:
        raise BrainMaskError("deepbet is not installed (pip install deepbet); it provides the brain mask") from e
    found = {f.name: Path(str(f.locate())) for f in listed if str(f).replace("\\", "/").startswith("data/models/")}
    missing = [n for n in WEIGHT_FILES if n not in found or not found[n].is_file()]
    if missing:
        raise BrainMaskError(f"deepbet's weights {missing} are missing from its installation "
                             f"(expected under site-packages/data/models/)")
    return {n: found[n] for n in WEIGHT_FILES}


@lru_cache(maxsize=2)
def _extractor(device: str):
    from deepbet.bet import BrainExtraction

    w = deepbet_weights()
    be = BrainExtraction(no_gpu=device != "cuda", model_path=str(w["model.pt"]), bbox_model_path=str(w["bbox_model.pt"]))
    return be


def brain_mask(t1_lps: np.ndarray, device: str = "cpu", threshold: float = 0.5) -> np.ndarray:
    """Brain mask (bool ``[k, j, i]``) of a T1 on an LPS-aligned grid (``[k, j, i]`` = S, P, L axes)."""
    be = _extractor(device)
    ras = np.ascontiguousarray(t1_lps.transpose(2, 1, 0)[::-1, ::-1, :], np.float32)
    prob = be.run_model(ras.copy())
    mask = be.postprocess(prob > threshold)
    return np.ascontiguousarray(mask[::-1, ::-1, :].transpose(2, 1, 0)).astype(bool)
