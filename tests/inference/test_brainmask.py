"""deepbet (third-party TorchScript weights from its wheel) masks the brain of the real demo glioma."""
from __future__ import annotations

import numpy as np

from inference.brainmask import deepbet_weights


def test_deepbet_weights_found_by_package_path():
    w = deepbet_weights()
    assert set(w) == {"model.pt", "bbox_model.pt"}
    assert all(p.is_file() and p.parent.name == "models" and p.parent.parent.name == "data" for p in w.values())


def test_deepbet_mask_of_the_demo_study_covers_the_brain():
    from inference.brainmask import brain_mask
    from inference.dicom_series import load_series, scan_study
    from inference.register import iso_grid, resample_onto, to_sitk
    from inference.select import choose_sequences
    from tests.inference.conftest import DEMO_STUDY

    t1 = load_series(choose_sequences(scan_study(DEMO_STUDY))["T1"])
    aff, shape = iso_grid(t1.affine, t1.voxels.shape)
    img = resample_onto(to_sitk(t1.voxels, t1.affine), aff, shape)
    mask = brain_mask(img)
    ml = mask.sum() / 1000.0
    # 26 slices of 5.5 mm cover the brain but for the vertex and the lower cerebellum: about 1.1-1.7 L
    assert 900 < ml < 1900, f"brain mask {ml:.0f} mL"
    head = img > np.percentile(img[img > 0], 20)
    assert mask.sum() < 0.85 * head.sum()  # not the whole head
    k, j, i = np.argwhere(mask).mean(0)
    centre = aff @ [i, j, k, 1]
    head_centre = aff @ np.r_[np.argwhere(head).mean(0)[::-1], 1]
    assert abs(centre[0] - head_centre[0]) < 10  # centred left-right in the head
