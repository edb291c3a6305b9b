"""Does pydicom know every value representation in an explicit-VR data set, sequences included?

The header walker accepts an upper-case VR it does not know (a 2-byte length, as PS3.5 says for VRs
added later), so a damaged ``UI`` that reads ``UM`` passes it; pydicom then raises
``NotImplementedError: Unknown Value Representation`` on the element, and every reader that touches
it (the viewer, ``inspect``, ``convert``) fails. ``scan`` finds the first such element in one pass over
the element headers (values are skipped, not read), and picks up the top-level values the image
checks need on the way. Call it on data the walker accepted: it
assumes the lengths fit. Implicit VR data sets carry no VRs (pydicom looks them up): nothing to check.
Known limit: the content of an undefined-length ``UN`` element (implicit VR inside) ends the scan.
"""
from __future__ import annotations

import struct

from pydicom.valuerep import EXPLICIT_VR_LENGTH_32, VR

KNOWN = frozenset(v.value.encode() for v in VR if len(v.value) == 2)
LONG = frozenset(v.value.encode() for v in EXPLICIT_VR_LENGTH_32)
UNDEFINED = 0xFFFFFFFF
ITEM, ITEM_END, SEQUENCE_END = 0xE000, 0xE00D, 0xE0DD
MAX_DEPTH = 64
PIXEL_DATA = 0x7FE00010


class _Stop(Exception):
    """An undefined-length UN: the rest cannot be scanned as explicit VR."""


class _Scanner:
    def __init__(self, data: bytes, little: bool, wanted: frozenset[int]):
        self.data = data
        self.head = struct.Struct("<HH2sH" if little else ">HH2sH").unpack_from
        self.u16 = struct.Struct("<H" if little else ">H").unpack_from
        self.u32 = struct.Struct("<I" if little else ">I").unpack_from
        self.wanted = wanted
        self.values: dict[int, tuple[bytes, bytes]] = {}  # top-level wanted tag -> (raw value, VR)
        self.pixel: tuple[int, int] | None = None  # (value offset, length or UNDEFINED) of Pixel Data
        self.found: str | None = None

    def elements(self, pos: int, end: int, depth: int) -> int:
        """Element headers from ``pos`` to ``end`` (or to an item delimiter); return where it stopped."""
        data, head, u32 = self.data, self.head, self.u32
        while pos + 8 <= end:
            group, elem, vr, length = head(data, pos)
            if group == 0xFFFE:
                return pos
            if vr in LONG:
                length, value = u32(data, pos + 8)[0], pos + 12
            elif vr in KNOWN:
                value = pos + 8
            else:
                self.found = f"unknown value representation {vr!r} in element {group:04X},{elem:04X}"
                return end
            if depth == 0:
                tag = (group << 16) | elem
                if tag == PIXEL_DATA:
                    self.pixel = (value, length)
                elif tag in self.wanted and length != UNDEFINED:
                    self.values[tag] = (data[value:value + length], vr)
            if length == UNDEFINED:
                if vr == b"UN":
                    raise _Stop
                pos = self.items(value, end, depth + 1, vr == b"SQ")
            else:
                if vr == b"SQ":
                    self.items(value, value + length, depth + 1, True)
                pos = value + length
            if self.found:
                return end
        return pos

    def items(self, pos: int, end: int, depth: int, dataset_items: bool) -> int:
        """Items of a sequence (``dataset_items``) or of encapsulated pixel data (fragments, skipped)
        until the sequence delimiter or ``end``; return the position after it."""
        if depth > MAX_DEPTH:
            return end
        data, u16, u32 = self.data, self.u16, self.u32
        while pos + 8 <= end and not self.found:
            elem, length = u16(data, pos + 2)[0], u32(data, pos + 4)[0]
            if u16(data, pos)[0] != 0xFFFE or elem == SEQUENCE_END:
                return pos + 8
            pos += 8
            if length == UNDEFINED:
                pos = self.elements(pos, end, depth + 1) + 8  # after its item delimiter
            else:
                if dataset_items:
                    self.elements(pos, pos + length, depth + 1)
                pos += length
        return pos


def scan(data: bytes, offset: int, little: bool = True,
         wanted: frozenset[int] = frozenset()) -> tuple[str | None, dict, tuple[int, int] | None, bool]:
    """One pass over an explicit-VR data set from ``offset``: ``(first unknown VR described or None,
    {wanted top-level tag: (raw value, VR)}, Pixel Data (offset, length) or None, whole)``; ``whole``
    is false when an undefined-length UN ended the scan early."""
    scanner = _Scanner(data, little, wanted)
    try:
        scanner.elements(offset, len(data), 0)
    except _Stop:
        return scanner.found, scanner.values, scanner.pixel, False
    except struct.error:
        return scanner.found, scanner.values, scanner.pixel, False
    return scanner.found, scanner.values, scanner.pixel, True


def unknown_vr(data: bytes, offset: int, little: bool = True) -> str | None:
    """The first element whose explicit VR pydicom does not know, described, or ``None``."""
    return scan(data, offset, little)[0]
