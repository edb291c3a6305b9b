"""Read the header of one DICOM file once and check it is whole (no Qt, no database).

``parse_header(data)`` parses everything before Pixel Data with pydicom (``stop_before_pixels``) and
walks the element stream (``wholeness``) to check every declared length against the file and the
Pixel Data against the image attributes, so a truncated file is caught without decoding pixels. It raises ``NotDicomError`` for files that are not DICOM at all and
``CorruptDicomError`` (with a reason a technologist can read) for DICOM files that cannot be stored.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import UID

from .wholeness import UNDEFINED, Truncated, pixel_data_extent

#: Media Storage Directory (DICOMDIR) and vendor directory files: not instances to archive
DIRECTORY_SOP_CLASSES = {"1.2.840.10008.1.3.10"}


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


def _text(ds: Dataset, keyword: str, limit: int) -> str:
    value = ds.get(keyword, "")
    if value is None:
        return ""
    if isinstance(value, pydicom.multival.MultiValue):
        value = "\\".join(str(v) for v in value)
    return str(value).strip()[:limit]


def _int(ds: Dataset, keyword: str) -> int | None:
    try:
        value = ds.get(keyword)
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def _orientation(ds: Dataset) -> str:
    """``axial``/``coronal``/``sagittal``/``oblique`` from the image plane, "" when unknown."""
    from viewer.geometry.orientation import plane_name
    import numpy as np

    iop = ds.get("ImageOrientationPatient")
    if iop is None:
        for seq in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
            try:
                iop = ds[seq][0].PlaneOrientationSequence[0].ImageOrientationPatient
                break
            except (KeyError, IndexError, AttributeError, TypeError):
                continue
    try:
        v = np.asarray([float(x) for x in iop], dtype=float)
        normal = np.cross(v[:3], v[3:6])
        if v.shape != (6,) or np.linalg.norm(normal) < 1e-3:
            return ""
        return plane_name(normal)
    except (TypeError, ValueError):
        return ""


def looks_like_dicom(data: bytes) -> bool:
    """True for a Part 10 file (``DICM`` at 128) or a raw little-endian dataset starting at group 0002/0008."""
    if len(data) >= 132 and data[128:132] == b"DICM":
        return True
    return len(data) >= 8 and data[:2] in (b"\x02\x00", b"\x08\x00") and data[2:4] in (
        b"\x00\x00", b"\x01\x00", b"\x05\x00", b"\x08\x00", b"\x10\x00", b"\x12\x00", b"\x16\x00", b"\x18\x00")


def _expected_native_length(ds: Dataset) -> int | None:
    try:
        rows, cols = int(ds.Rows), int(ds.Columns)
        bits = int(ds.BitsAllocated)
        spp = int(ds.get("SamplesPerPixel", 1) or 1)
        frames = int(ds.get("NumberOfFrames", 1) or 1)
    except (AttributeError, TypeError, ValueError):
        return None
    if bits == 1:
        return (rows * cols * frames * spp + 7) // 8
    length = rows * cols * spp * frames * (bits // 8)
    if ds.get("PhotometricInterpretation", "") == "YBR_FULL_422":
        length = length // 3 * 2
    return length


def _check_whole(data: bytes, ds: Dataset, tsyntax: UID) -> None:
    """Raise ``CorruptDicomError`` when the file is cut anywhere or its Pixel Data is short."""
    if tsyntax.is_deflated:
        return  # the element stream is compressed; pydicom's parse is the check
    try:
        pixel = pixel_data_extent(data, tsyntax.is_little_endian, tsyntax.is_implicit_VR is False)
    except Truncated as exc:
        raise CorruptDicomError(str(exc)) from None
    if pixel is None:
        if "Rows" in ds and "BitsAllocated" in ds:
            raise CorruptDicomError("truncated: image without Pixel Data")
        return
    _offset, length = pixel
    if length != UNDEFINED and not tsyntax.is_compressed:
        expected = _expected_native_length(ds)
        if expected is not None and length < expected:
            raise CorruptDicomError(
                f"truncated: Pixel Data holds {length} bytes, the image attributes need {expected}")


def parse_header(data: bytes) -> tuple[InstanceHeader, Dataset]:
    """Parse and check one file's bytes. Safe to call from any thread."""
    if not looks_like_dicom(data):
        raise NotDicomError("not a DICOM file")
    fp = io.BytesIO(data)
    try:
        ds = pydicom.dcmread(fp, stop_before_pixels=True, force=True)
    except Exception as exc:  # pydicom raises many types on broken input
        raise CorruptDicomError(f"unreadable DICOM header: {type(exc).__name__}: {exc}"[:300]) from None
    meta = getattr(ds, "file_meta", None) or Dataset()
    sop_class = str(meta.get("MediaStorageSOPClassUID", "") or ds.get("SOPClassUID", "") or "")
    if sop_class in DIRECTORY_SOP_CLASSES or "DirectoryRecordSequence" in ds:
        raise NotDicomError("DICOM directory file (DICOMDIR), not an image")
    try:
        tsyntax = UID(str(meta.get("TransferSyntaxUID", "") or ""))
        if not tsyntax:
            tsyntax = UID("1.2.840.10008.1.2.1") if ds.original_encoding[0] is False else UID("1.2.840.10008.1.2")
            if ds.original_encoding[1] is False:
                tsyntax = UID("1.2.840.10008.1.2.2")
        uids = {k: str(ds.get(k, "") or "").strip() for k in
                ("SOPInstanceUID", "SOPClassUID", "StudyInstanceUID", "SeriesInstanceUID")}
    except Exception as exc:
        raise CorruptDicomError(f"unreadable DICOM header: {type(exc).__name__}: {exc}"[:300]) from None
    missing = [k for k, v in uids.items() if not v]
    if missing:
        raise CorruptDicomError(f"missing required attribute(s): {', '.join(missing)}")
    for k, v in uids.items():
        if len(v) > 64 or not all(c.isdigit() or c == "." for c in v):
            raise CorruptDicomError(f"invalid {k}: {v[:70]!r}")
    try:
        _check_whole(data, ds, tsyntax)
        header = InstanceHeader(
            sop_instance_uid=uids["SOPInstanceUID"], sop_class_uid=uids["SOPClassUID"],
            study_instance_uid=uids["StudyInstanceUID"], series_instance_uid=uids["SeriesInstanceUID"],
            transfer_syntax_uid=str(tsyntax), has_preamble=data[128:132] == b"DICM",
            patient={"patient_id": _text(ds, "PatientID", 64), "patient_name": _text(ds, "PatientName", 324),
                     "birth_date": _text(ds, "PatientBirthDate", 8), "sex": _text(ds, "PatientSex", 16)},
            study={"study_date": _text(ds, "StudyDate", 8), "study_time": _text(ds, "StudyTime", 16),
                   "study_description": _text(ds, "StudyDescription", 64),
                   "accession_number": _text(ds, "AccessionNumber", 16), "study_id": _text(ds, "StudyID", 16),
                   "body_part": _text(ds, "BodyPartExamined", 64),
                   "referring_physician": _text(ds, "ReferringPhysicianName", 324)},
            series={"series_number": _int(ds, "SeriesNumber"),
                    "series_description": _text(ds, "SeriesDescription", 64),
                    "modality": _text(ds, "Modality", 16), "body_part": _text(ds, "BodyPartExamined", 64),
                    "orientation": _orientation(ds)},
            instance={"instance_number": _int(ds, "InstanceNumber"),
                      "number_of_frames": _int(ds, "NumberOfFrames") or 1},
        )
    except CorruptDicomError:
        raise
    except Exception as exc:
        raise CorruptDicomError(f"unreadable DICOM header: {type(exc).__name__}: {exc}"[:300]) from None
    return header, ds
