"""The demo model reaches the Dice its model card states, on seeded synthetic cases made at test time
(not the training run's validation cases), thin and thick oblique."""
from __future__ import annotations

import numpy as np
import pytest

from inference.pipeline import sliding_window
from inference.training.cases import make_case
from inference.training.metrics import brats_dice

CASES = [(424242, "thick_oblique"), (515151, "thin")]


@pytest.mark.parametrize("seed,protocol", CASES)
def test_demo_model_reaches_its_card_dice(demo_model, seed, protocol):
    card = demo_model.manifest.metrics["held_out_dice"]["whole_tumour"]
    case = make_case(np.random.default_rng(seed), protocol)
    mask = case["mask"]
    idx = np.argwhere(mask)
    box = tuple(slice(int(a), int(b) + 1) for a, b in zip(idx.min(0), idx.max(0)))
    probs = sliding_window(demo_model, case["image"][(slice(None),) + box])
    pred = np.zeros_like(case["label"])
    pred[box] = probs.argmax(0)
    d = brats_dice(pred, case["label"])
    assert d["whole_tumour"] >= min(card, 0.8) - 0.05, f"{protocol}: {d} (model card: {card:.3f})"
