"""The whole M1 pipeline on a synthetic DICOM study (thick oblique slices, T2/FLAIR tilted against
T1/T1c): left stays left, the SEG has the source geometry, volumes and progress are reported."""
from __future__ import annotations

import json

import numpy as np
import pydicom
import pytest

from inference.seg_output import read_seg_volume, seg_on_grid
from inference.synthetic.acquire import Grid, labels_on


def _truth_on_t1c(study):
    g = study.grids["T1c"]
    lab, _ = labels_on(study.phantom, Grid(g.affine, g.shape))
    return lab


def _centroid_lps(mask, affine):
    k, j, i = np.argwhere(mask).mean(0)
    return (affine @ [i, j, k, 1.0])[:3]


def test_left_hemisphere_lesion_is_segmented_on_the_left(left_lesion_study, left_lesion_result):
    res = left_lesion_result
    truth = _truth_on_t1c(left_lesion_study)
    assert _centroid_lps(truth > 0, res.affine)[0] > 15  # the phantom put it in the patient's left
    found = res.labels > 0
    assert found.sum() > 0.5 * (truth > 0).sum()
    c = _centroid_lps(found, res.affine)
    assert c[0] > 15, f"tumour centroid at LPS x = {c[0]:.1f} mm: not in the left hemisphere"
    assert np.linalg.norm(c - _centroid_lps(truth > 0, res.affine)) < 10
    k, j, i = np.nonzero(found)
    x = res.affine[0, 0] * i + res.affine[0, 1] * j + res.affine[0, 2] * k + res.affine[0, 3]  # LPS x of each voxel
    from scipy import ndimage

    near_truth = ndimage.binary_dilation(truth > 0, iterations=2)
    right_false = (x < 0) & ~near_truth[k, j, i]
    assert right_false.mean() < 0.03  # (almost) nothing labelled in the right hemisphere that is not tumour
    wt = 2 * (found & (truth > 0)).sum() / (found.sum() + (truth > 0).sum())
    assert wt > 0.6, f"whole-tumour Dice {wt:.2f} on the 5 mm T1c grid"


def test_seg_read_back_has_the_source_geometry_and_labels(left_lesion_study, left_lesion_result):
    res = left_lesion_result
    labels, affine = read_seg_volume(res.seg)
    # same lattice as the T1c (highdicom may order the slices its own way: compare through the affines)
    m = np.linalg.inv(affine) @ res.affine
    assert np.allclose(m, np.rint(m), atol=1e-3) and abs(abs(np.linalg.det(m[:3, :3])) - 1) < 1e-6
    assert sorted(labels.shape) == sorted(res.labels.shape) and labels.size == res.labels.size
    back = seg_on_grid(res.seg, res.affine, res.labels.shape)
    assert np.array_equal(back, res.labels)
    assert (back == 2).sum() > 100  # there is something to compare
    ds = pydicom.dcmread(res.seg)
    assert ds.SegmentationType == "BINARY"
    assert "not for clinical use" in ds.SeriesDescription
    algo = ds.SegmentSequence[0].SegmentationAlgorithmIdentificationSequence[0]
    assert "synthetic" in algo.AlgorithmName and algo.AlgorithmVersion == res.model["version"]
    assert res.model["weights_sha256"] in algo.AlgorithmParameters
    t1c_uid = left_lesion_study.series_uids["T1c"]
    assert ds.ReferencedSeriesSequence[0].SeriesInstanceUID == t1c_uid
    assert [s.SegmentLabel for s in ds.SegmentSequence] == ["necrosis", "oedema", "enhancing"]


def test_probability_seg_is_fractional_on_the_same_grid(left_lesion_result):
    res = left_lesion_result
    assert pydicom.dcmread(res.probability_seg).SegmentationType == "FRACTIONAL"
    prob = seg_on_grid(res.probability_seg, res.affine, res.labels.shape)
    assert np.abs(prob - res.probability).max() <= 1 / 255 + 1e-6
    assert prob[res.labels > 0].mean() > 0.5 > prob[res.labels == 0].mean()


def test_volumes_progress_and_timing(left_lesion_result):
    res = left_lesion_result
    voxel_ml = abs(np.linalg.det(res.affine[:3, :3])) / 1000
    assert res.volumes_ml["oedema"] == pytest.approx((res.labels == 2).sum() * voxel_ml, abs=1e-3)
    assert 800 < res.brain_ml < 2000
    stages = list(dict.fromkeys(s for s, f in res.progress_seen if f == 1.0))
    assert stages == ["read", "register", "resample", "brain_mask", "normalise", "inference", "resample_back",
                      "write"]
    assert set(res.seconds) >= set(stages) | {"total"}
    out = res.to_json()
    json.dumps(out)
    assert set(out) >= {"seg", "volumes_ml", "model", "seconds"}


def test_cancel_stops_before_anything_is_written(left_lesion_study, demo_model, tmp_path):
    import threading

    from inference.dicom_series import Cancelled
    from inference.pipeline import segment_study

    cancel = threading.Event()

    def progress(stage, fraction):
        if stage == "register":
            cancel.set()

    with pytest.raises(Cancelled):
        segment_study(left_lesion_study.folder, tmp_path / "out", model=demo_model, progress=progress, cancel=cancel)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
