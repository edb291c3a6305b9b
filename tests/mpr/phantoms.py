"""Volumes built at test time (synthetic geometry) and loaded from ../shared/data for the MPR tests."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from viewer.geometry.volume import Volume
from viewer.geometry.planes import rotation_matrix


def grid_volume(shape_kji=(20, 24, 28), spacing=(1.0, 1.0, 1.0), direction=None, origin=(0.0, 0.0, 0.0),
                frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.1", series_uid="1.2.3", voxels=None) -> Volume:
    vox = np.zeros(shape_kji, dtype=np.float32) if voxels is None else voxels
    return Volume(voxels=vox, spacing=np.asarray(spacing, float), origin=np.asarray(origin, float),
                  direction=np.eye(3) if direction is None else np.asarray(direction, float),
                  frame_of_reference_uid=frame_of_reference_uid, series_instance_uid=series_uid)


def sphere_phantom(center_lps, radius_mm, shape_kji=(60, 64, 56), spacing=(1.0, 0.9, 1.1), direction=None,
                   origin=(-30.0, -28.0, -32.0), value=1000.0, background=0.0) -> Volume:
    """A volume (any orientation) holding a bright sphere at a known patient position."""
    vol = grid_volume(shape_kji, spacing, direction, origin)
    k, j, i = np.indices(shape_kji)
    world = vol.index_to_world(np.stack([i, j, k], axis=-1).astype(float))
    inside = np.linalg.norm(world - np.asarray(center_lps, float), axis=-1) <= radius_mm
    return vol.with_voxels(np.where(inside, value, background).astype(np.float32))


def oblique_direction(deg_x=20.0, deg_y=-15.0, deg_z=10.0) -> np.ndarray:
    r = np.eye(3)
    for axis, deg in zip(np.eye(3), (deg_x, deg_y, deg_z)):
        r = rotation_matrix(axis, deg) @ r
    return r


def mni_volume(shared_data: Path, step: int = 3) -> Volume:
    """The MNI152 T1 template (real brain, NIfTI RAS → LPS), downsampled by ``step``."""
    import nibabel as nib

    img = nib.load(shared_data / "nifti_mni152_nilearn" / "mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz")
    data = np.asarray(img.dataobj, dtype=np.float32)[::step, ::step, ::step]  # [i, j, k]
    aff = np.diag([-1.0, -1.0, 1.0, 1.0]) @ img.affine @ np.diag([step, step, step, 1.0])
    spacing = np.linalg.norm(aff[:3, :3], axis=0)
    return Volume(voxels=np.ascontiguousarray(data.transpose(2, 1, 0)), spacing=spacing, origin=aff[:3, 3],
                  direction=aff[:3, :3] / spacing, frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.10",
                  series_instance_uid="1.2.826.0.1.3680043.2.1125.11", modality="MR")
