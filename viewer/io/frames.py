"""The records of the loader: :class:`FileInfo` (what a file's header says about its pixels) and
:class:`Frame` (one 2D image plane in patient space), with the helpers that read a classic image's
plane. Vendor and multi-frame layouts (enhanced, Siemens mosaic, UIH VFRAME) build on these in their
own modules; :mod:`viewer.io.frame_split` picks the right one. This module imports none of them.

Only headers are read here (:func:`viewer.io.headers.read_header`); the pixel data's location is
remembered in a :class:`FileInfo` so that pixels can be decoded later straight from the bytes.
"""
from __future__ import annotations

import math
from typing import Any

from typing import TYPE_CHECKING

import numpy as np

from .headers import Header, NotAnImage, read_header
from .limits import PixelDataRefused, check_pixel_data
from .sources import Source
from .walker import UNDEFINED

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

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


class FileInfo:
    """What a file's header says about its pixels, plus where they are in the file. (Records on
    ``convert``'s start-up path are plain classes: building a dataclass costs milliseconds at import.)"""

    def __init__(self, source: Source, header: Dataset, transfer_syntax: str, rows: int, cols: int, n_frames: int,
                 bits_allocated: int, bits_stored: int, signed: bool, samples: int, photometric: str,
                 pixel_offset: int | None = None, pixel_length: int | None = None):
        self.source = source
        self.header = header
        self.transfer_syntax = transfer_syntax
        self.rows = rows
        self.cols = cols
        self.n_frames = n_frames
        self.bits_allocated = bits_allocated
        self.bits_stored = bits_stored
        self.signed = signed
        self.samples = samples
        self.photometric = photometric
        self.pixel_offset = pixel_offset  # offset of the pixel data *value* for native syntaxes
        self.pixel_length = pixel_length

    def __repr__(self) -> str:
        return f"FileInfo({self.source.name!r}, {self.rows}x{self.cols}x{self.n_frames}, {self.transfer_syntax})"

    @property
    def native(self) -> bool:
        return self.transfer_syntax in NATIVE_SYNTAXES

    def frame_bytes(self) -> int:
        return self.rows * self.cols * self.samples * self.bits_allocated // 8


class Frame:
    """One 2D image plane in patient space. (``Frame(**other.__dict__)`` copies one.)"""

    def __init__(self, file: FileInfo, frame_index: int, rows: int, cols: int, ipp: np.ndarray | None,
                 row_dir: np.ndarray | None, col_dir: np.ndarray | None, spacing_rc: tuple[float, float],
                 slope: float = 1.0, intercept: float = 0.0, mosaic_tile: int | None = None,
                 mosaic_grid: int | tuple[int, int] = 1, split_key: tuple = (), time_key: tuple = (),
                 thickness: float | None = None, spacing_between: float | None = None,
                 extras: dict[str, Any] | None = None):
        self.file = file
        self.frame_index = frame_index  # 0-based frame number in the file (0 for single-frame files)
        self.rows = rows
        self.cols = cols
        self.ipp = ipp  # LPS of pixel (0,0) centre
        self.row_dir = row_dir  # unit vector along a row (increasing column index i)
        self.col_dir = col_dir  # unit vector down a column (increasing row index j)
        self.spacing_rc = spacing_rc  # (between rows Δr, between columns Δc) mm
        self.slope = slope
        self.intercept = intercept
        self.mosaic_tile = mosaic_tile  # tile number in a mosaic (Siemens, UIH VFRAME)
        self.mosaic_grid = mosaic_grid  # tiles per mosaic row, or (tile rows, tile columns)
        self.split_key = split_key  # frame type, echo, stack id...: different values never share a stack
        self.time_key = time_key  # orders repeated positions in time
        self.thickness = thickness
        self.spacing_between = spacing_between
        self.extras = {} if extras is None else extras

    def __repr__(self) -> str:
        return f"Frame({self.file.source.name!r}, frame {self.frame_index}, tile {self.mosaic_tile})"

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.row_dir, self.col_dir)

    @property
    def has_geometry(self) -> bool:
        return self.ipp is not None and self.row_dir is not None


def _float_list(value, n: int) -> list[float] | None:
    """``n`` finite floats, or None (checked in plain Python: numpy costs more on 3 numbers)."""
    try:
        vals = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    return vals if len(vals) == n and all(math.isfinite(v) for v in vals) else None


