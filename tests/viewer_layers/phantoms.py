"""Volumes for the layer tests, built from patient coordinates (LPS mm) so that a label map on any grid
puts its label at the same place in the patient."""
from __future__ import annotations

import numpy as np

from viewer.geometry.volume import Volume

#: a box in the patient's LEFT (LPS x > 0), a little anterior (y < 0) and superior (z > 0) of the centre
LEFT_BOX = ((18.0, 32.0), (-14.0, -4.0), (2.0, 12.0))
LEFT_BOX_CENTRE = np.array([25.0, -9.0, 7.0])


def image_volume(value: float = 0.0) -> Volume:
    """101 x 101 x 61 axial 1 mm grid centred on the patient origin, filled with ``value``."""
    vox = np.full((61, 101, 101), value, dtype=np.int16)
    return Volume(vox, spacing=(1.0, 1.0, 1.0), origin=(-50.0, -50.0, -30.0), direction=np.eye(3), modality="MR",
                  window=(100.0, 400.0))


def label_volume(shape_ijk, spacing, direction, centre, box=LEFT_BOX, label: int = 1) -> Volume:
    """A label map (uint8) on its own grid (``direction`` columns = i, j, k in LPS) centred at ``centre``:
    ``label`` in every voxel whose centre lies inside ``box`` ((x0, x1), (y0, y1), (z0, z1)) mm."""
    d = np.asarray(direction, dtype=float)
    sp = np.asarray(spacing, dtype=float)
    n = np.asarray(shape_ijk)
    origin = np.asarray(centre, dtype=float) - (d * sp) @ ((n - 1) / 2.0)
    vol = Volume(np.zeros(tuple(n[::-1]), dtype=np.uint8), spacing=sp, origin=origin, direction=d)
    k, j, i = np.meshgrid(*(np.arange(s) for s in n[::-1]), indexing="ij")
    xyz = vol.index_to_world(np.stack([i, j, k], axis=-1))
    inside = np.ones(vol.voxels.shape, dtype=bool)
    for axis, (lo, hi) in enumerate(box):
        inside &= (xyz[..., axis] >= lo) & (xyz[..., axis] <= hi)
    vol.voxels[inside] = label
    return vol


def same_grid_labels() -> Volume:
    """Labels on the image's own grid."""
    return label_volume((101, 101, 61), (1.0, 1.0, 1.0), np.eye(3), (0.0, 0.0, 0.0))


def sagittal_tilted_labels() -> Volume:
    """Labels on another grid: sagittal rows/columns (i = posterior, j = inferior, k = right), 0.8 x 1.3 x
    1.7 mm, tilted 20 degrees about the patient's z axis, its centre off the image's."""
    t = np.radians(20.0)
    rz = np.array([[np.cos(t), -np.sin(t), 0.0], [np.sin(t), np.cos(t), 0.0], [0.0, 0.0, 1.0]])
    sag = np.array([[0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])  # columns: +y, -z, -x
    return label_volume((70, 50, 40), (0.8, 1.3, 1.7), rz @ sag, (20.0, -5.0, 5.0))
