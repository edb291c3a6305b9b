"""Bad input is skipped and reported (which file, why); the rest loads; never a traceback."""
from __future__ import annotations

import numpy as np
import pydicom

from tests.geometry.synthetic import write_series
from viewer.io import load_path, scan


def _reasons(result):
    return {s.file.rsplit("/", 1)[-1]: s.reason for s in result.skipped}


def test_truncated_non_dicom_no_pixels_and_odd_matrix_are_skipped(tmp_path):
    folder = tmp_path / "series"
    paths = write_series(folder, (1, 0, 0), (0, 1, 0), n_slices=12, size=32)
    # truncated: cut the last file in the middle of its pixel data
    data = paths[3].read_bytes()
    paths[3].write_bytes(data[: len(data) - 700])
    (folder / "notes.txt").write_text("not an image")
    # a file without pixel data (header only)
    ds = pydicom.dcmread(paths[5])
    del ds.PixelData
    ds.save_as(folder / "no_pixels.dcm")
    paths[5].unlink()
    # one slice with a different matrix size in the same series
    odd = tmp_path / "odd"
    write_series(odd, (1, 0, 0), (0, 1, 0), n_slices=1, size=16,
                 series_uid=str(pydicom.dcmread(paths[0]).SeriesInstanceUID))
    (odd / "img_0000.dcm").rename(folder / "odd_matrix.dcm")
    result = load_path(folder)
    reasons = _reasons(result)
    assert "truncated" in reasons[paths[3].name]
    assert "not a DICOM" in reasons["notes.txt"]
    assert "no pixel data" in reasons["no_pixels.dcm"]
    assert "matrix 16x16 differs" in reasons["odd_matrix.dcm"]
    (vol,) = result.volumes
    assert vol.shape_ijk[:2] == (32, 32)
    # 12 written, 2 unusable: the remaining 10 load; the gaps they leave are reported, not hidden
    assert len(vol.metadata["files"]) == 10
    assert any("irregular slice spacing" in w for w in vol.warnings)


def test_garbage_and_empty_files_never_raise(tmp_path):
    (tmp_path / "empty.dcm").write_bytes(b"")
    (tmp_path / "random.dcm").write_bytes(np.random.default_rng(0).bytes(4096))
    (tmp_path / "fake.dcm").write_bytes(b"\0" * 128 + b"DICM" + b"\x02\x00\x10\x00garbage")
    result = scan(tmp_path)
    assert result.stacks == []
    assert len(result.skipped) == 3
    assert all(s.reason for s in result.skipped)


def test_missing_path_is_reported(tmp_path):
    result = scan([tmp_path / "nowhere"])
    assert result.skipped[0].reason == "no such file or folder"


def test_dicomdir_cd_layout_ignores_index_files_and_missing_references(shared_data):
    result = scan(shared_data / "ct_philips_ingenuity_head_phantom_cd")
    names = {s.file.rsplit("/", 1)[-1] for s in result.skipped}
    assert "DICOMDIR" not in names and "DIRFILE" not in names
    by_desc = {s.description: s for s in result.stacks}
    assert by_desc["STD BRAIN 5MM"].shape == (512, 512, 28)
    assert by_desc["STEREOTAXIS"].n_files == 54
    # the exam-summary screenshots are RGB: reported, not loaded as a volume
    assert any("colour" in s.reason for s in result.skipped)


def test_zip_archive_loads_like_the_folder(tmp_path):
    import zipfile

    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=8, size=32)
    with zipfile.ZipFile(tmp_path / "study.zip", "w") as zf:
        for p in paths:
            zf.write(p, f"series/{p.name}")
    (from_zip,) = load_path(tmp_path / "study.zip").volumes
    (from_dir,) = load_path(tmp_path / "s").volumes
    np.testing.assert_array_equal(from_zip.voxels, from_dir.voxels)
    np.testing.assert_allclose(from_zip.affine, from_dir.affine)


def test_file_that_fails_to_decode_is_named_and_the_rest_loads(tmp_path):
    from pydicom.uid import RLELossless

    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=6, size=64, center=(0, 0, 20))
    ds = pydicom.dcmread(paths[2])
    ds.compress(RLELossless)
    ds.save_as(paths[2])
    data = bytearray(paths[2].read_bytes())
    data[-600:] = b"\xff" * 600  # damage the compressed pixel data, keep the file length
    paths[2].write_bytes(bytes(data))
    result = load_path(tmp_path / "s")
    (vol,) = result.volumes
    assert vol.shape_ijk == (64, 64, 6)
    assert any(paths[2].name in w and "could not decode" in w for w in vol.warnings)
    k = vol.metadata["files"].index(str(paths[2]))
    assert np.all(vol.voxels[k] == vol.voxels.min())  # blank, not garbage
    assert vol.voxels[(k + 1) % 6].max() > 0
