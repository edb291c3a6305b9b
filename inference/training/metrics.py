"""Dice on BraTS regions: whole tumour (1|2|3), tumour core (1|3), enhancing (3)."""
from __future__ import annotations

import numpy as np

REGIONS = {"whole_tumour": (1, 2, 3), "tumour_core": (1, 3), "enhancing": (3,)}


def dice(a: np.ndarray, b: np.ndarray) -> float:
    """Dice of two boolean masks; 1.0 when both are empty."""
    s = int(a.sum()) + int(b.sum())
    return 1.0 if s == 0 else 2.0 * int(np.logical_and(a, b).sum()) / s


def brats_dice(pred: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    return {name: dice(np.isin(pred, labs), np.isin(truth, labs)) for name, labs in REGIONS.items()}
