"""Read one file's header once, with only the tags geometry and display need (no Qt, no VTK).

:func:`read_header` walks the element stream with the project's one header walker
(:mod:`viewer.io.walker`, shared with the archive): every declared length is checked against the file,
the wanted top-level elements are kept as raw bytes and nothing else is decoded. Private sequences
are skipped unless a vendor format needs them (Siemens mosaic CSA header, UIH VFRAME positions); the
enhanced functional groups are kept for multi-frame files. For an ordinary image the kept elements are
decoded without pydicom (:class:`~viewer.io.light_header.LightDataset`); for those vendor layouts they
become a small pydicom :class:`~pydicom.dataset.Dataset`.
"""
from __future__ import annotations

import mmap
import os
import warnings
import zlib

from typing import TYPE_CHECKING, Any

from .light_header import TAGS, LightDataset
from .limits import PixelDataRefused, instance_limit
from .walker import UNDEFINED, Truncated, Walk, read_meta, walk_file

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

DICOMDIR_SOP = "1.2.840.10008.1.3.10"
IMPLICIT = "1.2.840.10008.1.2"
BIG_ENDIAN = "1.2.840.10008.1.2.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
#: files up to this size are read whole; larger ones are memory-mapped (pixels never touched)
READ_WHOLE_BYTES = 8 * 1024 * 1024

#: the public attributes the loader, the viewport's metadata and the NIfTI writer read
KEYWORDS = (
    "SpecificCharacterSet", "ImageType", "SOPClassUID", "SOPInstanceUID", "StudyDate", "SeriesDate",
    "AcquisitionDate", "StudyTime", "AcquisitionTime", "ContentTime", "AccessionNumber", "Modality",
    "Manufacturer", "InstitutionName", "ReferringPhysicianName", "StudyDescription", "SeriesDescription",
    "ManufacturerModelName", "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge",
    "BodyPartExamined", "SliceThickness", "RepetitionTime", "SpacingBetweenSlices", "EchoNumbers",
    "ProtocolName", "TriggerTime", "GantryDetectorTilt", "StudyInstanceUID", "SeriesInstanceUID", "StudyID",
    "SeriesNumber", "AcquisitionNumber", "InstanceNumber", "ImagePositionPatient", "ImageOrientationPatient",
    "FrameOfReferenceUID", "TemporalPositionIdentifier", "SamplesPerPixel", "PhotometricInterpretation",
    "NumberOfFrames", "Rows", "Columns", "PixelSpacing", "ImagerPixelSpacing", "BitsAllocated", "BitsStored",
    "HighBit", "PixelRepresentation", "WindowCenter", "WindowWidth", "RescaleIntercept", "RescaleSlope",
    "SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence", "DirectoryRecordSequence",
    "AcquisitionMatrix",
)
#: private groups a vendor format needs: Siemens CSA image header (0029,xx10), UIH VFRAME (0065,xx04/50/51)
PRIVATE_GROUPS = (0x0029, 0x0065)
#: the top-level tags of ``KEYWORDS`` (what an index walk collects for ``viewer.io.indexed.index_record``)
TOP_LEVEL_WANTED = frozenset(TAGS[k][0] for k in KEYWORDS)
WANTED = frozenset(
    TOP_LEVEL_WANTED
    | {(g << 16) | e for g in PRIVATE_GROUPS for e in range(0x10, 0x100)}  # their private creators
    | {(g << 16) | (b << 8) | low for g in PRIVATE_GROUPS for b in range(0x10, 0x100) for low in (0x04, 0x10, 0x50, 0x51)}
)


class NotAnImage(Exception):
    """The file is readable but holds nothing this loader can show as a volume. ``ignore`` means
    it is expected clutter (a DICOMDIR) that should not even be reported."""

    def __init__(self, reason: str, ignore: bool = False, series_uid: str = ""):
        super().__init__(reason)
        self.ignore = ignore
        self.series_uid = series_uid


