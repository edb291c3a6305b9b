"""A classic image's header without pydicom: the few top-level values the loader needs, decoded straight
from the walker's raw bytes (:mod:`viewer.io.walker`). Keeps ``inspect``/``convert`` of ordinary series
from importing and running pydicom at all (issue 22); vendor layouts that need sequences or private
headers (enhanced multi-frame, Siemens mosaic, UIH VFRAME) still get a pydicom data set.

:class:`LightDataset` answers the part of pydicom's ``Dataset`` interface the loader uses:
``get(keyword, default)``, ``keyword in ds``, ``ds.Keyword`` and ``ds.file_meta.get(keyword)``.
Values: text as ``str`` (a list when multi-valued), DS as ``float``, IS as ``int``, binary numbers as
``int``/``float`` (lists when multi-valued). A value that does not decode is left out, never raised.
"""
from __future__ import annotations

import struct
from typing import Any

#: keyword -> (tag, VR) of everything the loader reads at top level (see headers.KEYWORDS)
TAGS: dict[str, tuple[int, str]] = {
    "SpecificCharacterSet": (0x00080005, "CS"), "ImageType": (0x00080008, "CS"), "SOPClassUID": (0x00080016, "UI"),
    "SOPInstanceUID": (0x00080018, "UI"), "StudyDate": (0x00080020, "DA"), "SeriesDate": (0x00080021, "DA"),
    "AcquisitionDate": (0x00080022, "DA"), "StudyTime": (0x00080030, "TM"), "AcquisitionTime": (0x00080032, "TM"),
    "ContentTime": (0x00080033, "TM"), "AccessionNumber": (0x00080050, "SH"), "Modality": (0x00080060, "CS"),
    "Manufacturer": (0x00080070, "LO"), "InstitutionName": (0x00080080, "LO"),
    "ReferringPhysicianName": (0x00080090, "PN"), "StudyDescription": (0x00081030, "LO"),
    "SeriesDescription": (0x0008103E, "LO"), "ManufacturerModelName": (0x00081090, "LO"),
    "PatientName": (0x00100010, "PN"), "PatientID": (0x00100020, "LO"), "PatientBirthDate": (0x00100030, "DA"),
    "PatientSex": (0x00100040, "CS"), "PatientAge": (0x00101010, "AS"), "BodyPartExamined": (0x00180015, "CS"),
    "SliceThickness": (0x00180050, "DS"), "RepetitionTime": (0x00180080, "DS"),
    "SpacingBetweenSlices": (0x00180088, "DS"), "EchoNumbers": (0x00180086, "IS"),
    "ProtocolName": (0x00181030, "LO"), "TriggerTime": (0x00181060, "DS"), "GantryDetectorTilt": (0x00181120, "DS"),
    "StudyInstanceUID": (0x0020000D, "UI"), "SeriesInstanceUID": (0x0020000E, "UI"), "StudyID": (0x00200010, "SH"),
    "SeriesNumber": (0x00200011, "IS"), "AcquisitionNumber": (0x00200012, "IS"),
    "InstanceNumber": (0x00200013, "IS"), "ImagePositionPatient": (0x00200032, "DS"),
    "ImageOrientationPatient": (0x00200037, "DS"), "FrameOfReferenceUID": (0x00200052, "UI"),
    "TemporalPositionIdentifier": (0x00200100, "IS"), "SamplesPerPixel": (0x00280002, "US"),
    "PhotometricInterpretation": (0x00280004, "CS"), "NumberOfFrames": (0x00280008, "IS"),
    "Rows": (0x00280010, "US"), "Columns": (0x00280011, "US"), "PixelSpacing": (0x00280030, "DS"),
    "ImagerPixelSpacing": (0x00181164, "DS"), "BitsAllocated": (0x00280100, "US"), "BitsStored": (0x00280101, "US"),
    "HighBit": (0x00280102, "US"), "PixelRepresentation": (0x00280103, "US"), "WindowCenter": (0x00281050, "DS"),
    "WindowWidth": (0x00281051, "DS"), "RescaleIntercept": (0x00281052, "DS"), "RescaleSlope": (0x00281053, "DS"),
    "SharedFunctionalGroupsSequence": (0x52009229, "SQ"), "PerFrameFunctionalGroupsSequence": (0x52009230, "SQ"),
    "DirectoryRecordSequence": (0x00041220, "SQ"), "AcquisitionMatrix": (0x00181310, "US"),
}
BY_TAG = {tag: (kw, vr) for kw, (tag, vr) in TAGS.items()}
_TEXT_VRS = {"AE", "AS", "CS", "DA", "DT", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
_CHARSET_VRS = {"LO", "LT", "PN", "SH", "ST", "UC", "UT"}
_BINARY = {"US": "H", "SS": "h", "UL": "I", "SL": "i", "FL": "f", "FD": "d"}
_PLAIN_CHARSETS = {"", "ISO_IR 6", "ISO 2022 IR 6"}
#: every value representation of PS3.5 (anything else in an explicit VR file is damage)
KNOWN_VRS = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV",
             "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"}