def _floats(value, n: int) -> np.ndarray | None:
    vals = _float_list(value, n)
    return None if vals is None else np.array(vals, dtype=float)


def _num(ds: Dataset, keyword: str, default=None):
    value = ds.get(keyword, None)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
            value = value[0]
        return float(value)
    except (TypeError, ValueError, IndexError):
        return default


def read_file_info(source: Source, header: Header | None = None) -> FileInfo:
    """Read one file's header (no pixels) with :func:`~viewer.io.headers.read_header`, or take
    ``header`` (what an index already holds, :mod:`viewer.io.indexed`) without reading the file. Raises
    :class:`NotAnImage` whose text says why the file cannot be used."""
    head = header if header is not None else read_header(source)
    ds = head.dataset
    try:
        return _file_info(source, head)
    except NotAnImage as exc:
        if not exc.series_uid:
            exc.series_uid = str(ds.get("SeriesInstanceUID", ""))
        raise
    except PixelDataRefused as exc:
        raise NotAnImage(f"refused: {exc}", series_uid=str(ds.get("SeriesInstanceUID", ""))) from None


def _file_info(source: Source, head: Header) -> FileInfo:
    ds, ts = head.dataset, head.transfer_syntax
    media_sop = str(ds.file_meta.get("MediaStorageSOPClassUID", ""))
    sop = str(ds.get("SOPClassUID", media_sop))
    if sop in NOT_IMAGES:
        raise NotAnImage(NOT_IMAGES[sop])
    if head.pixel is None:
        if "Rows" in ds or _is_image_storage(sop):
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
    if info.rows <= 0 or info.cols <= 0 or info.n_frames <= 0:
        raise NotAnImage("empty image matrix")
    start, length = head.pixel
    check_pixel_data(info.rows, info.cols, info.n_frames, info.bits_allocated, info.samples,
                     declared_length=length, compressed=not info.native)
    if info.native:
        needed = info.frame_bytes() * info.n_frames
        if info.bits_allocated == 1:
            needed = (info.rows * info.cols * info.n_frames + 7) // 8
        if length == UNDEFINED:
            raise NotAnImage("pixel data is encapsulated but the transfer syntax says uncompressed")
        if length < needed:
            raise NotAnImage(f"truncated file: pixel data has {length} of {needed} bytes")
        if ts != DEFLATED:  # a deflated file's offsets point into the inflated bytes, not the file
            info.pixel_offset, info.pixel_length = start, length
    return info


def _is_image_storage(sop: str) -> bool:
    from pydicom.uid import UID

    return "Image Storage" in UID(sop).name


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
    ps = _float_list(ds.get("PixelSpacing"), 2)
    if ps is None:
        ps = _float_list(ds.get("ImagerPixelSpacing"), 2)
    if ps is None or ps[0] <= 0 or ps[1] <= 0:
        return None
    return ps[0], ps[1]


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
    spacing = pixel_spacing_of(ds)
    return Frame(
        file=info,
        frame_index=0,
        rows=info.rows,
        cols=info.cols,
        ipp=ipp,
        row_dir=r,
        col_dir=c,
        spacing_rc=spacing or (1.0, 1.0),
        slope=_num(ds, "RescaleSlope", 1.0) or 1.0,
        intercept=_num(ds, "RescaleIntercept", 0.0),
        split_key=("LOCALIZER" in image_type, echo),
        time_key=time_key_of(ds),
        thickness=_num(ds, "SliceThickness"),
        spacing_between=_num(ds, "SpacingBetweenSlices"),
        extras={"no_spacing": spacing is None, "missing_geometry": [] if r is not None else missing_geometry(ds)},
    )


def missing_geometry(ds: Dataset) -> list[str]:
    """The names of the plane attributes a classic image lacks or holds unusable (empty when whole)."""
    out = []
    if _floats(ds.get("ImagePositionPatient"), 3) is None:
        out.append("ImagePositionPatient")
    iop = _floats(ds.get("ImageOrientationPatient"), 6)
    if iop is None:
        out.append("ImageOrientationPatient")
    elif plane_of(ds)[1] is None and "ImagePositionPatient" not in out:
        out.append("a valid ImageOrientationPatient")
    return out
