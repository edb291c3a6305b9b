"""One record per 2D image plane found in a file's header: classic single-frame images, each frame
of an enhanced multi-frame object, each tile of a Siemens mosaic.

Only headers are read here (``stop_before_pixels``); the pixel data's location is remembered in a
:class:`FileInfo` so that pixels can be decoded later straight from the bytes.
"""
from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pydicom
from pydicom.dataset import Dataset

from .sources import Source

DICOMDIR_SOP = "1.2.840.10008.1.3.10"
#: SOP classes that hold no image volume this loader should open (their own readers handle them)
NOT_IMAGES = {
    "1.2.840.10008.5.1.4.1.1.66.4": "segmentation object (open it with the segmentation reader)",
    "1.2.840.10008.5.1.4.1.1.481.3": "RT structure set (no pixels)",
    "1.2.840.10008.5.1.4.1.1.66": "raw data object (no pixels)",
    "1.2.840.10008.5.1.4.1.1.66.1": "spatial registration object (no pixels)",
}

NATIVE_SYNTAXES = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"}
BIG_ENDIAN = "1.2.840.10008.1.2.2"
IMPLICIT = "1.2.840.10008.1.2"
DEFLATED = "1.2.840.10008.1.2.1.99"


class NotAnImage(Exception):
    """The file is readable but holds nothing this loader can show as a volume. ``ignore`` means
    it is expected clutter (a DICOMDIR) that should not even be reported."""

    def __init__(self, reason: str, ignore: bool = False, series_uid: str = ""):
        super().__init__(reason)
        self.ignore = ignore
        self.series_uid = series_uid


@dataclass
class FileInfo:
    """What a file's header says about its pixels, plus where they are in the file."""

    source: Source
    header: Dataset
    transfer_syntax: str
    rows: int
    cols: int
    n_frames: int
    bits_allocated: int
    bits_stored: int
    signed: bool
    samples: int
    photometric: str
    pixel_offset: int | None = None  # offset of the pixel data *value* for native syntaxes
    pixel_length: int | None = None

    @property
    def native(self) -> bool:
        return self.transfer_syntax in NATIVE_SYNTAXES

    def frame_bytes(self) -> int:
        return self.rows * self.cols * self.samples * self.bits_allocated // 8


@dataclass
class Frame:
    """One 2D image plane in patient space."""

    file: FileInfo
    frame_index: int  # 0-based frame number in the file (0 for single-frame files)
    rows: int
    cols: int
    ipp: np.ndarray | None  # LPS of pixel (0,0) centre
    row_dir: np.ndarray | None  # unit vector along a row (increasing column index i)
    col_dir: np.ndarray | None  # unit vector down a column (increasing row index j)
    spacing_rc: tuple[float, float]  # (between rows Δr, between columns Δc) mm
    slope: float = 1.0
    intercept: float = 0.0
    mosaic_tile: int | None = None  # tile number in a Siemens mosaic
    mosaic_grid: int = 1  # tiles per mosaic row
    split_key: tuple = ()  # frame type, echo, stack id...: different values never share a stack
    time_key: tuple = ()  # orders repeated positions in time
    thickness: float | None = None
    spacing_between: float | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.row_dir, self.col_dir)

    @property
    def has_geometry(self) -> bool:
        return self.ipp is not None and self.row_dir is not None


def _floats(value, n: int) -> np.ndarray | None:
    try:
        arr = np.array([float(v) for v in value], dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if arr.size == n and np.all(np.isfinite(arr)) else None


def _num(ds: Dataset, keyword: str, default=None):
    value = ds.get(keyword, None)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, (list, tuple, pydicom.multival.MultiValue)):
            value = value[0]
        return float(value)
    except (TypeError, ValueError, IndexError):
        return default