class Header:
    """What :func:`read_header` found: the reduced data set, the transfer syntax and where Pixel Data is."""

    __slots__ = ("dataset", "transfer_syntax", "pixel", "file_size")

    def __init__(self, dataset: Any, transfer_syntax: str, pixel: tuple[int, int] | None, file_size: int):
        self.dataset = dataset  # a LightDataset, or a pydicom Dataset for the vendor layouts that need one
        self.transfer_syntax = transfer_syntax
        self.pixel = pixel  # (offset of the value, length or UNDEFINED), None = no Pixel Data
        self.file_size = file_size


def _looks_like_raw_dataset(head: bytes) -> bool:
    """A file without the 'DICM' preamble is only tried when it starts like a data set (group 0002 or
    0008, little or big endian): never parse a video as one."""
    return len(head) >= 8 and head[:2] in (b"\x02\x00", b"\x08\x00", b"\x00\x02", b"\x00\x08")


def _raw_syntax(data) -> str:
    """The likely transfer syntax of a data set without file meta."""
    vr = bytes(data[4:6])
    big = bytes(data[:2]) in (b"\x00\x02", b"\x00\x08")
    if vr.isalpha() and vr.isupper():
        return "1.2.840.10008.1.2.2" if big else "1.2.840.10008.1.2.1"
    return IMPLICIT


def _inflate(data, offset: int) -> bytes:
    """Deflated transfer syntax: the data set inflated with a bound (never more than the instance limit)."""
    limit = instance_limit()
    z = zlib.decompressobj(-15)
    body = z.decompress(bytes(data[offset:]), limit + 1)
    if len(body) > limit or z.unconsumed_tail:
        raise PixelDataRefused(f"deflated data set inflates to more than the per-instance limit ({limit} bytes)")
    return bytes(data[:offset]) + body


def _walk(data, walk: Walk) -> tuple[Walk, str, bytes | None]:
    if bytes(data[128:132]) == b"DICM":
        walk.dataset_offset = read_meta(data, walk)
        ts = walk.meta.get(0x00020010, b"").decode("ascii", "replace").strip(" \x00") or IMPLICIT
    elif _looks_like_raw_dataset(bytes(data[:8])):
        ts = _raw_syntax(data)
    else:
        raise NotAnImage("not a DICOM file")
    inflated = None
    if ts == DEFLATED:
        data = inflated = _inflate(data, walk.dataset_offset)
    little, explicit = _encoding(ts)
    walk_file(data, little, explicit, WANTED, walk)
    return walk, ts, inflated


def _encoding(ts: str) -> tuple[bool, bool]:
    """(little endian, explicit VR) of a transfer syntax: only two are not explicit little endian."""
    return ts != BIG_ENDIAN, ts != IMPLICIT


def _needs_pydicom(walk: Walk, little: bool) -> bool:
    """Vendor layouts whose reading needs sequences or private headers: enhanced multi-frame (functional
    groups), Siemens mosaic (CSA header), UIH VFRAME (private position sequence)."""
    if 0x52009229 in walk.present or 0x52009230 in walk.present:
        return True
    image_type = walk.values.get(0x00080008, (b"", None))[0].upper()
    return b"MOSAIC" in image_type or b"VFRAME" in image_type


def _dataset(walk: Walk, ts: str) -> Dataset:
    from pydicom.dataelem import RawDataElement
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.tag import BaseTag

    little, explicit = _encoding(ts)
    implicit = not explicit
    elements = {}
    for tag, (raw, vr) in walk.values.items():
        t = BaseTag(tag)
        elements[t] = RawDataElement(t, vr.decode("ascii") if vr else None, len(raw), raw, 0, implicit, little)
    ds = Dataset(elements)
    ds.set_original_encoding(implicit, little)
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = ts
    media = walk.meta.get(0x00020002, b"").decode("ascii", "replace").strip(" \x00")
    if media:
        meta.MediaStorageSOPClassUID = media
    ds.file_meta = meta
    return ds


