"""Intensity normalisation shared by training and inference (one definition, so they cannot drift).

``zscore_in_mask``: per channel, subtract the mean and divide by the standard deviation of the voxels
inside the brain mask (after clipping to the 0.5-99.5 percentiles of those voxels); voxels outside the
mask are 0; the result is clipped to [-5, 5]. The model manifest names it ``"zscore_in_mask"``.
"""
from __future__ import annotations

import numpy as np

NORMALISATIONS = ("zscore_in_mask",)


def zscore_in_mask(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``image`` (C, k, j, i), ``mask`` (k, j, i) bool → float32 (C, k, j, i)."""
    if not mask.any():
        raise ValueError("brain mask is empty: nothing to normalise")
    out = np.zeros(image.shape, np.float32)
    for c in range(image.shape[0]):
        v = image[c][mask].astype(np.float32)
        lo, hi = np.percentile(v, [0.5, 99.5])
        v = np.clip(v, lo, hi)
        mu, sd = float(v.mean()), float(v.std())
        ch = (np.clip(image[c], lo, hi) - mu) / max(sd, 1e-6)
        out[c] = np.where(mask, np.clip(ch, -5.0, 5.0), 0.0)
    return out


def normalise(name: str, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    if name == "zscore_in_mask":
        return zscore_in_mask(image, mask)
    raise ValueError(f"unknown normalisation {name!r} (known: {', '.join(NORMALISATIONS)})")