def read_file_info(source: Source) -> FileInfo:
    """Read one file's header (no pixels). Raises :class:`NotAnImage` or an exception whose text
    says why the file cannot be used."""
    holder: list[Dataset] = []
    try:
        return _read_file_info(source, holder)
    except NotAnImage as exc:
        if holder and not exc.series_uid:
            exc.series_uid = str(holder[0].get("SeriesInstanceUID", ""))
        raise


def _read_file_info(source: Source, holder: list) -> FileInfo:
    with source.open() as fp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom's complaints about odd values: not the user's problem
        try:
            ds = pydicom.dcmread(fp, stop_before_pixels=True)
        except pydicom.errors.InvalidDicomError:
            fp.seek(0)
            head = fp.read(4)
            fp.seek(0)
            # a file without the 'DICM' preamble is only tried further when it starts like a
            # DICOM data set (group 0002 or 0008, little or big endian): never parse a video as one
            if len(head) < 4 or head[:2] not in (b"\x02\x00", b"\x08\x00", b"\x00\x02", b"\x00\x08"):
                raise NotAnImage("not a DICOM file") from None
            try:
                ds = pydicom.dcmread(fp, stop_before_pixels=True, force=True)
            except Exception:  # noqa: BLE001 - anything here means "not DICOM"
                raise NotAnImage("not a DICOM file") from None
            if "SOPClassUID" not in ds or "Rows" not in ds:
                raise NotAnImage("not a DICOM file")
        holder.append(ds)
        pixel_pos = fp.tell()
        tail = fp.read(12)
        file_end = fp.seek(0, 2)
    meta = getattr(ds, "file_meta", None)
    media_sop = str(meta.get("MediaStorageSOPClassUID", "")) if meta is not None else ""
    if media_sop == DICOMDIR_SOP or "DirectoryRecordSequence" in ds:
        raise NotAnImage("DICOMDIR (directory index)", ignore=True)
    sop = str(ds.get("SOPClassUID", media_sop))
    if sop in NOT_IMAGES:
        raise NotAnImage(NOT_IMAGES[sop])
    ts = str(meta.get("TransferSyntaxUID", IMPLICIT)) if meta is not None else IMPLICIT
    if ts == DEFLATED:  # the header was inflated in memory: file offsets mean nothing here
        tail = b"\xe0\x7f\x10\x00" + b"\0" * 8
    if len(tail) < 8 or struct.unpack("<HH" if ts != BIG_ENDIAN else ">HH", tail[:4]) != (0x7FE0, 0x0010):
        if "Rows" in ds or "Image Storage" in pydicom.uid.UID(sop).name:
            raise NotAnImage("no pixel data: truncated file or header only")
        raise NotAnImage("no pixel data (not an image)")
    for kw in ("Rows", "Columns", "BitsAllocated"):
        if ds.get(kw) in (None, ""):
            raise NotAnImage(f"missing {kw}")
    info = FileInfo(
        source=source,
        header=ds,
        transfer_syntax=ts,
        rows=int(ds.Rows),
        cols=int(ds.Columns),
        n_frames=int(_num(ds, "NumberOfFrames", 1) or 1),
        bits_allocated=int(ds.BitsAllocated),
        bits_stored=int(ds.get("BitsStored") or ds.BitsAllocated),
        signed=bool(int(ds.get("PixelRepresentation") or 0)),
        samples=int(ds.get("SamplesPerPixel") or 1),
        photometric=str(ds.get("PhotometricInterpretation", "MONOCHROME2")).strip(),
    )
    if info.samples != 1 or not info.photometric.startswith("MONOCHROME"):
        raise NotAnImage(f"colour image ({info.photometric}), not a greyscale volume")
    if info.rows <= 0 or info.cols <= 0:
        raise NotAnImage("empty image matrix")
    if info.native:
        endian = ">" if ts == BIG_ENDIAN else "<"
        if ts == IMPLICIT:
            length, start = struct.unpack("<I", tail[4:8])[0], pixel_pos + 8
        else:
            length, start = struct.unpack(endian + "I", tail[8:12])[0], pixel_pos + 12
        needed = info.frame_bytes() * info.n_frames
        if info.bits_allocated == 1:
            needed = (info.rows * info.cols * info.n_frames + 7) // 8
        if length == 0xFFFFFFFF:
            raise NotAnImage("pixel data is encapsulated but the transfer syntax says uncompressed")
        if length < needed or start + needed > file_end:
            raise NotAnImage(f"truncated file: pixel data has {max(0, min(length, file_end - start))} of {needed} bytes")
        info.pixel_offset, info.pixel_length = start, length
    elif ts != DEFLATED and file_end - pixel_pos < 16:
        raise NotAnImage("truncated file: compressed pixel data missing")
    return info


