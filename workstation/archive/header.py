"""Read the header of one DICOM file once and check it is whole (no Qt, no database).

``parse_header(data)`` makes one pass over the element stream (``viewer.io.walker.walk_file``): it checks every
declared length against the file, closes every sequence, measures Pixel Data against the image
attributes, and picks up the top-level values the archive indexes — no full pydicom parse, which is
what makes import fast. Text values are decoded with the file's Specific Character Set through pydicom's
``charset`` codecs. It raises ``NotDicomError`` for files that are not DICOM instances and
``CorruptDicomError`` (with a reason a technologist can read) for DICOM files that cannot be stored.
"""
from __future__ import annotations

import io
import math
import re
import struct
import zlib
from dataclasses import dataclass, field

from pydicom.charset import convert_encodings, decode_bytes
from pydicom.uid import UID

from viewer.io.headers import TOP_LEVEL_WANTED
from viewer.io.indexed import index_record
from viewer.io.walker import UNDEFINED, Truncated, Walk, read_meta, walk_file

DIRECTORY_SOP_CLASS = "1.2.840.10008.1.3.10"
DIRECTORY_RECORDS = 0x00041220
SHARED_FG, PER_FRAME_FG = 0x52009229, 0x52009230
PN_DELIMS = {0x5C, 0x3D, 0x5E}
UID_CHARS = re.compile(r"[0-9.]{1,64}")

#: tag -> (name, VR) of the top-level elements the archive reads
FIELDS: dict[int, tuple[str, str]] = {
    0x00080005: ("SpecificCharacterSet", "CS"), 0x00080016: ("SOPClassUID", "UI"),
    0x00080018: ("SOPInstanceUID", "UI"), 0x00080020: ("StudyDate", "DA"), 0x00080030: ("StudyTime", "TM"),
    0x00080050: ("AccessionNumber", "SH"), 0x00080060: ("Modality", "CS"),
    0x00080090: ("ReferringPhysicianName", "PN"), 0x00081030: ("StudyDescription", "LO"),
    0x0008103E: ("SeriesDescription", "LO"), 0x00100010: ("PatientName", "PN"), 0x00100020: ("PatientID", "LO"),
    0x00100030: ("PatientBirthDate", "DA"), 0x00100040: ("PatientSex", "CS"),
    0x00180015: ("BodyPartExamined", "CS"), 0x0020000D: ("StudyInstanceUID", "UI"),
    0x0020000E: ("SeriesInstanceUID", "UI"), 0x00200010: ("StudyID", "SH"), 0x00200011: ("SeriesNumber", "IS"),
    0x00200013: ("InstanceNumber", "IS"), 0x00200037: ("ImageOrientationPatient", "DS"),
    0x00280002: ("SamplesPerPixel", "US"), 0x00280004: ("PhotometricInterpretation", "CS"),
    0x00280008: ("NumberOfFrames", "IS"), 0x00280010: ("Rows", "US"), 0x00280011: ("Columns", "US"),
    0x00280100: ("BitsAllocated", "US"),
}
#: plus what the viewer's loader reads, so the index can hold its header (``InstanceHeader.image_record``)
WANTED = frozenset(FIELDS) | {DIRECTORY_RECORDS, SHARED_FG, PER_FRAME_FG} | TOP_LEVEL_WANTED
BY_NAME = {name: tag for tag, (name, _vr) in FIELDS.items()}


class NotDicomError(ValueError):
    """The bytes are not a DICOM file (or are a directory file, not an instance)."""


class CorruptDicomError(ValueError):
    """The bytes look like DICOM but cannot be stored; ``str(exc)`` is the reason."""


@dataclass
class InstanceHeader:
    """The attributes the archive indexes, read once from a file's header."""

    sop_instance_uid: str
    sop_class_uid: str
    study_instance_uid: str
    series_instance_uid: str
    transfer_syntax_uid: str
    has_preamble: bool
    patient: dict = field(default_factory=dict)
    study: dict = field(default_factory=dict)
    series: dict = field(default_factory=dict)
    instance: dict = field(default_factory=dict)
    #: the viewer's reduced header of this file (``viewer.io.indexed.index_record``, JSON), None when
    #: the viewer reads it from the file (vendor layouts, deflated or damaged headers)
    image_record: str | None = None


