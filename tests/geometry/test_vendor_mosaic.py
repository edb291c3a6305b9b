"""UIH "VFRAME" mosaics are split into slices with their private per-slice positions and match
dcm2niix's reference; 4D NIfTI output carries the repetition time as its time step."""
from __future__ import annotations

import nibabel as nib
import numpy as np
import pydicom

from tests.geometry.refgeom import LPS_FROM_RAS, assert_same_geometry
from tests.geometry.synthetic import write_series
from viewer.io import load_path, scan
from viewer.io.nifti import to_nifti, write_nifti

UIH = "mr_uih_vframe_mosaic_dti"


def _reference(shared_data):
    img = nib.load(next((shared_data / UIH / "ref").glob("*.nii")))
    rows = img.shape[1]
    flip_rows = np.array([[1, 0, 0, 0], [0, -1, 0, rows - 1], [0, 0, 1, 0], [0, 0, 0, 1.0]])
    return img, LPS_FROM_RAS @ img.affine @ flip_rows


def test_uih_vframe_mosaic_splits_into_slices_at_dcm2niix_positions(shared_data):
    result = scan(shared_data / UIH / "dicom")
    assert not result.skipped
    (stack,) = result.stacks
    ref_img, ref_lps = _reference(shared_data)
    assert stack.shape == ref_img.shape == (64, 64, 20, 17)
    assert_same_geometry(ref_lps, stack.affine, stack.spacing)
    assert not any("position" in w or "orientation" in w for w in stack.warnings)
    # the first slice of the first file sits where its private (0065,1051) item says
    first = pydicom.dcmread(sorted((shared_data / UIH / "dicom").rglob("*.dcm"))[0], stop_before_pixels=True)
    positions = [np.array(item.ImagePositionPatient, float) for item in first[0x00651051].value]
    np.testing.assert_allclose(stack.geometry.positions, sorted(positions, key=lambda p: p @ stack.direction[:, 2]),
                               atol=1e-4)


def test_uih_vframe_voxels_equal_dcm2niix_and_time_step_is_repetition_time(shared_data, tmp_path):
    (vol,) = load_path(shared_data / UIH / "dicom").volumes
    ref_img, _ = _reference(shared_data)
    ours = vol.voxels.transpose(3, 2, 1, 0)[:, ::-1]  # [t,k,j,i] -> NIfTI [i,j,k,t] with dcm2niix's row flip
    np.testing.assert_array_equal(ours, np.asarray(ref_img.dataobj))
    out = nib.load(write_nifti(vol, tmp_path / "dti.nii"))
    assert out.shape == (64, 64, 20, 17)
    assert abs(float(out.header["pixdim"][4]) - 5.865) < 1e-4  # RepetitionTime 5865 ms, as dcm2niix writes
    assert abs(float(out.header["pixdim"][4]) - float(ref_img.header["pixdim"][4])) < 1e-4
    assert out.header.get_xyzt_units() == ("mm", "sec")


def test_4d_time_step_follows_the_files_repetition_time(tmp_path):
    write_series(tmp_path / "a", (1, 0, 0), (0, 1, 0), n_slices=4, size=16, n_times=3,
                 extra={"RepetitionTime": "2500"})
    write_series(tmp_path / "b", (1, 0, 0), (0, 1, 0), n_slices=4, size=16, n_times=3)
    (with_tr,) = load_path(tmp_path / "a").volumes
    (without,) = load_path(tmp_path / "b").volumes
    assert with_tr.voxels.ndim == 4
    assert float(to_nifti(with_tr).header["pixdim"][4]) == 2.5
    assert float(to_nifti(without).header["pixdim"][4]) == 1.0  # no TR: NIfTI's unit step, not a guess


def test_missing_geometry_warning_names_the_missing_attribute(tmp_path):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=1, size=16)
    ds = pydicom.dcmread(paths[0])
    del ds.ImagePositionPatient
    ds.save_as(paths[0])
    (stack,) = scan(tmp_path / "s").stacks
    (warning,) = [w for w in stack.warnings if "image coordinates" in w]
    assert "ImagePositionPatient" in warning and "ImageOrientationPatient" not in warning