#: the few character sets Python decodes alone; others go through pydicom's charset codecs
_SIMPLE_CHARSETS = {"ISO_IR 100": "latin-1", "ISO_IR 192": "utf-8"}


_VR_BYTES = {vr: vr.encode("ascii") for vr in KNOWN_VRS}
_KNOWN_VR_BYTES = frozenset(_VR_BYTES.values())
_MISSING = object()  # no usable value
_UNSEEN = object()  # not decoded yet


class _Meta(dict):
    """``file_meta`` of a :class:`LightDataset` (``get`` by keyword)."""


class LightDataset:
    """Decoded top-level values of one file, by keyword (see the module docstring)."""

    def __init__(self, values: dict[int, tuple[bytes, bytes | None]], little: bool, meta: dict[str, str]):
        self._values: dict[str, Any] = {}  # decoded on first use (most of a file's values never are)
        self._raw: dict[str, tuple[bytes, str]] = {}
        self._little = little
        self.file_meta = _Meta(meta)
        raw_charset = values.get(0x00080005, (b"", None))[0]
        terms = [t.strip() for t in raw_charset.decode("ascii", "replace").split("\\")] if raw_charset else []
        self._charset = [t for t in terms if t]
        self.damage = ""  # why a kept value is unusable (an unknown VR), "" when none is
        for tag, (raw, vr_bytes) in values.items():
            known = BY_TAG.get(tag)
            if known is None:
                continue
            kw, vr = known
            if vr_bytes and vr_bytes != _VR_BYTES[vr]:
                if vr_bytes not in _KNOWN_VR_BYTES:
                    self.damage = (f"unknown value representation {vr_bytes.decode('ascii', 'replace')!r} "
                                   f"in {kw} ({tag >> 16:04X},{tag & 0xFFFF:04X})")
                    continue
                if vr_bytes not in (b"UN", b"OB"):
                    vr = vr_bytes.decode("ascii")  # the file's own VR (e.g. US/SS for a pixel value)
            self._raw[kw] = (raw, vr)

    def _lookup(self, keyword: str):
        """The decoded value of ``keyword`` or ``_MISSING``; decoded once, on first use (thread-safe:
        two threads decoding the same value at once store equal results)."""
        value = self._values.get(keyword, _UNSEEN)
        if value is not _UNSEEN:
            return value
        if keyword not in self._raw:
            return _MISSING
        raw, vr = self._raw[keyword]
        try:
            value = self._decode(raw, vr, self._little)
        except (ValueError, struct.error, LookupError, UnicodeError):
            value = None
        if value is None:
            value = _MISSING  # a value that does not decode is left out, never raised
        self._values[keyword] = value
        return value

    def _text(self, raw: bytes, vr: str) -> str:
        if vr in _CHARSET_VRS and self._charset and not set(self._charset) <= _PLAIN_CHARSETS:
            simple = _SIMPLE_CHARSETS.get(self._charset[0]) if len(self._charset) == 1 else None
            if simple:
                return raw.decode(simple)
            from pydicom.charset import convert_encodings, decode_bytes

            return decode_bytes(raw, convert_encodings(self._charset), {0x5C, 0x3D, 0x5E})
        return raw.decode("latin-1")

    def _decode(self, raw: bytes, vr: str, little: bool):
        if vr == "SQ":
            return raw  # only its presence matters on this path
        if vr in _BINARY:
            code = _BINARY[vr]
            n = len(raw) // struct.calcsize(code)
            if n == 0:
                return None
            vals = struct.unpack(("<" if little else ">") + code * n, raw[:n * struct.calcsize(code)])
            return vals[0] if n == 1 else list(vals)
        if vr in _TEXT_VRS or vr in ("DS", "IS"):
            text = self._text(raw, vr).strip(" \x00")
            if text == "":
                return ""
            parts = [p.strip(" \x00") for p in text.split("\\")] if vr not in ("LT", "ST", "UT") else [text]
            if vr == "DS":
                parts = [float(p) for p in parts]
            elif vr == "IS":
                parts = [int(float(p)) for p in parts]
            return parts[0] if len(parts) == 1 else parts
        return raw

    # ---- the pydicom Dataset interface the loader uses ------------------------------------------
    def get(self, keyword: str, default=None):
        value = self._lookup(keyword)
        return default if value is _MISSING else value

    def __contains__(self, keyword) -> bool:
        return self._lookup(keyword) is not _MISSING

    def __getattr__(self, keyword: str):
        if keyword.startswith("_"):
            raise AttributeError(keyword)
        value = self._lookup(keyword)
        if value is _MISSING:
            raise AttributeError(keyword)
        return value

    def keys(self):
        return [kw for kw in [*self._values, *(k for k in self._raw if k not in self._values)]
                if self._lookup(kw) is not _MISSING]

    def __repr__(self) -> str:
        return f"<LightDataset {len(self.keys())} values>"
