"""The element walk's explicit-VR-little-endian fast path (``_Walker._top_explicit_le``, what every received
image goes through) reads exactly what the general walk reads: the same values, Pixel Data extent and
verdict, on real files and on seeded cuts and byte flips of them."""
from __future__ import annotations

import random

import pytest

from tests.archive.helpers import dicom_files
from workstation.archive.header import WANTED
from workstation.archive.wholeness import Truncated, Walk, _Walker, read_meta

SEED = 20261201
SETS = ["mr_ge_signa_3d_t1_axial_oblique", "mr_ge_mr750_epi_axial", "mr_siemens_transfer_syntaxes",
        "mr_siemens_trio_mosaic_orientation", "mr_enhanced_multiframe", "ct_philips_ingenuity_head_phantom_cd",
        "seg_sr_examples", "pydicom_codec_samples"]
EXPLICIT_LE = {b"1.2.840.10008.1.2.1", b"1.2.840.10008.1.2.4.50", b"1.2.840.10008.1.2.4.70",
               b"1.2.840.10008.1.2.4.90", b"1.2.840.10008.1.2.4.91", b"1.2.840.10008.1.2.5",
               b"1.2.840.10008.1.2.4.80", b"1.2.840.10008.1.2.4.201"}


def _outcome(data: bytes, fast: bool):
    walk = Walk()
    try:
        walk.dataset_offset = read_meta(data, walk)
        walker = _Walker(data, True, True, WANTED, walk)
        pos = walker.top_level(walk.dataset_offset) if fast else walker.elements(walk.dataset_offset, 0, len(data))
    except Truncated as exc:
        return "truncated", str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever it is, both paths must agree on it
        return "error", type(exc).__name__
    return "read", pos, walk.values, walk.present, walk.pixel


def _explicit_le_files(shared_data) -> list[bytes]:
    out = []
    for name in SETS:
        for path in sorted(dicom_files(shared_data / name))[:40]:
            data = path.read_bytes()
            meta = Walk()
            try:
                read_meta(data, meta)
            except Truncated:
                continue
            if meta.meta.get(0x00020010, b"").rstrip(b"\0 ") in EXPLICIT_LE:
                out.append(data)
    return out


@pytest.fixture(scope="module")
def files(shared_data):
    found = _explicit_le_files(shared_data)
    assert len(found) >= 50, "too few explicit VR little endian files to compare the walks on"
    return found


def test_fast_walk_reads_real_files_as_the_general_walk(files):
    for data in files:
        fast, general = _outcome(data, True), _outcome(data, False)
        assert fast == general
        assert fast[0] == "read" and fast[1] == len(data)  # whole files read to their end


def test_fast_walk_agrees_on_cut_and_damaged_files(files):
    rng = random.Random(SEED)
    verdicts = set()
    for data in rng.sample(files, 25):
        for _ in range(30):
            if rng.random() < 0.5:
                bad = data[:rng.randrange(132, len(data))]
            else:  # flip a byte in the header part (tags, VRs, lengths), where the walk decides things
                at = rng.randrange(132, min(len(data), 4096))
                bad = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
            fast, general = _outcome(bad, True), _outcome(bad, False)
            assert fast == general, (len(bad), fast[:2], general[:2])
            verdicts.add(fast[0])
    assert {"read", "truncated"} <= verdicts  # both kinds were exercised


def test_a_stray_delimiter_stops_both_walks_where_it_stands(files):
    """An item or delimiter tag among top-level elements (a broken writer) ends the walk at that byte, even
    when its length bytes happen to spell a VR ("US")."""
    for data in files[:10]:
        offset = read_meta(data, Walk())
        for stray in (b"\xfe\xff\x0d\xe0\x00\x00\x00\x00", b"\xfe\xff\x00\xe0US\x00\x00"):
            bad = data[:offset] + stray + data[offset:]
            fast, general = _outcome(bad, True), _outcome(bad, False)
            assert fast == general
            assert fast[:2] == ("read", offset)
