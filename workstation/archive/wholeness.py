"""Is a DICOM file whole? Walk its element stream (headers only, values skipped) and check that every
declared length fits in the file, sequences and encapsulated pixel data are closed, and native Pixel
Data is as long as the image attributes say. Pure Python, no pixel decoding.

pydicom reads a short final value without complaint, so this is what catches a file cut anywhere:
in the header, inside a sequence, inside Pixel Data or in trailing elements.
"""
from __future__ import annotations

import struct

LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}
PIXEL_DATA_TAGS = {(0x7FE0, 0x0010), (0x7FE0, 0x0008), (0x7FE0, 0x0009)}
UNDEFINED = 0xFFFFFFFF
MAX_DEPTH = 64


class Truncated(ValueError):
    """The element stream is cut or malformed; ``str(exc)`` says where."""


class _Walker:
    def __init__(self, data: bytes, little: bool, explicit: bool):
        self.data = data
        self.end = len(data)
        self.e = "<" if little else ">"
        self.explicit = explicit
        self.pixel: tuple[int, int] | None = None  # (offset of value, length) of top-level Pixel Data

    def _u32(self, pos: int) -> int:
        return struct.unpack(self.e + "I", self.data[pos:pos + 4])[0]

    def _tag(self, pos: int) -> tuple[int, int]:
        return struct.unpack(self.e + "HH", self.data[pos:pos + 4])

    def elements(self, pos: int, depth: int, stop: int | None = None) -> int:
        """Walk elements from ``pos``; return where an item/sequence delimiter (or ``stop``) is met."""
        stop = self.end if stop is None else stop
        if depth > MAX_DEPTH:
            raise Truncated("sequences nested too deep")
        while pos < stop:
            if pos + 8 > stop:
                raise Truncated(f"file ends inside an element header at byte {pos}")
            tag = self._tag(pos)
            if tag[0] == 0xFFFE:
                return pos
            if self.explicit:
                vr = self.data[pos + 4:pos + 6]
                if vr in LONG_VRS:
                    if pos + 12 > stop:
                        raise Truncated(f"file ends inside an element header at byte {pos}")
                    length, head = self._u32(pos + 8), 12
                elif vr.isalpha() and vr.isupper():
                    length, head = struct.unpack(self.e + "H", self.data[pos + 6:pos + 8])[0], 8
                else:
                    raise Truncated(f"invalid value representation at byte {pos} for tag {tag[0]:04X},{tag[1]:04X}")
            else:
                length, head = self._u32(pos + 4), 8
            value = pos + head
            if length == UNDEFINED:
                if self.explicit and vr == b"UN":  # PS3.5 6.2.2: content is implicit VR little endian
                    self.explicit = False
                    try:
                        pos = self.items(value, depth + 1, stop)
                    finally:
                        self.explicit = True
                else:
                    pos = self.items(value, depth + 1, stop)
                if depth == 0 and tag in PIXEL_DATA_TAGS:
                    self.pixel = (value, UNDEFINED)
                continue
            if value + length > stop:
                where = "Pixel Data" if tag in PIXEL_DATA_TAGS else f"element {tag[0]:04X},{tag[1]:04X}"
                raise Truncated(f"truncated: {where} needs {length} bytes, the file holds {max(0, stop - value)}")
            if depth == 0 and tag in PIXEL_DATA_TAGS:
                self.pixel = (value, length)
            pos = value + length
        return pos

    def items(self, pos: int, depth: int, stop: int) -> int:
        """Walk the items of an undefined-length sequence (or encapsulated pixel data) to its delimiter;
        return the position after it."""
        while True:
            if pos + 8 > stop:
                raise Truncated("truncated: a sequence or encapsulated Pixel Data has no end")
            tag, length = self._tag(pos), self._u32(pos + 4)
            if tag == (0xFFFE, 0xE0DD):
                return pos + 8
            if tag != (0xFFFE, 0xE000):
                raise Truncated(f"malformed sequence at byte {pos}")
            pos += 8
            if length == UNDEFINED:
                pos = self.elements(pos, depth + 1, stop)
                if pos + 8 > stop or self._tag(pos) != (0xFFFE, 0xE00D):
                    raise Truncated("truncated: a sequence item has no end")
                pos += 8
            else:
                if pos + length > stop:
                    raise Truncated(f"truncated: an item needs {length} bytes, the file holds {stop - pos}")
                pos += length


def dataset_start(data: bytes) -> int:
    """Offset of the data set after the preamble and File Meta Information (always explicit LE)."""
    if data[128:132] != b"DICM":
        return 0
    pos = 132
    while pos + 8 <= len(data) and struct.unpack("<H", data[pos:pos + 2])[0] == 0x0002:
        vr = data[pos + 4:pos + 6]
        if vr in LONG_VRS:
            if pos + 12 > len(data):
                raise Truncated("file ends inside the file meta information")
            pos += 12 + struct.unpack("<I", data[pos + 8:pos + 12])[0]
        else:
            pos += 8 + struct.unpack("<H", data[pos + 6:pos + 8])[0]
    if pos > len(data):
        raise Truncated("file ends inside the file meta information")
    return pos


def pixel_data_extent(data: bytes, little: bool, explicit: bool) -> tuple[int, int] | None:
    """Walk the whole file; raise ``Truncated`` if it is cut or malformed. Return ``(value offset,
    length)`` of the top-level Pixel Data (length ``UNDEFINED`` when encapsulated) or ``None``."""
    w = _Walker(data, little, explicit)
    start = dataset_start(data)
    pos = w.elements(start, 0)
    if pos < len(data):  # a stray delimiter at top level
        raise Truncated(f"unexpected delimiter at byte {pos}")
    return w.pixel
