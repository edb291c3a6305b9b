"""The NIfTI writer used by ``convert`` writes what nibabel writes for the same volume: same voxels,
sform, qform (also mirrored and non-orthogonal affines), zooms, time step, units; .nii.gz included."""
from __future__ import annotations

import gzip

import nibabel as nib
import numpy as np
import pytest

from tests.geometry.synthetic import write_series
from viewer.geometry.planes import rotation_matrix
from viewer.io import load_path
from viewer.io.nifti import to_nifti, write_nifti
from viewer.io.nifti_file import write_nifti1


def _affines():
    rng = np.random.default_rng(7)
    out = [np.diag([-0.9375, -0.9375, 1.2, 1.0])]
    for n in range(12):
        r = rotation_matrix(rng.normal(size=3), rng.uniform(0, 180))
        a = np.eye(4)
        a[:3, :3] = r * rng.uniform(0.5, 3.0, size=3)
        if n % 3 == 0:
            a[:3, 0] = -a[:3, 0]  # a mirrored grid: qfac -1
        if n % 4 == 1:
            a[:3, 2] += 0.01 * a[:3, 0]  # slightly sheared, as slice positions can make it
        a[:3, 3] = rng.uniform(-150, 150, size=3)
        out.append(a)
    return out


@pytest.mark.parametrize("affine", _affines())
def test_header_geometry_equals_nibabel(tmp_path, affine):
    vox = np.arange(4 * 5 * 6, dtype=np.int16).reshape(4, 5, 6)  # [k, j, i]
    ours = nib.load(write_nifti1(tmp_path / "a.nii", vox, affine))
    ref = nib.Nifti1Image(vox.transpose(2, 1, 0), affine)
    ref.set_sform(affine, 1)
    ref.set_qform(affine, 1)
    np.testing.assert_allclose(ours.get_sform(), ref.get_sform(), atol=1e-4)
    np.testing.assert_allclose(ours.get_qform(), ref.get_qform(), atol=1e-4)
    np.testing.assert_allclose(ours.header.get_zooms(), ref.header.get_zooms(), atol=1e-5)
    assert int(ours.header["qform_code"]) == int(ours.header["sform_code"]) == 1
    np.testing.assert_array_equal(np.asarray(ours.dataobj), vox.transpose(2, 1, 0))


@pytest.mark.parametrize("dtype", [np.int16, np.uint16, np.float32, np.uint8, np.int32])
def test_gzip_multi_member_reads_back_in_nibabel_and_gzip(tmp_path, dtype):
    rng = np.random.default_rng(3)
    vox = (rng.normal(100, 30, size=(2, 30, 64, 70))).astype(dtype)  # [t, k, j, i], > one 4 MiB block as float
    path = write_nifti1(tmp_path / "b.nii.gz", vox, np.diag([2.0, 2.0, 3.0, 1.0]), time_step_s=2.5, descrip="T")
    img = nib.load(path)
    np.testing.assert_array_equal(np.asarray(img.dataobj), vox.transpose(3, 2, 1, 0))
    assert img.header["pixdim"][4] == pytest.approx(2.5)
    assert img.header.get_xyzt_units() == ("mm", "sec")
    assert len(gzip.decompress(path.read_bytes())) == 352 + vox.nbytes


def test_write_nifti_equals_nibabels_image_of_the_same_volume(tmp_path):
    write_series(tmp_path / "s", (0.95, 0.3, 0.0), (-0.3, 0.95, 0.1), n_slices=7, size=24, n_times=2,
                 extra={"RepetitionTime": "3000"}, slope=2.0, intercept=-5.0)
    (vol,) = load_path(tmp_path / "s").volumes
    ours = nib.load(write_nifti(vol, tmp_path / "v.nii.gz"))
    ref = to_nifti(vol)
    np.testing.assert_array_equal(np.asarray(ours.dataobj), np.asarray(ref.dataobj))
    np.testing.assert_allclose(ours.affine, ref.affine, atol=1e-4)
    np.testing.assert_allclose(ours.get_qform(), ref.get_qform(), atol=1e-4)
    assert ours.header["pixdim"][4] == pytest.approx(3.0)
    assert ours.header["descrip"] == ref.header["descrip"]
