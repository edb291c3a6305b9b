"""What the archive refuses before a header names a path, a value is allocated or an instance is
stored as valid (no Qt, no database). Every way in (import, the C-STORE receiver, recovery) goes
through ``prepare``, which calls these.

- ``uid_problem``: a UID that names a folder or file must be what the UI VR allows (PS3.5 6.2, 9.1):
  digits and dots, no empty component, at most 64 characters. ``..``, ``.``, ``/``, ``1..2``, non-ASCII
  are refused before they name anything.
- ``size_problem`` / ``inflate_problem``: a per-instance limit (``viewer.io.limits.instance_limit``,
  2 GiB or ``CDSS_MAX_INSTANCE_BYTES``) on the bytes offered and on what a Deflated data set inflates
  to, measured with a bounded streaming inflate (never more than one chunk held) before anything
  inflates it whole.
- ``image_problem``: what the viewer will need: every explicit VR one pydicom knows (``vr_scan``),
  and to show the pixels: Rows/Columns not 0, BitsAllocated 1
  or a multiple of 8, 1 <= BitsStored <= BitsAllocated, HighBit < BitsAllocated,
  SamplesPerPixel 1, 3 or 4, a pixel layout that matches the transfer syntax (encapsulated pixels only
  in a compressed syntax and the other way round), a native Pixel Data length that fits the attributes,
  a transfer syntax pydicom knows, and a decoded size under the per-instance limit.
"""
from __future__ import annotations

import re
import struct
import zlib

from pydicom.uid import UID, AllTransferSyntaxes

from viewer.io.limits import ENV_LIMIT, PixelDataRefused, check_pixel_data, instance_limit
from viewer.io.walker import UNDEFINED, Truncated, Walk, read_meta, walk_file

from .vr_scan import scan

UID_RE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
MAX_UID_LENGTH = 64
INFLATE_CHUNK = 1 << 20
#: a deflated data set may inflate to this much more than its pixels need (header, overlays, ...)
INFLATE_SLACK = 16 << 20
KNOWN_SYNTAXES = frozenset(str(u) for u in AllTransferSyntaxes)

ROWS, COLUMNS, SPP, FRAMES = 0x00280010, 0x00280011, 0x00280002, 0x00280008
BITS_ALLOCATED, BITS_STORED, HIGH_BIT, PIXEL_REPRESENTATION = 0x00280100, 0x00280101, 0x00280102, 0x00280103
PHOTOMETRIC = 0x00280004
PIXEL_DATA = 0x7FE00010
PHOTOMETRIC_NAMES = frozenset({"MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB", "YBR_FULL", "YBR_FULL_422",
                               "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT", "HSV", "ARGB", "CMYK",
                               "XYB"})
IMAGE_TAGS = frozenset({ROWS, COLUMNS, SPP, FRAMES, BITS_ALLOCATED, BITS_STORED, HIGH_BIT, PIXEL_REPRESENTATION,
                        PHOTOMETRIC})


def uid_problem(name: str, uid: str) -> str | None:
    """Why ``uid`` (the value of attribute ``name``) cannot name anything, or ``None`` when it is valid."""
    if not uid:
        return f"{name} is empty"
    if len(uid) > MAX_UID_LENGTH:
        return f"{name} is {len(uid)} characters long (a UID has at most {MAX_UID_LENGTH})"
    if not UID_RE.fullmatch(uid):
        return f"{name} {uid[:70]!r} is not a UID (digits separated by single dots)"
    return None


def valid_uid(uid: str) -> bool:
    return isinstance(uid, str) and uid_problem("UID", uid) is None


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def size_problem(nbytes: int, limit: int | None = None) -> str | None:
    """Why an instance of ``nbytes`` is refused unread (over the per-instance limit), or ``None``."""
    limit = instance_limit() if limit is None else limit
    if nbytes > limit:
        return (f"instance of {_size(nbytes)} is over the per-instance limit of {_size(limit)} "
                f"({ENV_LIMIT} changes it)")
    return None


