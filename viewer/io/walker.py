"""One pass over a DICOM file's element stream: is the file whole, and what are the few top-level
values a reader wants? Values are skipped, not decoded; no pixel decoding. The one header walker of
the project: the archive (``workstation.archive.header``) indexes with it and the loader
(``viewer.io.headers``) builds its reduced headers from it.

The walk checks that every declared length fits in the file, sequences and encapsulated Pixel Data are
closed, and remembers where the wanted top-level elements and Pixel Data are. pydicom reads a short
final value without complaint, so this is what catches a file cut anywhere: in the header, inside a
sequence, inside Pixel Data or in trailing elements.
"""
from __future__ import annotations

import struct

LONG_VRS = frozenset({b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"})
SHORT_VRS = frozenset({b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"PN",
                       b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US"})
PIXEL_DATA_TAGS = {0x7FE00010, 0x7FE00008, 0x7FE00009}
UNDEFINED = 0xFFFFFFFF
MAX_DEPTH = 64
_U32 = {True: struct.Struct("<I"), False: struct.Struct(">I")}
_U16 = {True: struct.Struct("<H"), False: struct.Struct(">H")}
_TAG = {True: struct.Struct("<HH"), False: struct.Struct(">HH")}
_EXPLICIT_HEAD = {True: struct.Struct("<HH2sH"), False: struct.Struct(">HH2sH")}  # group, element, VR, short length
_LE_HEAD = struct.Struct("<I2sH").unpack_from  # tag read as one little-endian word (group | element << 16)


def _le_word(tag: int) -> int:
    """``tag`` (group << 16 | element) as ``_LE_HEAD`` reads it, and back (the swap is its own inverse)."""
    return ((tag & 0xFFFF) << 16) | (tag >> 16)


_LE_PIXEL_DATA = frozenset(map(_le_word, PIXEL_DATA_TAGS))
_LE_WANTED: dict[frozenset, dict[int, int]] = {}


class Truncated(ValueError):
    """The element stream is cut or malformed; ``str(exc)`` says where."""


def _bad_vr(pos: int, tag: int) -> Truncated:
    return Truncated(f"invalid value representation at byte {pos} for tag {tag >> 16:04X},{tag & 0xFFFF:04X}")


def _overrun(tag: int, length: int, held: int) -> Truncated:
    where = "Pixel Data" if tag in PIXEL_DATA_TAGS else f"element {tag >> 16:04X},{tag & 0xFFFF:04X}"
    return Truncated(f"truncated: {where} needs {length} bytes, the file holds {max(0, held)}")


class Walk:
    """What one walk found: raw values of the wanted top-level elements and the Pixel Data extent.
    (A plain class, not a dataclass: records on ``convert``'s start-up path are written out, since
    building a dataclass costs milliseconds at import.)"""

    __slots__ = ("values", "present", "pixel", "meta", "dataset_offset")

    def __init__(self) -> None:
        self.values: dict[int, tuple[bytes, bytes | None]] = {}  # tag -> (raw value, VR)
        # (a wanted sequence of undefined length is kept as its items' bytes, without the delimiter)
        self.present: set[int] = set()  # wanted tags seen (sequences included, not their values)
        self.pixel: tuple[int, int] | None = None  # (offset of value, length or UNDEFINED) of top-level Pixel Data
        self.meta: dict[int, bytes] = {}  # file meta group raw values
        self.dataset_offset = 0


class _Walker:
    def __init__(self, data: bytes, little: bool, explicit: bool, wanted: frozenset[int], walk: Walk):
        self.data = data
        self.end = len(data)
        self.u32 = _U32[little].unpack_from
        self.u16 = _U16[little].unpack_from
        self.tag = _TAG[little].unpack_from
        self.head = _EXPLICIT_HEAD[little].unpack_from
        self.explicit = explicit
        self.little = little
        self.wanted = wanted
        self.walk = walk

    def top_level(self, pos: int) -> int:
        """The data set's own elements from ``pos`` (like ``elements(pos, 0, end)``)."""
        if self.explicit and self.little:
            return self._top_explicit_le(pos)
        return self.elements(pos, 0, self.end)

    def _top_explicit_le(self, pos: int) -> int:
        """``elements`` at top level for explicit VR little endian, the receiver's usual case (a few
        hundred elements per image): one unpack per element, the tag compared as the word it reads."""
        wanted = _LE_WANTED.get(self.wanted)
        if wanted is None:  # word -> tag of every wanted element, 0 for Pixel Data: one look-up per element
            wanted = _LE_WANTED.setdefault(self.wanted, {**{_le_word(t): t for t in self.wanted},
                                                         **dict.fromkeys(_LE_PIXEL_DATA, 0)})
        data, stop, walk, head, u32 = self.data, self.end, self.walk, _LE_HEAD, self.u32
        values, present = walk.values, walk.present
        while pos < stop:
            if pos + 8 > stop:
                raise Truncated(f"truncated: file ends inside an element header at byte {pos}")
            word, vr, length = head(data, pos)
            if word & 0xFFFF == 0xFFFE:
                return pos  # a delimiter: walk_file says where
            if vr in SHORT_VRS:
                value = pos + 8
            elif vr in LONG_VRS:
                if pos + 12 > stop:
                    raise Truncated(f"truncated: file ends inside an element header at byte {pos}")
                length, value = u32(data, pos + 8)[0], pos + 12
                if length == UNDEFINED:
                    pos = self._undefined(vr, _le_word(word), value, 0, stop)
                    continue
            elif vr.isalpha() and vr.isupper():  # a VR this walker does not know: 2-byte length
                value = pos + 8
            else:
                raise _bad_vr(pos, _le_word(word))
            end = value + length
            if end > stop:
                raise _overrun(_le_word(word), length, stop - value)
            tag = wanted.get(word)
            if tag is not None:
                if tag:
                    present.add(tag)
                    values[tag] = (data[value:end], vr)
                else:
                    walk.pixel = (value, length)
            pos = end
        return pos

    def elements(self, pos: int, depth: int, stop: int) -> int:
        """Walk elements from ``pos``; return where an item/sequence delimiter (or ``stop``) is met.
        The receiver's hot loop (a few hundred top-level elements per image): one unpack per element
        header in explicit VR, set look-ups for the VR."""
        if depth > MAX_DEPTH:
            raise Truncated("sequences nested too deep")
        data, wanted, walk, head, tag_of, u32 = self.data, self.wanted, self.walk, self.head, self.tag, self.u32
        explicit = self.explicit  # (an undefined-length UN switches it for its items, and back)
        while pos < stop:
            if pos + 8 > stop:
                raise Truncated(f"truncated: file ends inside an element header at byte {pos}")
            if explicit:
                group, elem, vr, length = head(data, pos)
                if group == 0xFFFE:
                    return pos
                if vr in SHORT_VRS:
                    value = pos + 8
                elif vr in LONG_VRS:
                    if pos + 12 > stop:
                        raise Truncated(f"truncated: file ends inside an element header at byte {pos}")
                    length, value = u32(data, pos + 8)[0], pos + 12
                elif vr.isalpha() and vr.isupper():  # a VR this walker does not know: 2-byte length
                    value = pos + 8
                else:
                    raise _bad_vr(pos, (group << 16) | elem)
            else:
                group, elem = tag_of(data, pos)
                if group == 0xFFFE:
                    return pos
                vr, length, value = None, u32(data, pos + 4)[0], pos + 8
            if length == UNDEFINED:
                pos = self._undefined(vr, (group << 16) | elem, value, depth, stop)
                continue
            if value + length > stop:
                raise _overrun((group << 16) | elem, length, stop - value)
            if depth == 0:
                tag = (group << 16) | elem
                if tag in PIXEL_DATA_TAGS:
                    walk.pixel = (value, length)
                elif tag in wanted:
                    walk.present.add(tag)
                    walk.values[tag] = (data[value:value + length], vr)
            pos = value + length
        return pos

    def _undefined(self, vr: bytes | None, tag: int, value: int, depth: int, stop: int) -> int:
        """An element of undefined length (sequence or encapsulated Pixel Data) at ``value``: walk its
        items; return the position after its delimiter."""
        if depth == 0 and tag in PIXEL_DATA_TAGS:  # known before its fragments are walked (a reader
            self.walk.pixel = (value, UNDEFINED)  # may still use the header when only the fragments are damaged)
        if self.explicit and vr == b"UN":  # PS3.5 6.2.2: content is implicit VR little endian
            self.explicit = False
            try:
                pos = self.items(value, depth + 1, stop)
            finally:
                self.explicit = True
        else:
            pos = self.items(value, depth + 1, stop)
        if depth == 0:
            if tag in PIXEL_DATA_TAGS:
                self.walk.pixel = (value, UNDEFINED)
            elif tag in self.wanted:
                self.walk.present.add(tag)
                # the items without the sequence delimiter: a reader may parse them (pydicom's convert_SQ)
                self.walk.values[tag] = (self.data[value:pos - 8], vr)
        return pos

    def items(self, pos: int, depth: int, stop: int) -> int:
        """Walk the items of an undefined-length sequence (or encapsulated pixel data) to its delimiter;
        return the position after it."""
        data = self.data
        while True:
            if pos + 8 > stop:
                raise Truncated("truncated: a sequence or encapsulated Pixel Data has no end")
            tag, length = self.tag(data, pos), self.u32(data, pos + 4)[0]
            if tag == (0xFFFE, 0xE0DD):
                return pos + 8
            if tag != (0xFFFE, 0xE000):
                raise Truncated(f"malformed sequence at byte {pos}")
            pos += 8
            if length == UNDEFINED:
                pos = self.elements(pos, depth + 1, stop)
                if pos + 8 > stop or self.tag(data, pos) != (0xFFFE, 0xE00D):
                    raise Truncated("truncated: a sequence item has no end")
                pos += 8
            else:
                if pos + length > stop:
                    raise Truncated(f"truncated: an item needs {length} bytes, the file holds {stop - pos}")
                pos += length


def read_meta(data: bytes, walk: Walk) -> int:
    """Walk the File Meta Information (always explicit VR little endian); return the data set offset."""
    if data[128:132] != b"DICM":
        return 0
    pos = 132
    end = len(data)
    while pos + 8 <= end and data[pos:pos + 2] == b"\x02\x00":
        elem = _U16[True].unpack_from(data, pos + 2)[0]
        vr = data[pos + 4:pos + 6]
        if vr in LONG_VRS:
            if pos + 12 > end:
                raise Truncated("truncated: file ends inside the file meta information")
            length, head = _U32[True].unpack_from(data, pos + 8)[0], 12
        else:
            length, head = _U16[True].unpack_from(data, pos + 6)[0], 8
        if length == UNDEFINED or pos + head + length > end:
            raise Truncated("truncated: file ends inside the file meta information")
        walk.meta[0x00020000 | elem] = data[pos + head:pos + head + length]
        pos += head + length
    return pos


def walk_file(data: bytes, little: bool, explicit: bool, wanted: frozenset[int], walk: Walk) -> Walk:
    """Walk the whole data set from ``walk.dataset_offset``; raise ``Truncated`` if it is cut or malformed."""
    w = _Walker(data, little, explicit, wanted, walk)
    pos = w.top_level(walk.dataset_offset)
    if pos < len(data):  # a stray delimiter at top level
        raise Truncated(f"unexpected delimiter at byte {pos}")
    return walk
