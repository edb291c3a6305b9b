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


def _demo_t1_on_1mm():
    from inference.dicom_series import load_series, scan_study
    from inference.register import iso_grid, resample_onto, to_sitk
    from inference.select import choose_sequences
    from tests.inference.conftest import DEMO_STUDY

    t1 = load_series(choose_sequences(scan_study(DEMO_STUDY))["T1"])
    aff, shape = iso_grid(t1.affine, t1.voxels.shape)
    return resample_onto(to_sitk(t1.voxels, t1.affine), aff, shape)


def test_the_checked_loader_gives_deepbets_own_mask():
    """deepbet's weights through our loader (checksummed, NumPy quantiles) mask what deepbet's own class masks."""
    from deepbet.bet import BrainExtraction

    from inference.brainmask import brain_mask

    img = _demo_t1_on_1mm()
    ours = brain_mask(img)
    w = deepbet_weights()
    theirs_be = BrainExtraction(no_gpu=True, model_path=str(w["model.pt"]), bbox_model_path=str(w["bbox_model.pt"]))
    ras = np.ascontiguousarray(img.transpose(2, 1, 0)[::-1, ::-1, :], np.float32)
    theirs = theirs_be.postprocess(theirs_be.run_model(ras.copy()) > 0.5)
    theirs = np.ascontiguousarray(theirs[::-1, ::-1, :].transpose(2, 1, 0)).astype(bool)
    assert ours.sum() > 500_000
    assert (ours != theirs).sum() <= 1e-4 * theirs.sum()


def test_tampered_deepbet_weights_are_refused(tmp_path):
    import pytest

    from inference.brainmask import _checked_networks
    from inference.models.manifest import ChecksumMismatch

    w = deepbet_weights()
    bad = dict(w)
    bad["model.pt"] = tmp_path / "model.pt"
    data = bytearray(w["model.pt"].read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad["model.pt"].write_bytes(bytes(data))
    with pytest.raises(ChecksumMismatch, match="deepbet brain extraction: model.pt has sha256"):
        _checked_networks("cpu", weights=bad)
