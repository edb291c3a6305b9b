"""Phantoms built at test time in patient coordinates (LPS mm): objects of known size (spheres, an
ellipsoid, point markers) voxelised on any grid, oblique ones included, with partial volume (each voxel
takes the fraction of its sub-voxels inside the object)."""
from __future__ import annotations

import numpy as np

from viewer.geometry.planes import rotation_matrix
from viewer.geometry.volume import Volume

#: an oblique acquisition: axial rows/columns turned 17° about x then 11° about z (a tilted, rotated series)
OBLIQUE = rotation_matrix((0, 0, 1), 11.0) @ rotation_matrix((1, 0, 0), 17.0)
#: a sagittal acquisition: i = posterior (+y), j = inferior (-z), k = patient right (-x)
SAGITTAL = np.array([[0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])


def empty_volume(shape_ijk, spacing, direction, centre, modality="MR", dtype=np.float32) -> Volume:
    d = np.asarray(direction, float)
    sp = np.asarray(spacing, float)
    n = np.asarray(shape_ijk)
    origin = np.asarray(centre, float) - (d * sp) @ ((n - 1) / 2.0)
    return Volume(np.zeros(tuple(n[::-1]), dtype=dtype), spacing=sp, origin=origin, direction=d, modality=modality,
                  series_instance_uid="1.2.826.0.1.3680043.8.498.1", frame_of_reference_uid="1.2.826.0.1.3680043.8.498.2",
                  sop_instance_uids=[f"1.2.826.0.1.3680043.8.498.3.{k + 1}" for k in range(int(n[2]))])


def voxel_centres(volume: Volume) -> np.ndarray:
    k, j, i = np.meshgrid(*(np.arange(s) for s in volume.voxels.shape), indexing="ij")
    return volume.index_to_world(np.stack([i, j, k], axis=-1))


def add_object(volume: Volume, inside, value: float, sub: int = 3) -> None:
    """Add ``value`` × (fraction of each voxel inside) for ``inside(xyz (..., 3)) -> bool``; sub-voxel
    sampling ``sub``³ per voxel."""
    base = voxel_centres(volume)
    frac = np.zeros(volume.voxels.shape, float)
    offs = (np.arange(sub) + 0.5) / sub - 0.5
    step = volume.direction * volume.spacing
    for a in offs:
        for b in offs:
            for c in offs:
                frac += inside(base + step @ np.array([a, b, c]))
    volume.voxels += (value * frac / sub ** 3).astype(volume.voxels.dtype)


def ellipsoid(centre, semi_axes, axes=np.eye(3)):
    """``inside`` function of an ellipsoid with ``semi_axes`` (mm) along the columns of ``axes`` (LPS)."""
    c = np.asarray(centre, float)
    r = np.asarray(semi_axes, float)
    ax = np.asarray(axes, float)

    def inside(xyz):
        q = (xyz - c) @ ax / r
        return (q ** 2).sum(axis=-1) <= 1.0
    return inside


def sphere(centre, radius):
    return ellipsoid(centre, (radius, radius, radius))