def transfer_syntax(data: bytes) -> tuple[str, int]:
    """``(transfer syntax UID, data set offset)`` of Part 10 bytes (implicit VR LE without file meta)."""
    walk = Walk()
    offset = read_meta(data, walk)
    raw = walk.meta.get(0x00020010, b"")
    return raw.decode("ascii", "replace").strip(" \x00") or "1.2.840.10008.1.2", offset


def inflated_size(data: bytes, offset: int, limit: int, keep: int = 0) -> tuple[bytes, int | None]:
    """Inflate the deflated data set at ``offset`` as a stream: ``(its first keep bytes, its size)``,
    the size ``None`` when it is more than ``limit``. Never holds more than ``keep`` + one chunk."""
    inflater = zlib.decompressobj(-15)
    view = memoryview(data)[offset:]
    head: list[bytes] = []
    total = 0
    for start in range(0, len(view), INFLATE_CHUNK):
        pending = view[start:start + INFLATE_CHUNK]
        while pending and not inflater.eof:
            out = inflater.decompress(pending, INFLATE_CHUNK)
            if total < keep:
                head.append(out[:keep - total])
            total += len(out)
            if total > limit:
                return b"".join(head), None
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    total += len(inflater.flush())
    return b"".join(head), (total if total <= limit else None)


def inflate_problem(data: bytes, limit: int | None = None) -> str | None:
    """Why a file is refused before its data set is parsed, or ``None``: a transfer syntax pydicom does
    not know (nothing could decode it), or a Deflated Explicit VR data set that inflates past the
    per-instance limit, or past ``INFLATE_SLACK`` more than its image attributes describe (a small
    file declaring a 64 x 64 image that inflates to 1 GiB); measured by a streaming inflate that keeps
    only the first ``INFLATE_SLACK`` bytes, before anything inflates it whole."""
    ts, offset = transfer_syntax(data)
    if ts not in KNOWN_SYNTAXES:
        return f"unknown transfer syntax {ts[:64]!r}"
    if not UID(ts).is_deflated:
        return None
    limit = instance_limit() if limit is None else limit
    try:
        head, size = inflated_size(data, offset, limit, keep=INFLATE_SLACK)
    except zlib.error as exc:
        return f"unreadable deflated data set: {exc}"
    if size is None:
        return (f"deflated data set inflates to more than the per-instance limit of {_size(limit)} "
                f"({ENV_LIMIT} changes it)")
    if size <= INFLATE_SLACK:
        return None
    walk = Walk()
    walk.dataset_offset = offset
    try:  # the image attributes sit before Pixel Data, inside the kept head
        walk_file(data[:offset] + head, True, True, IMAGE_TAGS, walk)
    except Truncated:
        pass
    img = _Image(walk, True)
    try:
        needed = check_pixel_data(img.us(ROWS) or 0, img.us(COLUMNS) or 0, max(img.int_string(FRAMES) or 1, 1),
                                  img.us(BITS_ALLOCATED) or 8, img.us(SPP) or 1, limit=limit)
    except PixelDataRefused:
        needed = 0
    if size > needed + INFLATE_SLACK:
        return (f"deflated data set inflates to {_size(size)}, but its image attributes describe "
                f"{_size(needed)} of pixels: refused before inflating it")
    return None


class _Image:
    def __init__(self, walk: Walk, little: bool):
        self.values = walk.values
        self.u16 = struct.Struct("<H" if little else ">H").unpack_from

    def us(self, tag: int) -> int | None:
        raw = self.values.get(tag, (b"", None))[0]
        return self.u16(raw)[0] if len(raw) >= 2 else None

    def int_string(self, tag: int) -> int | None:
        raw = self.values.get(tag, (b"", None))[0].decode("latin-1").split("\\")[0].strip(" \x00")
        if not raw:
            return None
        try:
            return int(float(raw))
        except (ValueError, OverflowError):
            return -1


def _fragments(data: bytes, pos: int, little: bool) -> int:
    """How many fragments encapsulated Pixel Data at ``pos`` holds (its Basic Offset Table left out)."""
    item = struct.Struct("<HHI" if little else ">HHI").unpack_from
    count = -1
    while pos + 8 <= len(data):
        group, elem, length = item(data, pos)
        if group != 0xFFFE or elem != 0xE000:
            break
        count += 1
        pos += 8 + length
    return max(count, 0)