def looks_like_dicom(data: bytes) -> bool:
    """True for a Part 10 file (``DICM`` at 128) or a raw little-endian dataset starting at group 0002/0008."""
    if len(data) >= 132 and data[128:132] == b"DICM":
        return True
    return len(data) >= 8 and data[:2] in (b"\x02\x00", b"\x08\x00") and data[2:4] in (
        b"\x00\x00", b"\x01\x00", b"\x05\x00", b"\x08\x00", b"\x10\x00", b"\x12\x00", b"\x16\x00", b"\x18\x00")


class _Values:
    """Decoded access to the raw values a walk collected."""

    def __init__(self, walk: Walk, little: bool):
        self.walk = walk
        self.little = little
        raw = walk.values.get(0x00080005, (b"", None))[0]
        terms = [t.strip() for t in raw.decode("ascii", "replace").split("\\")] if raw else []
        self.encodings = convert_encodings(terms) if any(terms) else None

    def raw(self, name: str) -> bytes | None:
        v = self.walk.values.get(BY_NAME[name])
        return None if v is None else v[0]

    def text(self, name: str, limit: int) -> str:
        raw = self.raw(name)
        if not raw:
            return ""
        vr = FIELDS[BY_NAME[name]][1]
        if vr in ("PN", "LO", "SH") and self.encodings:
            s = decode_bytes(raw, self.encodings, PN_DELIMS)
        else:
            s = raw.decode("latin-1")
        return s.strip(" \x00")[:limit]

    def int(self, name: str) -> int | None:
        raw = self.raw(name)
        if not raw:
            return None
        if FIELDS[BY_NAME[name]][1] == "US":
            return struct.unpack("<H" if self.little else ">H", raw[:2])[0] if len(raw) >= 2 else None
        try:
            return int(float(raw.decode("latin-1").split("\\")[0].strip(" \x00")))
        except (ValueError, OverflowError):
            return None

    def floats(self, name: str) -> list[float] | None:
        raw = self.raw(name)
        try:
            return [float(x) for x in raw.decode("latin-1").strip(" \x00").split("\\")] if raw else None
        except ValueError:
            return None


def _orientation_of(iop: list[float] | None) -> str:
    """``axial``/``coronal``/``sagittal``/``oblique`` from Image Orientation (Patient), "" when unknown.
    Plain floats (no numpy): the receiver asks once per instance, on the path its answer waits for."""
    from viewer.geometry.orientation import plane_name

    if not iop or len(iop) != 6:
        return ""
    r, c = iop[:3], iop[3:6]
    normal = (r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0])
    size = math.sqrt(sum(x * x for x in normal))
    if not math.isfinite(size) or size < 1e-3:
        return ""
    return plane_name(normal)


def _enhanced_orientation(data: bytes) -> list[float] | None:
    """IOP of an enhanced multi-frame file (functional groups), read with pydicom (rare path)."""
    import pydicom

    try:
        ds = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True,
                             specific_tags=["SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"])
        for seq in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
            try:
                return [float(x) for x in ds[seq][0].PlaneOrientationSequence[0].ImageOrientationPatient]
            except (KeyError, IndexError, AttributeError, TypeError, ValueError):
                continue
    except Exception:  # noqa: BLE001 - orientation is an index nicety, never a reason to refuse a file
        return None
    return None