def _convert_all(ds: Dataset) -> None:
    """Decode every kept element now, so a damaged value is this file's reported problem instead of
    an exception later (while stacking a whole folder)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom's complaints about odd values: not the user's problem
        try:
            for tag in list(ds.keys()):
                ds[tag]
        except Exception as exc:  # noqa: BLE001 - any undecodable kept value means a damaged header
            detail = " ".join(str(exc).split())[:200]
            raise NotAnImage(f"damaged DICOM header ({type(exc).__name__}: {detail})",
                             series_uid=_series_uid(ds)) from None


def _series_uid(ds: Dataset) -> str:
    raw = ds._dict.get(0x0020000E)
    value = getattr(raw, "value", b"")
    if isinstance(value, bytes):
        return value.decode("ascii", "replace").strip(" \x00")
    return str(value or "")


def read_header(source) -> Header:
    """Walk one file (``source.open()`` gives its bytes) and return its reduced header.

    Raises :class:`NotAnImage` for files that are not DICOM, are cut, or hold a damaged header or
    absurd pixel data (:class:`~viewer.io.limits.PixelDataRefused` becomes the reason). A file (or zip
    member) larger than the per-instance limit is refused before it is opened."""
    size_of = getattr(source, "size", None)
    if size_of is not None:
        try:
            declared = int(size_of())
        except (OSError, ValueError, KeyError):
            declared = 0
        if declared > instance_limit():
            raise NotAnImage(f"refused: the file is {declared} bytes, over the per-instance limit of "
                             f"{instance_limit()} bytes (CDSS_MAX_INSTANCE_BYTES changes it)")
    with source.open() as fp:
        try:
            size = os.fstat(fp.fileno()).st_size
        except (AttributeError, OSError, ValueError):  # an in-memory member of a zip
            size = None
        if size is not None and size > READ_WHOLE_BYTES:
            data = mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ)
        else:
            data = fp.read()
        try:
            size = len(data)
            walk, ts = Walk(), IMPLICIT
            try:
                walk, ts, _inflated = _walk(data, walk)
            except Truncated as exc:
                if walk.pixel is None or walk.pixel[1] != UNDEFINED:
                    raise NotAnImage(f"truncated or damaged DICOM file ({exc})") from None
                # only the compressed fragments are damaged: the header is whole, decoding will say so
                ts = walk.meta.get(0x00020010, b"").decode("ascii", "replace").strip(" \x00") or IMPLICIT
            except PixelDataRefused as exc:
                raise NotAnImage(f"refused: {exc}") from None
            except (zlib.error, ValueError, IndexError) as exc:
                raise NotAnImage(f"truncated or damaged DICOM file ({type(exc).__name__}: {exc})") from None
        finally:
            if isinstance(data, mmap.mmap):
                data.close()
    media = bytes(walk.meta.get(0x00020002, b"")).decode("ascii", "replace").strip(" \x00")
    if media == DICOMDIR_SOP or 0x00041220 in walk.present:
        raise NotAnImage("DICOMDIR (directory index)", ignore=True)
    if not walk.meta and not ({0x00080016, 0x00280010} <= set(walk.values)):
        raise NotAnImage("not a DICOM file")
    little, _explicit = _encoding(ts)
    if _needs_pydicom(walk, little):
        ds = _dataset(walk, ts)
        _convert_all(ds)
        return Header(ds, ts, walk.pixel, size)
    light = LightDataset(walk.values, little, {"TransferSyntaxUID": ts, "MediaStorageSOPClassUID": media}
                         if media else {"TransferSyntaxUID": ts})
    if light.damage:
        raise NotAnImage(f"damaged DICOM header ({light.damage})", series_uid=str(light.get("SeriesInstanceUID", "")))
    return Header(light, ts, walk.pixel, size)


__all__ = ["Header", "NotAnImage", "read_header", "WANTED", "KEYWORDS", "UNDEFINED"]