def frames_of(info: FileInfo) -> list[Frame]:
    """The 2D planes in one file, classic, enhanced multi-frame or mosaic."""
    from .enhanced import enhanced_frames
    from .mosaic import mosaic_frames

    ds = info.header
    if "PerFrameFunctionalGroupsSequence" in ds or "SharedFunctionalGroupsSequence" in ds:
        return enhanced_frames(info)
    mosaic = mosaic_frames(info)
    if mosaic is not None:
        return mosaic
    frame = classic_frame(info, ds)
    if info.n_frames == 1:
        return [frame]
    # a legacy multi-frame without functional groups (e.g. NM, US cine): frames share one plane
    out = []
    for f in range(info.n_frames):
        fr = Frame(**{**frame.__dict__, "frame_index": f, "time_key": (f,)})
        out.append(fr)
    return out


def plane_of(ds: Dataset) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """(ImagePositionPatient, row direction, column direction) or Nones, normalised."""
    ipp = _floats(ds.get("ImagePositionPatient"), 3)
    iop = _floats(ds.get("ImageOrientationPatient"), 6)
    if iop is None or ipp is None:
        return None, None, None
    r, c = iop[:3], iop[3:]
    nr, nc = np.linalg.norm(r), np.linalg.norm(c)
    if nr < 1e-6 or nc < 1e-6 or abs(np.dot(r / nr, c / nc)) > 1e-2:
        return None, None, None
    return ipp, r / nr, c / nc


def pixel_spacing_of(ds: Dataset) -> tuple[float, float] | None:
    ps = _floats(ds.get("PixelSpacing"), 2)
    if ps is None:
        ps = _floats(ds.get("ImagerPixelSpacing"), 2)
    if ps is None or np.any(ps <= 0):
        return None
    return float(ps[0]), float(ps[1])


def time_key_of(ds: Dataset, frame_index: int = 0) -> tuple:
    """Keys that order repeated acquisitions of a slice position in time."""
    def n(kw):
        v = _num(ds, kw)
        return v if v is not None else float("inf")

    t = str(ds.get("AcquisitionTime", "") or ds.get("ContentTime", "") or "")
    return (n("TemporalPositionIdentifier"), n("AcquisitionNumber"), n("TriggerTime"), t,
            n("InstanceNumber"), frame_index)


def classic_frame(info: FileInfo, ds: Dataset) -> Frame:
    ipp, r, c = plane_of(ds)
    image_type = tuple(str(v).upper() for v in (ds.get("ImageType") or ()))
    echo = _num(ds, "EchoNumbers")
    return Frame(
        file=info,
        frame_index=0,
        rows=info.rows,
        cols=info.cols,
        ipp=ipp,
        row_dir=r,
        col_dir=c,
        spacing_rc=pixel_spacing_of(ds) or (1.0, 1.0),
        slope=_num(ds, "RescaleSlope", 1.0) or 1.0,
        intercept=_num(ds, "RescaleIntercept", 0.0),
        split_key=("LOCALIZER" in image_type, echo),
        time_key=time_key_of(ds),
        thickness=_num(ds, "SliceThickness"),
        spacing_between=_num(ds, "SpacingBetweenSlices"),
        extras={"no_spacing": pixel_spacing_of(ds) is None},
    )
