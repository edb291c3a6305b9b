"""Hostile and damaged DICOM made at test time from real files (no fixtures on disk)."""
from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pydicom
from pydicom import config
from pydicom.uid import DeflatedExplicitVRLittleEndian, generate_uid

EPI = "mr_ge_mr750_epi_axial/dicom"
TRAVERSAL_UIDS = ["..", ".", "../..", "/tmp/cdss-escape", "1..2", "1.2.", ".1.2", "1.2/../..", "1.2.a", "",
                  "1." + "2" * 70, "1.2.\u00e9"]


def raw_encode(ds: pydicom.Dataset, implicit: bool | None = None) -> bytes:
    """``ds`` as Part 10 bytes, whatever its values (pydicom's write validation off)."""
    old = config.settings.writing_validation_mode
    config.settings.writing_validation_mode = config.IGNORE
    try:
        out = io.BytesIO()
        ds.save_as(out, enforce_file_format=implicit is None)
        return out.getvalue()
    finally:
        config.settings.writing_validation_mode = old


def fresh(path: Path, **changes) -> pydicom.Dataset:
    """A real file with new Study/Series/SOP UIDs, then ``changes`` (attribute -> value) applied."""
    ds = pydicom.dcmread(path)
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    old = config.settings.reading_validation_mode
    config.settings.reading_validation_mode = config.IGNORE
    try:
        for name, value in changes.items():
            setattr(ds, name, value)
            if name == "SOPInstanceUID" and value:
                ds.file_meta.MediaStorageSOPInstanceUID = value
    finally:
        config.settings.reading_validation_mode = old
    return ds


def tree_outside(root: Path, inside: Path) -> set[str]:
    """Every file and folder under ``root`` that is not under ``inside`` (what a traversal would add)."""
    out = set()
    for dirpath, dirs, files in os.walk(root):
        d = Path(dirpath)
        if d == inside or inside in d.parents:
            continue
        for n in dirs + files:
            p = d / n
            if p != inside:
                out.add(str(p.relative_to(root)))
    return out


def _explicit(tag: int, vr: bytes, value: bytes) -> bytes:
    group, elem = tag >> 16, tag & 0xFFFF
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT"):
        return struct.pack("<HH2sHI", group, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def _even(b: bytes, pad: bytes = b"\x00") -> bytes:
    return b + pad if len(b) % 2 else b


def deflate_bomb(inflated_pixels: int, rows: int = 64, columns: int = 64) -> bytes:
    """A Deflated Explicit VR Little Endian MR image whose Pixel Data inflates to ``inflated_pixels``
    zero bytes (a 1 GiB element deflates to about 1 MB). Built in chunks: the test itself stays small."""
    sop, study, series = generate_uid(), generate_uid(), generate_uid()
    mr = "1.2.840.10008.5.1.4.1.1.4"
    meta_body = b"".join([
        _explicit(0x00020001, b"OB", b"\x00\x01"), _explicit(0x00020002, b"UI", _even(mr.encode())),
        _explicit(0x00020003, b"UI", _even(sop.encode())),
        _explicit(0x00020010, b"UI", _even(str(DeflatedExplicitVRLittleEndian).encode())),
        _explicit(0x00020012, b"UI", _even(b"1.2.3.4"))])
    meta = _explicit(0x00020000, b"UL", struct.pack("<I", len(meta_body))) + meta_body
    body = b"".join([
        _explicit(0x00080016, b"UI", _even(mr.encode())), _explicit(0x00080018, b"UI", _even(sop.encode())),
        _explicit(0x00080060, b"CS", b"MR"), _explicit(0x00100010, b"PN", b"BOMB^DEFLATE"),
        _explicit(0x00100020, b"LO", b"BOMB01"), _explicit(0x0020000D, b"UI", _even(study.encode())),
        _explicit(0x0020000E, b"UI", _even(series.encode())), _explicit(0x00280002, b"US", struct.pack("<H", 1)),
        _explicit(0x00280004, b"CS", b"MONOCHROME2 "), _explicit(0x00280010, b"US", struct.pack("<H", rows)),
        _explicit(0x00280011, b"US", struct.pack("<H", columns)),
        _explicit(0x00280100, b"US", struct.pack("<H", 16)), _explicit(0x00280101, b"US", struct.pack("<H", 12)),
        _explicit(0x00280102, b"US", struct.pack("<H", 11)), _explicit(0x00280103, b"US", struct.pack("<H", 0)),
        struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, inflated_pixels)])
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [comp.compress(body)]
    chunk = bytes(1 << 20)
    left = inflated_pixels
    while left:
        n = min(left, len(chunk))
        parts.append(comp.compress(chunk[:n]))
        left -= n
    parts.append(comp.flush())
    return b"\x00" * 128 + b"DICM" + meta + b"".join(parts)


def relabelled(ds: pydicom.Dataset, syntax: str) -> bytes:
    """``ds`` encoded as explicit VR little endian under a file meta that claims ``syntax``."""
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset, write_file_meta_info

    body = DicomBytesIO()
    body.is_little_endian, body.is_implicit_VR = True, False
    write_dataset(body, ds)
    meta = ds.file_meta
    meta.TransferSyntaxUID = syntax
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    fp.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(fp, meta)
    return fp.getvalue() + body.getvalue()


def unreadable_variants(path: Path) -> dict[str, bytes]:
    """Files that parse as a header but that the viewer could not show: name -> bytes."""
    out = {}
    out["compressed_syntax_native_pixels"] = relabelled(fresh(path), "1.2.840.10008.1.2.4.50")  # JPEG
    out["rows_zero"] = raw_encode(fresh(path, Rows=0))
    out["bits_stored_40"] = raw_encode(fresh(path, BitsStored=40))
    out["high_bit_99"] = raw_encode(fresh(path, HighBit=99))
    out["bits_allocated_12"] = raw_encode(fresh(path, BitsAllocated=12))
    two = fresh(path, SamplesPerPixel=2)
    two.PixelData = two.PixelData * 2
    out["samples_2"] = raw_encode(two)
    big = fresh(path)
    big.PixelData = bytes(len(big.PixelData) * 3)  # three times what Rows x Columns x Bits say
    out["pixel_length_mismatch"] = raw_encode(big)
    out["unknown_transfer_syntax"] = relabelled(fresh(path), "1.2.3.4.5.6.7")
    return out
