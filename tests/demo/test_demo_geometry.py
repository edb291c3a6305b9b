"""The shipped demo DICOM puts every pixel where the source NIfTI does (issue 14).

The demo is read back with the workstation's own ``convert`` (DICOM → NIfTI, RAS) and each sequence is
resampled into the source NIfTI's grid through both affines (SimpleITK, world space) and correlated with it.
The same comparison with a left/right flip, a front/back flip, reversed slice order or a one-slice slip of
the converted pixels (geometry kept) must fail, so the check can tell a correct conversion from a wrong one.
"""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
import SimpleITK as sitk

from workstation.cli.main import main as cli
from workstation.reading.demo_seed import demo_dicom_dir, demo_files, demo_focus

NIFTI = "mr_glioma_tcga_lgg_nifti"
#: converted file name (``<series number>_<description>.nii.gz``) → source NIfTI
SOURCES = {"AX_T2_FLAIR": "flair", "AX_T1_SE_POST_GD": "t1c", "AX_T2_TSE": "t2", "AX_T1_SE": "t1"}
#: pixel mistakes a converter can make, on the [k, j, i] array of the converted volume
SLIPS = {
    "left/right flip": lambda a: a[:, :, ::-1],
    "front/back flip (no row flip)": lambda a: a[:, ::-1, :],
    "reversed slice order": lambda a: a[::-1],
    "one-slice slip": lambda a: np.roll(a, 1, axis=0),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_nifti")
    assert cli(["convert", str(demo_dicom_dir()), "--to", "nifti", "--out", str(out)]) == 0
    files = {}
    for f in sorted(out.glob("*.nii.gz")):
        stem = f.name.split("_", 1)[1].removesuffix(".nii.gz")
        files[SOURCES[stem]] = f
    assert sorted(files) == ["flair", "t1", "t1c", "t2"]
    return files


def world_r(moving: sitk.Image, fixed: sitk.Image) -> float:
    """Pearson r between ``fixed`` and ``moving`` resampled (linear) into ``fixed``'s grid by world position."""
    res = sitk.Resample(moving, fixed, sitk.Transform(), sitk.sitkLinear, 0.0, sitk.sitkFloat32)
    a, b = sitk.GetArrayViewFromImage(res).ravel(), sitk.GetArrayViewFromImage(fixed).ravel()
    return float(np.corrcoef(a, b)[0, 1])


def with_pixels(img: sitk.Image, fn) -> sitk.Image:
    out = sitk.GetImageFromArray(np.ascontiguousarray(fn(sitk.GetArrayFromImage(img))))
    out.CopyInformation(img)
    return out


@pytest.mark.parametrize("seq", ["flair", "t1c", "t2", "t1"])
def test_demo_matches_the_source_nifti_in_world_space(converted, shared_data, seq):
    source = sitk.ReadImage(str(shared_data / NIFTI / f"{seq}.nii.gz"), sitk.sitkFloat32)
    demo = sitk.ReadImage(str(converted[seq]), sitk.sitkFloat32)
    r = world_r(demo, source)
    print(f"{seq}: r = {r:.6f}", end="")
    assert r >= 0.99
    for name, slip in SLIPS.items():
        r_bad = world_r(with_pixels(demo, slip), source)
        print(f"; {name} r = {r_bad:.3f}", end="")
        assert r_bad < 0.9, f"{seq}: a {name} would go unnoticed (r = {r_bad:.3f})"
    print()


def test_lesion_is_on_the_patients_right_in_both(converted, shared_data):
    """The focus the demo opens on is the right frontal lesion: RAS x > 0 in the source, LPS x < 0 in the
    DICOM, and the FLAIR is brighter there than at the mirrored point on the left, in both."""
    x, y, z = demo_focus()
    assert x < 0 and y < 0  # LPS: patient right, anterior
    for path in (shared_data / NIFTI / "flair.nii.gz", converted["flair"]):
        img = sitk.ReadImage(str(path), sitk.sitkFloat32)  # ITK's physical space is LPS, for NIfTI too

        def mean_around(p, img=img):
            idx = img.TransformPhysicalPointToIndex(tuple(float(v) for v in p))
            a = sitk.GetArrayViewFromImage(img)
            return float(a[idx[2], idx[1] - 3: idx[1] + 4, idx[0] - 3: idx[0] + 4].mean())

        lesion, mirror = mean_around((x, y, z)), mean_around((-x, y, z))
        print(f"{path.name}: FLAIR at the lesion {lesion:.0f}, at the mirrored point {mirror:.0f}")
        assert lesion > 1.2 * mirror, (path.name, lesion, mirror)


def test_demo_headers_describe_one_patient_study_and_frame(shared_data):
    headers = [pydicom.dcmread(f, stop_before_pixels=True) for f in demo_files()]
    assert len(headers) == 104
    assert {str(h.PatientName) for h in headers} == {h.PatientID for h in headers} == {"TCGA-FG-6692"}
    assert len({h.StudyInstanceUID for h in headers}) == 1 and len({h.FrameOfReferenceUID for h in headers}) == 1
    by_series = {h.SeriesDescription: h for h in headers}
    assert sorted(by_series) == ["AX T1 SE", "AX T1 SE POST GD", "AX T2 FLAIR", "AX T2 TSE"]
    # EchoTime from the NIfTI descriptions (TE=12 / 17 / 91 / 1.1e+02)
    assert {d: float(h.EchoTime) for d, h in by_series.items()} == {
        "AX T1 SE": 12.0, "AX T1 SE POST GD": 17.0, "AX T2 TSE": 91.0, "AX T2 FLAIR": 110.0}
    assert by_series["AX T1 SE POST GD"].ContrastBolusAgent and "ContrastBolusAgent" not in by_series["AX T1 SE"]
    assert by_series["AX T2 FLAIR"].ScanningSequence == ["SE", "IR"]
    for h in headers:  # a window inside the data, as the viewer opens it
        assert 0 < float(h.WindowCenter) < 2100 and 0 < float(h.WindowWidth) < 2100