def _expected_native_length(v: _Values) -> int | None:
    rows, cols, bits = v.int("Rows"), v.int("Columns"), v.int("BitsAllocated")
    if not rows or not cols or not bits:
        return None
    spp = v.int("SamplesPerPixel") or 1
    frames = v.int("NumberOfFrames") or 1
    if bits == 1:
        return (rows * cols * frames * spp + 7) // 8
    length = rows * cols * spp * frames * (bits // 8)
    if v.text("PhotometricInterpretation", 16) == "YBR_FULL_422":
        length = length // 3 * 2
    return length


def _image_record(walk: Walk, tsyntax: str, size: int) -> str | None:
    """The viewer's header record of this walk (opening from the archive then reads no header)."""
    try:
        return index_record(walk, tsyntax, size)
    except Exception:  # noqa: BLE001 - an index nicety, never a reason to refuse a file
        return None


def parse_header(data: bytes) -> InstanceHeader:
    """Parse and check one Part 10 file's bytes. Safe to call from any thread."""
    if not looks_like_dicom(data):
        raise NotDicomError("not a DICOM file")
    walk = Walk()
    try:
        walk.dataset_offset = read_meta(data, walk)
        tsyntax = UID(walk.meta.get(0x00020010, b"").decode("ascii", "replace").strip(" \x00")
                      or "1.2.840.10008.1.2")
        body = data
        if tsyntax.is_deflated:
            body = data[:walk.dataset_offset] + zlib.decompress(data[walk.dataset_offset:], -15)
        walk_file(body, tsyntax.is_little_endian, tsyntax.is_implicit_VR is False, WANTED, walk)
    except Truncated as exc:
        raise CorruptDicomError(str(exc)) from None
    except (zlib.error, struct.error) as exc:
        raise CorruptDicomError(f"unreadable DICOM: {exc}") from None
    v = _Values(walk, tsyntax.is_little_endian)
    media_class = walk.meta.get(0x00020002, b"").decode("ascii", "replace").strip(" \x00")
    if media_class == DIRECTORY_SOP_CLASS or DIRECTORY_RECORDS in walk.present:
        raise NotDicomError("DICOM directory file (DICOMDIR), not an image")
    uids = {k: v.text(k, 200) for k in ("SOPInstanceUID", "SOPClassUID", "StudyInstanceUID", "SeriesInstanceUID")}
    missing = [k for k, u in uids.items() if not u]
    if missing:
        raise CorruptDicomError(f"missing required attribute(s): {', '.join(missing)}")
    for k, u in uids.items():
        if not UID_CHARS.fullmatch(u):
            raise CorruptDicomError(f"invalid {k}: {u[:70]!r}")
    if walk.pixel is None and v.raw("Rows") and v.raw("BitsAllocated"):
        raise CorruptDicomError("truncated: image without Pixel Data")
    if walk.pixel is not None and walk.pixel[1] != UNDEFINED and not tsyntax.is_compressed:
        expected = _expected_native_length(v)
        if expected is not None and walk.pixel[1] < expected:
            raise CorruptDicomError(
                f"truncated: Pixel Data holds {walk.pixel[1]} bytes, the image attributes need {expected}")
    try:
        iop = v.floats("ImageOrientationPatient")
        if iop is None and (SHARED_FG in walk.present or PER_FRAME_FG in walk.present):
            iop = _enhanced_orientation(data)
        body_part = v.text("BodyPartExamined", 64)
        return InstanceHeader(
            sop_instance_uid=uids["SOPInstanceUID"], sop_class_uid=uids["SOPClassUID"],
            study_instance_uid=uids["StudyInstanceUID"], series_instance_uid=uids["SeriesInstanceUID"],
            transfer_syntax_uid=str(tsyntax), has_preamble=data[128:132] == b"DICM",
            patient={"patient_id": v.text("PatientID", 64), "patient_name": v.text("PatientName", 324),
                     "birth_date": v.text("PatientBirthDate", 8), "sex": v.text("PatientSex", 16)},
            study={"study_date": v.text("StudyDate", 8), "study_time": v.text("StudyTime", 16),
                   "study_description": v.text("StudyDescription", 64),
                   "accession_number": v.text("AccessionNumber", 16), "study_id": v.text("StudyID", 16),
                   "body_part": body_part, "referring_physician": v.text("ReferringPhysicianName", 324)},
            series={"series_number": v.int("SeriesNumber"), "series_description": v.text("SeriesDescription", 64),
                    "modality": v.text("Modality", 16), "body_part": body_part,
                    "orientation": _orientation_of(iop)},
            instance={"instance_number": v.int("InstanceNumber"), "number_of_frames": v.int("NumberOfFrames") or 1},
            image_record=_image_record(walk, str(tsyntax), len(data)),
        )
    except (LookupError, ValueError, UnicodeError) as exc:  # odd character set or value: report, never crash
        raise CorruptDicomError(f"unreadable value: {type(exc).__name__}: {exc}"[:300]) from None
