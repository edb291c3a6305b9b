"""Memory bombs and unreadable images: a per-instance limit with a clear error, a bounded inflate, pixel
lengths checked before anything is allocated, and what the viewer could not show kept in quarantine
with its reason, never stored as valid. Peak memory is measured on the real ``cdss-workstation import``
process (``ru_maxrss`` of a child)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest

from tests.security.hostile import EPI, deflate_bomb, fresh, raw_encode, unreadable_variants
from workstation.archive import Archive
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
ROOT = Path(__file__).resolve().parents[2]
GIB = 1024 ** 3

_MEASURE = """
import json, resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": run.returncode, "out": run.stdout, "err": run.stderr,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def import_measured(archive_dir: Path, *paths: Path, env: dict | None = None) -> dict:
    """``cdss-workstation import`` in a child process: exit code, output and its peak RSS in MB."""
    cmd = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "workstation.cli.main", "import", "--quiet",
           "--archive", str(archive_dir), *map(str, paths)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, **(env or {})})
    return json.loads(run.stdout)


def test_deflate_bomb_is_refused_with_bounded_memory(tmp_path, shared_data):
    medium = tmp_path / "medium"
    medium.mkdir()
    bomb = deflate_bomb(GIB)  # ~1 MB on disk, a 1 GiB Pixel Data element once inflated
    assert len(bomb) < 4 * 1024 * 1024
    (medium / "bomb.dcm").write_bytes(bomb)
    for i, src in enumerate(sorted((shared_data / EPI).glob("*.dcm"))[:3]):
        (medium / f"good{i}.dcm").write_bytes(raw_encode(fresh(src)))
    result = import_measured(tmp_path / "archive", medium)
    assert result["rc"] == 1, result
    assert "FAILED" in result["out"] and "bomb.dcm" in result["out"]
    assert "inflates to 1.0 GiB, but its image attributes describe 8.0 KiB" in result["out"]
    assert "imported:           3" in result["out"]
    assert result["peak_mb"] < 600, f"peak {result['peak_mb']:.0f} MB importing a deflate bomb"


def test_per_instance_limit_refuses_big_files_unread(tmp_path, shared_data):
    medium = tmp_path / "medium"
    medium.mkdir()
    src = sorted((shared_data / EPI).glob("*.dcm"))
    (medium / "big.dcm").write_bytes(raw_encode(fresh(src[0])))
    big = fresh(src[1])
    big.Rows, big.Columns, big.NumberOfFrames = 2048, 2048, 12
    big.PixelData = bytes(2048 * 2048 * 2 * 12)  # 96 MiB of pixels, over a 20 MiB limit
    (medium / "huge.dcm").write_bytes(raw_encode(big))
    del big
    (medium / "small.dcm").write_bytes(raw_encode(fresh(src[2])))
    baseline = import_measured(tmp_path / "base", medium / "small.dcm")
    result = import_measured(tmp_path / "archive", medium, env={"CDSS_MAX_INSTANCE_BYTES": str(20 * 1024 ** 2)})
    assert result["rc"] == 1
    line = next(x for x in result["out"].splitlines() if "huge.dcm" in x)
    assert "per-instance limit of 20.0 MiB" in line and "CDSS_MAX_INSTANCE_BYTES" in line
    assert "imported:           2" in result["out"]
    assert result["peak_mb"] < baseline["peak_mb"] + 60, \
        f"peak {result['peak_mb']:.0f} MB vs {baseline['peak_mb']:.0f} MB: the 96 MiB file was read"


def test_declared_image_bigger_than_the_limit_is_quarantined(tmp_path, shared_data):
    """A small JPEG-style file declaring a 65535 x 65535 x 1000-frame image: refused before any decode."""
    src = shared_data / "pydicom_codec_samples" / "pydicom" / "JPEG2000.dcm"
    if not src.exists():
        src = next((shared_data / "pydicom_codec_samples").rglob("*JPEG2000*.dcm"))
    ds = fresh(src, Rows=65535, Columns=65535, NumberOfFrames=1000)
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "declared_huge.dcm").write_bytes(raw_encode(ds))
    with Archive.open(tmp_path / "archive") as archive:
        report = ImportJob(archive, [folder]).run()
        assert report.imported == 0 and archive.counts()["instances"] == 0
    assert "image too large" in report.failed[0].reason and "quarantine" in report.failed[0].reason


def test_images_the_viewer_could_not_show_go_to_quarantine_with_their_reason(tmp_path, shared_data):
    src = sorted((shared_data / EPI).glob("*.dcm"))[5]
    folder = tmp_path / "m"
    folder.mkdir()
    variants = unreadable_variants(src)
    for name, data in variants.items():
        (folder / f"{name}.dcm").write_bytes(data)
    (folder / "good.dcm").write_bytes(raw_encode(fresh(src)))
    with Archive.open(tmp_path / "archive") as archive:
        report = ImportJob(archive, [folder]).run()
        assert report.imported == 1 and archive.counts()["instances"] == 1
        stored = archive.series_files(archive.series()[0].series_instance_uid)
        assert pydicom.dcmread(stored[0]).pixel_array.shape == (64, 64)
    reasons = {Path(f.file).stem: f.reason for f in report.failed}
    assert set(reasons) == set(variants), reasons
    expected = {"compressed_syntax_native_pixels": "native", "rows_zero": "Rows=0", "bits_stored_40": "BitsStored 40",
                "high_bit_99": "HighBit 99", "bits_allocated_12": "BitsAllocated 12", "samples_2": "SamplesPerPixel 2",
                "pixel_length_mismatch": "Pixel Data declares", "unknown_transfer_syntax": "unknown transfer syntax"}
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
        if name != "unknown_transfer_syntax":  # (its data set cannot even be parsed: reported, not kept)
            assert "kept in quarantine" in reasons[name]
    quarantine = tmp_path / "archive" / "quarantine"
    kept = sorted(p.name for p in quarantine.glob("invalid.*.dcm"))
    assert len(kept) == len(variants) - 1
    for p in quarantine.glob("invalid.*.txt"):  # each copy has its reason beside it
        assert p.read_text().strip() and p.with_suffix(".dcm").exists()
