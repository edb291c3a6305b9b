"""Left stays left: a marker in the patient's left hemisphere is at x > 0 (LPS) whatever the
orientation the files were written in, and the voxel data agree with the affine."""
from __future__ import annotations

import numpy as np
import pytest

from tests.geometry.synthetic import MARKER_LPS, rotation, write_series
from viewer.io import load_path

ORIENTATIONS = {
    "standard_axial": ((1, 0, 0), (0, 1, 0)),
    "flipped_row": ((-1, 0, 0), (0, 1, 0)),  # columns run towards the patient's right
    "flipped_column": ((1, 0, 0), (0, -1, 0)),
    "coronal": ((1, 0, 0), (0, 0, -1)),
    "sagittal": ((0, 1, 0), (0, 0, -1)),
    "oblique": tuple(rotation((1, 1, 0.3), 25) @ np.array(v, float) for v in ((1, 0, 0), (0, 1, 0))),
}


@pytest.mark.parametrize("name", sorted(ORIENTATIONS))
def test_marker_on_patients_left(tmp_path, name):
    row, col = ORIENTATIONS[name]
    write_series(tmp_path / name, row, col, n_slices=40, size=64, pixel=3.0)
    result = load_path(tmp_path / name)
    assert not result.skipped
    (vol,) = result.volumes
    assert vol.shape_ijk == (64, 64, 40)
    # the marker's voxels, found in the data, sit where the affine says the marker is
    k, j, i = np.nonzero(vol.voxels >= 1000)
    assert len(k) > 20
    centre = vol.index_to_world(np.stack([i, j, k], axis=1).astype(float)).mean(axis=0)
    assert centre[0] > 30, f"marker at x={centre[0]:.1f}: left/right flipped"
    np.testing.assert_allclose(centre, MARKER_LPS, atol=2.0)
    assert vol.value_at_world(MARKER_LPS) == 1000
    mirrored = MARKER_LPS * [-1, 1, 1]
    assert vol.value_at_world(mirrored) == 100  # the right hemisphere holds plain 'brain'
    # k runs along the slice normal whatever InstanceNumber says
    normal = np.cross(vol.direction[:, 0], vol.direction[:, 1])
    assert np.dot(normal, vol.direction[:, 2]) > 0.999
