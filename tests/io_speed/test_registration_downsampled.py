"""The fast prior registration (averaged to ~3 mm, head mask, pyramid) recovers a known rigid motion of a
real brain to well under a millimetre at the head's extent, reports progress from the start and the mask
holds the head, not the background."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import SimpleITK as sitk

from tests.mpr.phantoms import mni_volume
from viewer.geometry.planes import rotation_matrix
from viewer.mpr.registration import (RegistrationSettings, downsampled, head_mask, register_rigid, rigid_error,
                                     to_sitk)


@pytest.fixture(scope="module")
def pair(shared_data):
    current = mni_volume(shared_data, step=2)  # 2 mm voxels: the fast path averages them to ~4 mm
    truth = np.eye(4)
    truth[:3, :3] = rotation_matrix((-0.2, 1.0, 0.4), 6.0)
    truth[:3, 3] = (-5.0, 7.0, 4.0)
    inv = np.linalg.inv(truth)
    tx = sitk.AffineTransform(3)
    tx.SetMatrix(inv[:3, :3].ravel().tolist())
    tx.SetTranslation(inv[:3, 3].tolist())
    moved = sitk.GetArrayFromImage(sitk.Resample(to_sitk(current), to_sitk(current), tx, sitk.sitkLinear, 0.0))
    moved = moved * 0.7 + np.random.default_rng(1).normal(0, 5, moved.shape)
    prior = current.with_voxels(moved.astype(np.float32), frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.40",
                                series_instance_uid="1.2.826.0.1.3680043.2.1125.41")
    return current, prior, truth


def _head_corners(vol) -> np.ndarray:
    k, j, i = np.nonzero(vol.voxels > vol.voxels.mean())
    lo, hi = (i.min(), j.min(), k.min()), (i.max(), j.max(), k.max())
    return vol.index_to_world(np.array([[hi[a] if b else lo[a] for a, b in enumerate(bits)]
                                        for bits in itertools.product((0, 1), repeat=3)], float))


def test_fast_registration_recovers_known_motion_at_the_heads_extent(pair):
    current, prior, truth = pair
    progress = []
    reg = register_rigid(current, prior, progress=lambda f, text: progress.append((f, text)))
    assert max(rigid_error(reg.transform, truth, p)[0] for p in _head_corners(current)) < 0.5
    assert progress[0][1].startswith("prepared") and progress[-1] == (1.0, "done")
    assert all(a[0] <= b[0] for a, b in zip(progress, progress[1:]))


def test_downsampling_and_head_mask(pair):
    current, _prior, _truth = pair
    img = to_sitk(current)
    small = downsampled(img, RegistrationSettings().target_spacing_mm)
    assert min(small.GetSpacing()) >= 2.5 * 0.99 and np.allclose(small.GetDirection(), img.GetDirection())
    # the same patient extent: the centre of the grid stays where it was
    centre = lambda im: np.array(im.TransformContinuousIndexToPhysicalPoint([(n - 1) / 2 for n in im.GetSize()]))
    np.testing.assert_allclose(centre(small), centre(img), atol=max(small.GetSpacing()))
    mask = sitk.GetArrayFromImage(head_mask(small)).astype(bool)
    vox = sitk.GetArrayFromImage(small)
    assert vox[mask].mean() > 3 * vox[~mask].mean()  # the head inside, the background outside
    assert 0.1 < mask.mean() < 0.9
