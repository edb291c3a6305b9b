"""Hostile files made at test time: one corrupt header or an absurd Pixel Data declaration is skipped
and reported, the rest of the folder loads, nothing is allocated for the absurd file."""
from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest

from tests.geometry.synthetic import write_series
from viewer.io import load_path, scan
from viewer.io.limits import PixelDataRefused, check_pixel_data, expected_pixel_bytes, instance_limit

EXE = str(Path(sys.executable).with_name("cdss-workstation"))


def _set_vr(path: Path, keyword: str, new_vr: bytes) -> None:
    """Rewrite the explicit VR of ``keyword``'s element in place (same length: a byte-level mutant)."""
    tag = pydicom.datadict.tag_for_keyword(keyword)
    head = struct.pack("<HH", tag >> 16, tag & 0xFFFF)
    data = bytearray(path.read_bytes())
    at = data.index(head, 132)
    assert data[at + 4:at + 6].isalpha()
    data[at + 4:at + 6] = new_vr
    path.write_bytes(bytes(data))


def _set_pixel_length(path: Path, length: int) -> None:
    data = bytearray(path.read_bytes())
    at = data.rindex(b"\xe0\x7f\x10\x00OW")
    data[at + 8:at + 12] = struct.pack("<I", length)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("keyword, vr", [("SeriesInstanceUID", b"Ui"), ("StudyDescription", b"UM"),
                                         ("PatientName", b"Ui"), ("ImagePositionPatient", b"UM")])
def test_one_unknown_vr_skips_that_file_and_loads_the_rest(tmp_path, keyword, vr):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=10, size=32,
                         extra={"StudyDescription": "BRAIN", "PatientName": "Doe^Jane"})
    _set_vr(paths[4], keyword, vr)
    result = load_path(tmp_path / "s")
    (vol,) = result.volumes
    assert vol.shape_ijk[:2] == (32, 32) and len(vol.metadata["files"]) == 9
    (skipped,) = result.skipped
    assert skipped.file.endswith(paths[4].name)
    assert "damaged" in skipped.reason or "value representation" in skipped.reason


def test_unknown_vr_folder_through_inspect_and_convert(tmp_path):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=8, size=16)
    for p, vr in ((paths[1], b"Ui"), (paths[2], b"UM")):
        _set_vr(p, "SOPInstanceUID", vr)
    inspect = subprocess.run([EXE, "inspect", str(tmp_path / "s")], capture_output=True, text=True, timeout=120)
    assert inspect.returncode == 0, inspect.stderr
    assert "Traceback" not in inspect.stderr
    assert "16x16x" in inspect.stdout and "2 file(s) skipped" in inspect.stdout
    conv = subprocess.run([EXE, "convert", str(tmp_path / "s"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert conv.returncode == 0 and "Traceback" not in conv.stderr, conv.stderr
    assert len(list((tmp_path / "out").glob("*.nii.gz"))) == 1
    assert conv.stderr.count("skipped:") == 2


def test_absurd_pixel_length_is_refused_before_allocation(tmp_path):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=6, size=32)
    _set_pixel_length(paths[2], 0x7FFFFFF0)  # declares 2 GiB behind a 32x32 image in a 2 KiB file
    result = scan(tmp_path / "s")
    (stack,) = result.stacks
    assert stack.n_files == 5
    (skipped,) = result.skipped
    assert skipped.file.endswith(paths[2].name)
    assert "truncated" in skipped.reason or "refused" in skipped.reason


def test_huge_matrix_over_the_instance_limit_is_refused(tmp_path, monkeypatch):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=4, size=32)
    ds = pydicom.dcmread(paths[0])
    ds.NumberOfFrames = 3_000_000  # 32x32x16 bits x 3e6 frames = 5.7 GiB declared by a tiny file
    ds.save_as(paths[0])
    result = scan(tmp_path / "s")
    reason = {Path(s.file).name: s.reason for s in result.skipped}[paths[0].name]
    assert "limit" in reason and "CDSS_MAX_INSTANCE_BYTES" in reason
    monkeypatch.setenv("CDSS_MAX_INSTANCE_BYTES", str(1024))  # every 2 KiB slice is now over the limit
    result = scan(tmp_path / "s")
    assert not result.stacks and len(result.skipped) == 4


def test_check_pixel_data_rules():
    assert expected_pixel_bytes(256, 256, 2, 16) == 256 * 256 * 2 * 2
    assert expected_pixel_bytes(10, 10, 1, 1) == 13
    assert check_pixel_data(512, 512, 1, 16, declared_length=512 * 512 * 2) == 512 * 512 * 2
    assert check_pixel_data(512, 512, 1, 16, declared_length=0xFFFFFFFF, compressed=True) == 512 * 512 * 2
    with pytest.raises(PixelDataRefused, match="need 1048576"):
        check_pixel_data(512, 512, 2, 16, declared_length=50_000_000)
    with pytest.raises(PixelDataRefused, match="per-instance limit"):
        check_pixel_data(65535, 65535, 1000, 16)
    with pytest.raises(PixelDataRefused, match="BitsAllocated"):
        check_pixel_data(16, 16, 1, 12)
    with pytest.raises(PixelDataRefused, match="empty"):
        check_pixel_data(0, 16, 1, 16)
    assert instance_limit() == 2 * 1024 ** 3


def test_zip_member_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import zipfile

    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=4, size=32)
    with zipfile.ZipFile(tmp_path / "cd.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for p in paths:
            zf.write(p, p.name)
        zf.writestr("bomb.dcm", paths[0].read_bytes()[:132] + b"\0" * (8 * 1024 * 1024))  # 8 MiB of zeros, ~8 KiB zipped
    monkeypatch.setenv("CDSS_MAX_INSTANCE_BYTES", str(1024 * 1024))
    result = scan(tmp_path / "cd.zip")
    (stack,) = result.stacks
    assert stack.n_files == 4
    (skipped,) = result.skipped
    assert skipped.file.endswith("!bomb.dcm") and "per-instance limit" in skipped.reason
