"""The pydicom-free header of ordinary images reads the same values pydicom reads (numbers, text in
the file's character set), and the loader picks pydicom only for the vendor layouts that need it."""
from __future__ import annotations

import pydicom
import pytest

from tests.geometry.synthetic import write_series
from viewer.io import scan
from viewer.io.headers import KEYWORDS, read_header
from viewer.io.light_header import LightDataset
from viewer.io.sources import Source

SETS = ["mr_ge_signa_3d_t1_axial_oblique/dicom", "mr_ge_mr750_epi_axial/dicom",
        "ct_philips_ingenuity_head_phantom_cd/DICOM/S21610/S2010", "pydicom_codec_samples/pydicom"]


def _same(ours, theirs) -> bool:
    if isinstance(theirs, (list, tuple)) or type(theirs).__name__ == "MultiValue":
        return isinstance(ours, list) and len(ours) == len(theirs) and all(_same(a, b) for a, b in zip(ours, theirs))
    if isinstance(ours, (int, float)) and not isinstance(theirs, (bytes, str)):
        return abs(float(ours) - float(theirs)) <= 1e-9 * max(1.0, abs(float(theirs)))
    if isinstance(ours, (int, float)):
        return abs(float(ours) - float(str(theirs))) <= 1e-9 * max(1.0, abs(float(ours)))
    return str(ours) == str(theirs).strip(" \x00")


@pytest.mark.parametrize("folder", SETS)
def test_light_header_values_equal_pydicom(shared_data, folder):
    files = sorted(p for p in (shared_data / folder).rglob("*") if p.is_file() and not p.suffix in (".txt", ".json"))
    checked = 0
    for path in files[:12]:
        try:
            head = read_header(Source(str(path)))
        except Exception:  # noqa: BLE001 - files the loader refuses are covered elsewhere
            continue
        if not isinstance(head.dataset, LightDataset):
            continue
        full = pydicom.dcmread(path, stop_before_pixels=True)
        for kw in KEYWORDS:
            if kw.endswith("Sequence") or kw not in full or full[kw].value in (None, ""):
                continue
            assert _same(head.dataset.get(kw), full[kw].value), (path.name, kw, head.dataset.get(kw), full[kw].value)
        checked += 1
    assert checked >= 1


def test_korean_names_decode_as_pydicom_does(tmp_path):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=3, size=16)
    for p in paths:
        ds = pydicom.dcmread(p)
        ds.SpecificCharacterSet = ["", "ISO 2022 IR 149"]
        ds.PatientName = "Hong^Gildong=洪^吉洞=홍^길동"
        ds.SeriesDescription = "뇌 MRI T1"
        ds.save_as(p)
    (stack,) = scan(tmp_path / "s").stacks
    expected = pydicom.dcmread(paths[0])
    assert isinstance(stack.header, LightDataset)
    assert stack.metadata["patient_name"] == str(expected.PatientName)
    assert stack.description == "뇌 MRI T1"


def test_vendor_layouts_still_get_pydicom_headers(shared_data):
    for folder in ("mr_siemens_trio_mosaic_orientation/dicom/ax_asc_35sl", "mr_uih_vframe_mosaic_dti/dicom",
                   "mr_enhanced_multiframe/philips_achieva_b0"):
        (stack, *_rest) = scan(shared_data / folder).stacks
        assert not isinstance(stack.header, LightDataset), folder
