"""``cdss-workstation inspect`` and ``convert`` as a user runs them (subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nibabel as nib
import numpy as np

from tests.geometry.refgeom import align_axis_order, assert_same_geometry, dicom_affine_from_reference
from tests.geometry.synthetic import MARKER_LPS, write_series
from viewer.io import load_path

EXE = str(Path(sys.executable).with_name("cdss-workstation"))


def _run(*args, check=True):
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, timeout=120, check=check)


def test_inspect_json_lists_stacks_with_geometry_and_skipped(shared_data, tmp_path):
    folder = tmp_path / "study"
    write_series(folder / "t1", (1, 0, 0), (0, 1, 0), n_slices=10, size=32)
    paths = write_series(folder / "dyn", (0, 1, 0), (0, 0, -1), n_slices=4, size=16, n_times=3)
    paths[0].write_bytes(paths[0].read_bytes()[:600])  # truncated
    out = _run("inspect", folder, "--json")
    records = json.loads(out.stdout)
    assert len(records) == 2
    by_plane = {r["plane"]: r for r in records}
    assert by_plane["axial"]["shape"] == [32, 32, 10] and by_plane["axial"]["n_files"] == 10
    sag = by_plane["sagittal"]
    assert sag["shape"][:3] == [16, 16, 4] and sag["modality"] == "MR"
    assert sag["skipped"] and "truncated" in sag["skipped"][0]["reason"]
    assert sag["skipped"][0]["file"].endswith(paths[0].name)
    a = np.array(by_plane["axial"]["affine_lps"])
    np.testing.assert_allclose(a[:3, :3], np.diag([3.0, 3.0, 3.0]), atol=1e-6)
    assert by_plane["axial"]["spacing"] == [3.0, 3.0, 3.0]
    assert {"series_instance_uid", "modality", "shape", "spacing", "affine_lps", "plane", "n_files",
            "skipped"} <= set(sag)


def test_inspect_table_and_nothing_found(tmp_path):
    write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=3, size=16)
    out = _run("inspect", tmp_path / "s")
    assert "axial" in out.stdout and "16x16x3" in out.stdout
    (tmp_path / "junk.txt").write_text("hello")
    bad = _run("inspect", tmp_path / "junk.txt", check=False)
    assert bad.returncode == 1 and "not a DICOM file" in bad.stdout and "Traceback" not in bad.stderr


def test_convert_writes_nifti_with_dcm2niix_geometry(shared_data, tmp_path):
    src = shared_data / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"
    out = _run("convert", src, "--to", "nifti", "--out", tmp_path / "nii")
    (path,) = sorted((tmp_path / "nii").glob("*.nii.gz"))
    assert str(path) in out.stdout
    img = nib.load(path)
    ref = json.loads((shared_data / "mr_ge_signa_3d_t1_axial_oblique/reference_dicom.json").read_text())["regenerated"][0]
    assert list(img.shape) == ref["shape"]
    # our NIfTI keeps DICOM row order; its affine maps to the same patient grid as dcm2niix's
    ours_lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ img.affine
    aligned, _ = align_axis_order(dicom_affine_from_reference(ref), ours_lps, img.shape)
    assert_same_geometry(aligned, ours_lps, img.header.get_zooms()[:3])
    (vol,) = load_path(src).volumes
    np.testing.assert_array_equal(np.asarray(img.dataobj), vol.voxels.transpose(2, 1, 0))


def test_convert_keeps_left_marker_on_the_left_in_ras(tmp_path):
    write_series(tmp_path / "s", (-1, 0, 0), (0, 1, 0), n_slices=40, size=64)
    _run("convert", tmp_path / "s", "--out", tmp_path / "nii", "--uncompressed")
    (path,) = sorted((tmp_path / "nii").glob("*.nii"))
    img = nib.load(path)
    data = np.asarray(img.dataobj)
    ijk = np.argwhere(data >= 1000).mean(axis=0)
    ras = img.affine @ np.r_[ijk, 1]
    assert ras[0] < -30, "left is -x in RAS"
    np.testing.assert_allclose(ras[:3], MARKER_LPS * [-1, -1, 1], atol=2.0)
