"""The demo model reaches the Dice its model card states, on seeded synthetic cases made at test time
(not the training run's validation cases): one thick oblique, one thin, tumours of 15 mm radius.
(Model 0.1.0 over-called oedema on the thin case, whole tumour 0.52, and carried a strict xfail here;
0.2.0 reaches the card's Dice on it.)"""
from __future__ import annotations

import numpy as np
import pytest

from inference.pipeline import sliding_window
from inference.training.cases import make_case
from inference.training.metrics import brats_dice


def _whole_brain_dice(model, case) -> dict:
    idx = np.argwhere(case["mask"])
    box = tuple(slice(int(a), int(b) + 1) for a, b in zip(idx.min(0), idx.max(0)))
    probs = sliding_window(model, case["image"][(slice(None),) + box])
    pred = np.zeros_like(case["label"])
    pred[box] = probs.argmax(0)
    return brats_dice(pred, case["label"])


def _bar(model) -> float:
    """The model card's held-out whole-tumour Dice (the mean of its six held-out cases), no slack."""
    return model.manifest.metrics["held_out_dice"]["whole_tumour"]


def test_thick_oblique_case_reaches_the_card_dice(demo_model, thick_oblique_case):
    d = _whole_brain_dice(demo_model, thick_oblique_case)
    assert d["whole_tumour"] >= _bar(demo_model), d


@pytest.mark.parametrize("seed", [515151])
def test_thin_case_reaches_the_card_dice(demo_model, seed):
    d = _whole_brain_dice(demo_model, make_case(np.random.default_rng(seed), "thin", tumour_radius_mm=15.0))
    assert d["whole_tumour"] >= _bar(demo_model), d


@pytest.mark.parametrize("seed", [515151])
def test_thin_case_core_and_enhancing_are_found(demo_model, seed):
    d = _whole_brain_dice(demo_model, make_case(np.random.default_rng(seed), "thin", tumour_radius_mm=15.0))
    assert d["tumour_core"] >= _bar(demo_model) and d["enhancing"] >= _bar(demo_model), d
