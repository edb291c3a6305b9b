"""Fuzz: real files mutated and truncated at test time (seeded) — no crash, every bad file reported,
every good file imported, whatever was stored reads back whole."""
from __future__ import annotations

import io
import random
from pathlib import Path

import pydicom
import pytest
from pydicom.filereader import data_element_generator, read_preamble
from pydicom.uid import generate_uid

from tests.archive.helpers import dicom_files
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")
SEED = 20261125
SETS = ["mr_siemens_transfer_syntaxes", "pydicom_codec_samples", "mr_ge_mr750_epi_axial", "mr_enhanced_multiframe",
        "dicomdir_pydicom_small/77654033", "seg_sr_examples/dcmqi_ct3slice_liver"]


def _fresh(path: Path) -> bytes:
    ds = pydicom.dcmread(path)
    ds.SOPInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _values(data: bytes) -> list[tuple[int, int]]:
    """(value offset, length) of the top-level elements with a defined length >= 2 (pydicom's parser)."""
    fp = io.BytesIO(data)
    read_preamble(fp, False)
    meta = pydicom.filereader._read_file_meta_info(fp)
    ts = pydicom.uid.UID(meta.TransferSyntaxUID)
    out = [(e.value_tell, e.length) for e in data_element_generator(fp, ts.is_implicit_VR, ts.is_little_endian)
           if getattr(e, "length", 0xFFFFFFFF) != 0xFFFFFFFF and e.length >= 2]  # sequences come parsed
    return out


def _cut_inside_a_value(data: bytes, rng: random.Random) -> bytes:
    values = _values(data)
    big = [v for v in values if v[1] > 64]
    offset, length = rng.choice(big if big and rng.random() < 0.5 else values)
    return data[: offset + rng.randrange(1, length)]


@pytest.fixture(scope="module")
def fuzz_folder(shared_data, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The fuzzed files (made once per run, imported on each database): folder and ``{name: kind}``."""
    rng = random.Random(SEED)
    sources = []
    for s in SETS:
        files = sorted(dicom_files(shared_data / s))
        sources += rng.sample(files, min(8, len(files)))
    # transfer-syntax variants share one SOP UID: each gets fresh UIDs so every good copy is storable
    folder = tmp_path_factory.mktemp("fuzz")
    kinds: dict[str, str] = {}

    def put(kind: str, data: bytes) -> None:
        name = f"{len(kinds):04d}_{kind}"
        (folder / name).write_bytes(data)
        kinds[name] = kind

    for _ in range(70):
        put("good", _fresh(rng.choice(sources)))
    for _ in range(130):
        put("truncated", _cut_inside_a_value(_fresh(rng.choice(sources)), rng))
    for _ in range(100):
        data = bytearray(_fresh(rng.choice(sources)))
        for _ in range(rng.randint(1, 8)):
            pos = rng.randrange(132, len(data))
            data[pos] = rng.randrange(256)
        put("mutated", bytes(data))
    for _ in range(10):
        ds = pydicom.dcmread(rng.choice(sources))
        del ds.SOPInstanceUID
        out = io.BytesIO()
        ds.save_as(out)
        put("no_uid", out.getvalue())
    junk = [b"", b"hello\n", b"\x89PNG\r\n\x1a\n" + bytes(100), bytes(rng.randrange(256) for _ in range(3000))]
    for i in range(20):
        put("not_dicom", junk[i % len(junk)] if i < 4 else bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000))))
    assert len(kinds) >= 300
    return folder, kinds


def test_fuzzed_import(archive, fuzz_folder):
    folder, kinds = fuzz_folder
    report = ImportJob(archive, [folder]).run()

    failed = {Path(f.file).name: f.reason for f in report.failed}
    quarantined = {Path(f.file).name for f in report.quarantined}
    assert report.imported + report.duplicates + report.not_dicom + len(failed) + len(quarantined) == len(kinds)
    for name, kind in kinds.items():
        if kind in ("truncated", "no_uid"):
            assert name in failed, f"{name} ({kind}) was not reported"
            assert failed[name]
        if kind == "good":
            assert name not in failed and name not in quarantined
    good = sum(1 for k in kinds.values() if k == "good")
    assert report.imported >= good
    assert report.not_dicom >= sum(1 for k in kinds.values() if k == "not_dicom")
    assert all("truncated" in failed[n] or "unreadable" in failed[n] or "missing" in failed[n]
               or "malformed" in failed[n] or "invalid" in failed[n] or "ends" in failed[n]
               for n, k in kinds.items() if k == "truncated")
    # whatever was stored is whole: pydicom reads it entirely, pixel data included
    n = 0
    for s in archive.series():
        for path in archive.series_files(s.series_instance_uid):
            ds = pydicom.dcmread(path)
            if "PixelData" in ds and not ds.file_meta.TransferSyntaxUID.is_compressed:
                assert len(ds.PixelData) >= ds.Rows * ds.Columns * (ds.BitsAllocated // 8) \
                    * int(ds.get("NumberOfFrames", 1) or 1) * int(ds.get("SamplesPerPixel", 1))
            n += 1
    assert n == report.imported == archive.counts()["instances"]
