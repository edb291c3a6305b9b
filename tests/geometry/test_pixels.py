"""Pixel decoding: compressed samples equal their uncompressed twins; modality LUT, signedness,
MONOCHROME1, default window, metadata, first-slice preview, progress and cancel."""
from __future__ import annotations

import threading

import numpy as np
import pydicom
import pytest

from tests.geometry.synthetic import write_series
from viewer.io import LoadCancelled, load_path, scan

TWINS = {
    "mr_siemens_transfer_syntaxes/dicom": [f"{i}.dcm" for i in range(1, 10)],
    "pydicom_codec_samples/pydicom": ["MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                                      "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm",
                                      "MR_small_jpeg_ls_lossless.dcm"],
    "pydicom_codec_samples/pydicom-data": ["emri_small.dcm", "emri_small_RLE.dcm", "emri_small_big_endian.dcm",
                                           "emri_small_jpeg_2k_lossless.dcm", "emri_small_jpeg_ls_lossless.dcm"],
}
#: same image, but the upstream uncompressed and JPEG 2000 "lossless" files are not bit-identical
#: (pydicom itself decodes them to different values): the same picture, not the same numbers
NEAR_TWINS = [("MR2_UNCI.dcm", "MR2_J2KR.dcm"), ("693_UNCI.dcm", "693_J2KR.dcm")]


@pytest.mark.parametrize("folder", sorted(TWINS))
def test_compressed_decode_to_uncompressed_twin(shared_data, folder):
    base = shared_data / folder.rstrip("/")
    vols = []
    for name in TWINS[folder]:
        result = load_path(base / name)
        assert not result.skipped, result.skipped
        (vol,) = result.volumes
        vols.append((name, vol))
    ref_name, ref = vols[0]
    assert ref.voxels.std() > 0
    for name, vol in vols[1:]:
        assert vol.voxels.shape == ref.voxels.shape, name
        np.testing.assert_array_equal(vol.voxels, ref.voxels, err_msg=f"{name} vs {ref_name}")
        np.testing.assert_allclose(vol.affine, ref.affine, atol=1e-6)


@pytest.mark.parametrize("pair", NEAR_TWINS)
def test_jpeg2000_samples_decode_to_the_same_picture(shared_data, pair):
    base = shared_data / "pydicom_codec_samples/pydicom-data"
    (a,), (b,) = (load_path(base / n).volumes for n in pair)
    assert a.voxels.shape == b.voxels.shape
    assert np.corrcoef(a.voxels.ravel(), b.voxels.ravel())[0, 1] > 0.99


def test_mixed_uncompressed_and_jpeg2000_mosaics_form_one_4d_volume(shared_data):
    (st,) = scan(shared_data / "mr_siemens_trio_mosaic_orientation/dicom/fMRI_MB_int_mixed_uncompressed_jpeg2000").stacks
    vol = st.load()
    assert vol.shape_ijk == (86, 86, 36, 2)
    # two time points of the same brain: strongly correlated, not identical
    a, b = vol.voxels[0].ravel().astype(float), vol.voxels[1].ravel().astype(float)
    assert np.corrcoef(a, b)[0, 1] > 0.8 and not np.array_equal(a, b)


def test_rescale_signed_and_window(tmp_path):
    write_series(tmp_path / "ct", (1, 0, 0), (0, 1, 0), n_slices=6, size=32, slope=2.0, intercept=-1024.0)
    (vol,) = load_path(tmp_path / "ct").volumes
    # phantom values 0/100/1000 come back after stored*2-1024
    assert set(np.unique(vol.voxels).tolist()) <= {0.0, 100.0, 1000.0}
    assert vol.window == (500.0, 1000.0)
    assert vol.metadata["patient_name"] == "Test^Phantom" and vol.metadata["series_number"] == "3"
    for key in ("patient_id", "patient_birth_date", "patient_sex", "study_date", "study_description",
                "series_description", "body_part", "accession_number", "institution", "manufacturer"):
        assert isinstance(vol.metadata[key], str)


def test_unsigned_with_high_bits_and_monochrome1(tmp_path):
    paths = write_series(tmp_path / "cr", (1, 0, 0), (0, 1, 0), n_slices=3, size=64)
    for p in paths:
        ds = pydicom.dcmread(p)
        arr = ds.pixel_array.astype(np.uint16) | np.uint16(0xF000)  # garbage above BitsStored=12
        ds.PixelRepresentation, ds.BitsStored, ds.HighBit = 0, 12, 11
        ds.PhotometricInterpretation = "MONOCHROME1"
        ds.PixelData = arr.tobytes()
        ds.save_as(p)
    (vol,) = load_path(tmp_path / "cr").volumes
    assert vol.monochrome1
    assert set(np.unique(vol.voxels).tolist()) == {0, 100}  # the high bits were masked off


def test_load_slice_preview_progress_and_cancel(tmp_path):
    write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=10, size=32)
    (st,) = scan(tmp_path / "s").stacks
    calls = []
    vol = st.load(progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (10, 10) and len(calls) == 10
    np.testing.assert_array_equal(st.load_slice(4), vol.voxels[4])
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelled):
        st.load(cancel=cancel)


def test_repeated_positions_become_time_points(tmp_path):
    write_series(tmp_path / "dyn", (1, 0, 0), (0, 1, 0), n_slices=5, size=64, n_times=3, center=(0, 0, 20))
    (vol,) = load_path(tmp_path / "dyn").volumes
    assert vol.shape_ijk == (64, 64, 5, 3)
    # each time point adds 10 to the phantom: ordered in time, never interleaved
    assert [int(vol.voxels[t].max()) for t in range(3)] == [1000, 1010, 1020]
    assert all(np.ptp(vol.voxels[t][vol.voxels[t] > 0]) <= 1000 for t in range(3))


def test_irregular_spacing_is_resampled_and_reported(tmp_path):
    positions = [0, 3, 6, 9, 15, 18, 21, 24]  # a missing slice between 9 and 15
    write_series(tmp_path / "gap", (1, 0, 0), (0, 1, 0), positions_mm=positions, size=64, center=(0, 0, 10))
    (st,) = scan(tmp_path / "gap").stacks
    assert st.resampled and "irregular slice spacing" in st.warnings[0]
    assert st.shape == (64, 64, 9) and np.isclose(st.spacing[2], 3.0)
    vol = st.load()
    assert vol.warnings == st.warnings
    # the grid's slices at file positions equal the files; the slice in the gap is interpolated
    np.testing.assert_array_equal(vol.voxels[5], st.load_file_slice(4))
    np.testing.assert_array_equal(st.load_slice(5), st.load_file_slice(4))  # nearest file slice
    np.testing.assert_allclose(vol.voxels[4], (st.load_file_slice(3) + st.load_file_slice(4)) / 2, atol=1e-3)


def test_deflated_files_load_like_the_original(tmp_path):
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=4, size=64, center=(0, 0, 20))
    (ref,) = load_path(tmp_path / "s").volumes
    for p in paths:
        ds = pydicom.dcmread(p)
        ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
        ds.save_as(tmp_path / f"deflated_{p.name}", enforce_file_format=True)
        p.unlink()
    result = load_path(tmp_path)
    assert not result.skipped, result.skipped
    (vol,) = result.volumes
    np.testing.assert_array_equal(vol.voxels, ref.voxels)


def test_scan_reports_progress_and_can_be_cancelled(tmp_path):
    write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=6, size=16)
    calls = []
    scan(tmp_path / "s", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (6, 6)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelled):
        scan(tmp_path / "s", cancel=cancel)
