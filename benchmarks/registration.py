"""Prior registration: the default (downsampled, head-masked, multi-resolution) against a
full-resolution registration of the same pair, and both against the known truth.

    .venv/bin/python benchmarks/registration.py [--skip-full]

The pair: two 256x256x130 MR series (0.9375 x 0.9375 x 1.2 mm, like the GE 3D T1) of a real brain, the
MNI152 T1 template from ../shared/data resampled at run time; the prior's grid is oblique and its brain
moved by a known rigid transform (7 deg, 8.8 mm), with noise and another intensity scale.
Goals (issue 22): default <= 10 s, and within 1 mm of the full-resolution result at the brain's extent
(the corners of the brain's bounding box). Prints the ratio default / full-resolution time.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
MNI = DATA / "nifti_mni152_nilearn" / "mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"
SHAPE_IJK, SPACING = (256, 256, 130), (0.9375, 0.9375, 1.2)


def _known_transform() -> np.ndarray:
    from viewer.geometry.planes import rotation_matrix

    t = np.eye(4)
    t[:3, :3] = rotation_matrix((0.3, -0.4, 1.0), 7.0)
    t[:3, 3] = (6.0, -4.5, 3.5)
    return t


def _series(mni, direction, center, transform, uid: str, noise: float, scale: float, seed: int):
    """``mni`` resampled onto a 256x256x130 grid around ``center`` (LPS) where the anatomy at grid point
    q is the template's at ``transform(q)``; returned as a viewer Volume."""
    import SimpleITK as sitk

    from viewer.geometry.volume import Volume

    d = np.asarray(direction, float)
    extent = d @ (np.array(SHAPE_IJK) - 1) * np.array(SPACING)
    ref = sitk.Image(list(SHAPE_IJK), sitk.sitkFloat32)
    ref.SetSpacing(SPACING)
    ref.SetDirection(d.ravel().tolist())
    ref.SetOrigin((np.asarray(center, float) - extent / 2).tolist())
    tx = sitk.AffineTransform(3)
    tx.SetMatrix(transform[:3, :3].ravel().tolist())
    tx.SetTranslation(transform[:3, 3].tolist())
    img = sitk.Resample(mni, ref, tx, sitk.sitkLinear, 0.0)
    vox = sitk.GetArrayFromImage(img) * scale
    vox += np.random.default_rng(seed).normal(0, noise, vox.shape).astype(np.float32)
    return Volume(voxels=vox.astype(np.float32), spacing=np.array(SPACING), origin=np.array(ref.GetOrigin()),
                  direction=d, frame_of_reference_uid=f"1.2.826.0.1.3680043.2.1125.{uid}.1",
                  series_instance_uid=f"1.2.826.0.1.3680043.2.1125.{uid}.2", modality="MR")


def make_pair():
    import nibabel as nib
    import SimpleITK as sitk

    from viewer.geometry.planes import rotation_matrix

    img = nib.load(MNI)
    data = np.asarray(img.dataobj, dtype=np.float32)
    aff = np.diag([-1.0, -1.0, 1.0, 1.0]) @ img.affine  # voxel -> LPS
    sp = np.linalg.norm(aff[:3, :3], axis=0)
    mni = sitk.GetImageFromArray(np.ascontiguousarray(data.transpose(2, 1, 0)))
    mni.SetSpacing(sp.tolist())
    mni.SetOrigin(aff[:3, 3].tolist())
    mni.SetDirection((aff[:3, :3] / sp).ravel().tolist())
    centre = aff[:3, :3] @ (np.array(data.shape) - 1) / 2 + aff[:3, 3]
    current = _series(mni, np.eye(3), centre, np.eye(4), "31", 8.0, 1.0, 1)
    truth = _known_transform()  # prior LPS = truth @ current LPS
    oblique = rotation_matrix((1.0, 0.0, 0.0), 12.0) @ rotation_matrix((0.0, 1.0, 0.0), -6.0)
    prior = _series(mni, oblique, truth[:3, :3] @ centre + truth[:3, 3], np.linalg.inv(truth), "32", 10.0, 0.8, 2)
    return current, prior, truth


def brain_corners(vol) -> np.ndarray:
    """The 8 corners (LPS) of the bounding box of the brain (voxels above the mean) in ``vol``."""
    k, j, i = np.nonzero(vol.voxels > vol.voxels.mean())
    lo, hi = np.array([i.min(), j.min(), k.min()]), np.array([i.max(), j.max(), k.max()])
    corners = np.array([[hi[a] if bit else lo[a] for a, bit in enumerate(bits)]
                        for bits in itertools.product((0, 1), repeat=3)], float)
    return vol.index_to_world(corners)


def worst(m_a, m_b, points) -> float:
    from viewer.mpr.registration import rigid_error

    return max(rigid_error(m_a, m_b, p)[0] for p in points)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-full", action="store_true", help="do not run the full-resolution registration")
    args = ap.parse_args()
    from viewer.mpr.registration import RegistrationSettings, register_rigid

    current, prior, truth = make_pair()
    corners = brain_corners(current)
    print(f"series: current {current.voxels.shape[::-1]} axial, prior {prior.voxels.shape[::-1]} oblique; "
          f"brain box {np.ptp(corners, axis=0).round(0)} mm")
    t = time.perf_counter()
    fast = register_rigid(current, prior)
    t_fast = time.perf_counter() - t
    print(f"  default (3 mm, head mask, 3 levels): {t_fast:6.1f} s, {fast.iterations} iterations, "
          f"{worst(fast.transform, truth, corners):.2f} mm from the truth at the brain's extent")
    if args.skip_full:
        print(f"default <= 10 s: {'goal met' if t_fast <= 10 else 'GOAL MISSED'}")
        return 0
    full_settings = RegistrationSettings(target_spacing_mm=None, mask_head=False, max_voxels_finest=10 ** 9)
    t = time.perf_counter()
    full = register_rigid(current, prior, full_settings)
    t_full = time.perf_counter() - t
    diff = worst(fast.transform, full.transform, corners)
    print(f"  full resolution (no mask, 3 levels): {t_full:6.1f} s, {full.iterations} iterations, "
          f"{worst(full.transform, truth, corners):.2f} mm from the truth at the brain's extent")
    print(f"default / full-resolution time = {t_fast / t_full:.2f}; default within {diff:.2f} mm of the "
          f"full-resolution result at the brain's extent")
    ok = t_fast <= 10 and diff <= 1.0
    print(f"goal (<= 10 s and <= 1 mm): {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
