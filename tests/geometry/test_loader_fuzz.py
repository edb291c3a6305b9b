"""Seeded fuzz of the loader (a few hundred mutants of real files mixed with good series): ``scan`` and
``Stack.load`` never raise, every mutant that is not loaded is reported with a reason, and the good
series still load whole."""
from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np

from tests.geometry.synthetic import write_series
from viewer.io import DecodeError, load_path, scan

SOURCES = ["mr_ge_signa_3d_t1_axial_oblique/dicom", "mr_siemens_transfer_syntaxes/dicom",
           "mr_enhanced_multiframe/siemens_vida_xa10", "mr_uih_vframe_mosaic_dti/dicom", "pydicom_codec_samples/pydicom"]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0:  # flip a few bytes in the header area
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(132, min(len(b), 4000))] = rng.randrange(256)
    elif kind == 1:  # an unknown or lower-case value representation
        spots = [i for i in range(132, min(len(b) - 2, 4000)) if b[i:i + 2].isalpha() and b[i:i + 2].isupper()]
        if spots:
            i = rng.choice(spots)
            b[i:i + 2] = rng.choice([b"Ui", b"UM", b"ZZ", b"\x00\x01", b"ob"])
    elif kind == 2:  # a huge declared length
        i = rng.randrange(132, max(133, min(len(b) - 4, 4000)))
        b[i:i + 4] = struct.pack("<I", rng.choice([0xFFFFFFF0, 0x7FFFFFFF, 0xFFFFFFFF, 10_000_000]))
    elif kind == 3:  # cut anywhere
        del b[rng.randrange(1, len(b)):]
    else:  # garbage tail over the pixel data
        n = rng.randint(1, 600)
        b[-n:] = bytes(rng.randrange(256) for _ in range(n))
    return bytes(b)


def test_seeded_mutants_never_raise_and_good_series_load(shared_data, tmp_path):
    rng = random.Random(20261202)
    originals = [p for s in SOURCES for p in sorted((shared_data / s).rglob("*"))
                 if p.is_file() and p.suffix not in (".txt", ".json", ".md", ".nii")]
    bad = tmp_path / "mixed" / "mutants"
    bad.mkdir(parents=True)
    for n in range(300):
        src = rng.choice(originals)
        (bad / f"m{n:03d}.dcm").write_bytes(_mutate(src.read_bytes(), rng))
    good = write_series(tmp_path / "mixed" / "good", (1, 0, 0), (0, 1, 0), n_slices=12, size=32)
    result = scan(tmp_path / "mixed")  # must not raise
    for st in result.stacks:
        try:
            vol = st.load()
        except DecodeError:  # a stack whose every file fails to decode: reported by the caller
            continue
        assert np.all(np.isfinite(vol.voxels.astype(np.float64)))
    assert all(s.reason for s in result.skipped)
    named = {Path(f).name for st in result.stacks for f in st.files} | {Path(s.file).name for s in result.skipped}
    assert {f"m{n:03d}.dcm" for n in range(300)} <= named  # every mutant is loaded or reported, none vanishes
    (vol,) = load_path(tmp_path / "mixed" / "good").volumes
    assert vol.shape_ijk == (32, 32, 12) and len(vol.metadata["files"]) == len(good)
