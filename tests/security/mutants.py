"""Seeded mutants of real DICOM files for the ingest fuzz (``test_ingest_fuzz.py``, and the longer
``scripts/fuzz_ingest.py``), and the checks the fuzz applies to what the archive kept."""
from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path

import pydicom
from pydicom import config
from pydicom.uid import generate_uid

SETS = ["mr_siemens_transfer_syntaxes", "pydicom_codec_samples", "mr_ge_mr750_epi_axial", "mr_enhanced_multiframe",
        "mr_ge_signa_3d_t1_axial_oblique", "seg_sr_examples/dcmqi_ct3slice_liver"]
HOSTILE_UIDS = ["..", ".", "../..", "/tmp/cdss-fuzz-escape", "1..2", "1.2.", "a.b", "1.2.\u00e9", "1." + "9" * 70, ""]
IMAGE_CHANGES = [("Rows", 0), ("Columns", 0), ("BitsStored", 40), ("HighBit", 99), ("BitsAllocated", 12),
                 ("SamplesPerPixel", 7), ("NumberOfFrames", "0"), ("NumberOfFrames", "100000"), ("Rows", 65535)]


def source_files(data: Path, per_set: int, rng: random.Random) -> list[Path]:
    out = []
    for s in SETS:
        files = []
        for root, _dirs, names in os.walk(data / s):
            for n in sorted(names):
                p = Path(root) / n
                try:
                    ds = pydicom.dcmread(p, stop_before_pixels=True)
                except Exception:  # noqa: BLE001 - licence texts, json
                    continue
                if "SOPInstanceUID" in ds and ds.file_meta.get("MediaStorageSOPClassUID") != "1.2.840.10008.1.3.10":
                    files.append(p)
        out += rng.sample(sorted(files), min(per_set, len(files)))
    return out


def _encode(ds: pydicom.Dataset) -> bytes:
    old = config.settings.writing_validation_mode
    config.settings.writing_validation_mode = config.IGNORE
    try:
        out = io.BytesIO()
        ds.save_as(out, enforce_file_format=True)
        return out.getvalue()
    finally:
        config.settings.writing_validation_mode = old


def fresh_bytes(path: Path, **changes) -> bytes:
    ds = pydicom.dcmread(path)
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    old = config.settings.reading_validation_mode
    config.settings.reading_validation_mode = config.IGNORE
    try:
        for name, value in changes.items():
            setattr(ds, name, value)
    finally:
        config.settings.reading_validation_mode = old
    return _encode(ds)


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        b[rng.randrange(132, len(b))] = rng.randrange(256)
    return bytes(b)


def _bad_vr(data: bytes, rng: random.Random) -> bytes:
    """Turn one explicit VR into a lower-case or unknown one ('Ui', 'UM', 'XX')."""
    b = bytearray(data)
    spots = [i for i in range(132, min(len(b) - 2, 20000)) if b[i:i + 2] in (b"UI", b"LO", b"CS", b"DS", b"SH")]
    if not spots:
        return _flip_bytes(data, rng)
    i = rng.choice(spots)
    b[i:i + 2] = rng.choice([b"Ui", b"UM", b"XX", b"lo", b"\x00\x00"])
    return bytes(b)


def _huge_length(data: bytes, rng: random.Random) -> bytes:
    """Make one element's length field claim far more than the file holds."""
    b = bytearray(data)
    spots = [i for i in range(140, min(len(b) - 8, 20000)) if b[i:i + 2] in (b"OB", b"OW", b"UN", b"SQ")]
    if not spots:
        return _flip_bytes(data, rng)
    i = rng.choice(spots)
    b[i + 4:i + 8] = struct.pack("<I", rng.choice([0x7FFFFFF0, 0xFFFFFFF0, len(b) * 4]))
    return bytes(b)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(140, len(data))]


def _deflated(data: bytes, rng: random.Random) -> bytes:
    """Deflate the data set of a file (a valid Deflated Explicit VR file when it was explicit VR LE),
    sometimes with garbage or a zero-run appended inside the stream."""
    ds = pydicom.dcmread(io.BytesIO(data))
    if ds.file_meta.TransferSyntaxUID != "1.2.840.10008.1.2.1":
        return _flip_bytes(data, rng)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1.99"
    raw = _encode(ds)
    if rng.random() < 0.5:  # re-deflate with 64 MiB of zeros inside Pixel Data's declared length
        meta_end = 132 + 12 + struct.unpack("<I", raw[140:144])[0]  # (0002,0000) group length
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = zlib.decompress(raw[meta_end:], -15)
        at = body.find(b"\xe0\x7f\x10\x00")
        if at > 0:
            head = body[:at] + b"\xe0\x7f\x10\x00OW\x00\x00" + struct.pack("<I", 64 << 20)
            out = [comp.compress(head)] + [comp.compress(bytes(1 << 20)) for _ in range(64)] + [comp.flush()]
            return raw[:meta_end] + b"".join(out)
    return raw


def mutants(sources: list[Path], count: int, rng: random.Random) -> list[tuple[str, bytes]]:
    """``count`` hostile or damaged files: (kind, bytes)."""
    out = []
    kinds = ["flip", "bad_vr", "huge_length", "cut", "uid", "image", "deflated", "bare"]
    for _ in range(count):
        kind = rng.choice(kinds)
        src = rng.choice(sources)
        try:
            if kind == "uid":
                attr = rng.choice(["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"])
                data = fresh_bytes(src, **{attr: rng.choice(HOSTILE_UIDS)})
            elif kind == "image":
                name, value = rng.choice(IMAGE_CHANGES)
                data = fresh_bytes(src, **{name: value})
            elif kind == "bare":
                data = fresh_bytes(src, StudyInstanceUID=rng.choice(HOSTILE_UIDS))
                data = data[data.index(b"\x08\x00", 132):] if rng.random() < 0.5 else _cut(data, rng)[132:]
            else:
                base = fresh_bytes(src)
                data = {"flip": _flip_bytes, "bad_vr": _bad_vr, "huge_length": _huge_length, "cut": _cut,
                        "deflated": _deflated}[kind](base, rng)
        except Exception:  # noqa: BLE001 - pydicom could not make this one: a plain byte flip instead
            kind, data = "flip", _flip_bytes(src.read_bytes(), rng)
        out.append((kind, data))
    return out


def unreadable_reason(path: Path, pixels: bool = True) -> str | None:
    """Why a stored file could not be shown, or ``None`` (readable): ``header: …`` when pydicom cannot
    read every element, ``pixels: …`` when it cannot decode the pixels (with ``pixels``)."""
    try:
        ds = pydicom.dcmread(path)
        for elem in ds.iterall():
            _ = elem.value
    except Exception as exc:  # noqa: BLE001 - the point of the check
        return f"header: {type(exc).__name__}: {exc}"[:200]
    if pixels and "PixelData" in ds:
        try:
            if ds.pixel_array.size == 0:
                return "pixels: empty pixel array"
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - decoders written in Rust panic (pyo3 PanicException)
            return f"pixels: {type(exc).__name__}: {exc}"[:200]
    return None