def _photometric(walk: Walk) -> str:
    return walk.values.get(PHOTOMETRIC, (b"", None))[0].decode("latin-1").strip(" \x00")


def image_problem(data: bytes, limit: int | None = None) -> str | None:
    """Why the viewer could not show this instance's pixels (``None``: it can, or it has none).
    ``data``: Part 10 bytes that ``parse_header`` accepted (so the walk cannot overrun)."""
    ts, offset = transfer_syntax(data)
    if ts not in KNOWN_SYNTAXES:
        return f"unknown transfer syntax {ts[:64]!r}"
    syntax = UID(ts)
    body = data
    if syntax.is_deflated:
        body = data[:offset] + zlib.decompress(data[offset:], -15)  # its size was checked first
    if data[128:132] == b"DICM":  # the file meta group is explicit VR little endian, always
        unknown = scan(data[:offset], 132, True)[0]
        if unknown:
            return f"file meta information: {unknown}"
    walk = Walk()
    walk.dataset_offset = offset
    whole = False
    if not syntax.is_implicit_VR:  # one pass: VRs pydicom knows, and the image attributes
        unknown, walk.values, walk.pixel, whole = scan(body, offset, syntax.is_little_endian, IMAGE_TAGS)
        if unknown:
            return unknown
    if not whole:
        try:
            walk_file(body, syntax.is_little_endian, not syntax.is_implicit_VR, IMAGE_TAGS, walk)
        except Truncated as exc:  # parse_header walked it already; kept for callers that did not
            return str(exc)
    if walk.pixel is None:
        return None  # no image (SR, presentation state, ...): nothing the viewer decodes
    img = _Image(walk, syntax.is_little_endian)
    rows, cols, bits = img.us(ROWS), img.us(COLUMNS), img.us(BITS_ALLOCATED)
    stored, high, spp = img.us(BITS_STORED), img.us(HIGH_BIT), img.us(SPP) or 1
    frames = img.int_string(FRAMES)
    if not rows or not cols:
        return f"image with Pixel Data but Rows={rows} Columns={cols}"
    if bits is None:
        return "image with Pixel Data but no BitsAllocated"
    if bits != 1 and (bits % 8 or bits > 64 or bits == 0):
        return f"BitsAllocated {bits} is not 1 or a multiple of 8 up to 64"
    if stored is not None and not 1 <= stored <= bits:
        return f"BitsStored {stored} is outside 1..BitsAllocated ({bits})"
    if high is not None and high >= bits:  # (a HighBit below BitsStored-1 occurs in real files: decodable)
        return f"HighBit {high} is outside 0..BitsAllocated-1 ({bits - 1})"
    if spp not in (1, 3, 4):
        return f"SamplesPerPixel {spp} is not 1, 3 or 4"
    photometric = _photometric(walk)
    if photometric and photometric not in PHOTOMETRIC_NAMES:
        return f"unknown Photometric Interpretation {photometric[:20]!r}"
    if frames is not None and frames < 1:
        return "NumberOfFrames is not a positive number"
    pixel_length = walk.pixel[1]
    encapsulated = pixel_length == UNDEFINED
    if syntax.is_compressed and not encapsulated:
        return f"compressed transfer syntax {syntax.name} with native (unencapsulated) Pixel Data"
    if encapsulated and not syntax.is_compressed:
        return f"encapsulated Pixel Data in the uncompressed transfer syntax {syntax.name}"
    try:
        needed = check_pixel_data(rows, cols, frames or 1, bits, spp,
                                  declared_length=None if encapsulated else pixel_length,
                                  compressed=encapsulated, limit=limit)
    except PixelDataRefused as exc:
        return str(exc)
    if encapsulated:
        fragments = _fragments(body, walk.pixel[0], syntax.is_little_endian)
        if fragments < (frames or 1):
            return f"NumberOfFrames {frames or 1} but the encapsulated Pixel Data holds {fragments} fragment(s)"
    if not encapsulated and _photometric(walk) == "YBR_FULL_422":
        needed = needed // 3 * 2
    if not encapsulated and pixel_length < needed:
        return f"truncated: Pixel Data holds {pixel_length} bytes, the image attributes need {needed}"
    return None
