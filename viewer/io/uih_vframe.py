"""United Imaging (UIH) "VFRAME" mosaics: one DICOM image holding a volume's slices as a grid of
tiles, with no top-level ImagePositionPatient. Each slice's position is in the private sequence
(0065,1051) of the "Image Private Header" block, one item per tile in tile order; the slice count is
(0065,1050) and the tile size (0065,1004) ("64*64"), else the acquisition matrix. Orientation and
pixel spacing are the top-level ones. dcm2niix reads these files the same way (dcm_qa_uih).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .frames import FileInfo, Frame, classic_frame, plane_of

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

CREATOR = "Image Private Header"
GROUP = 0x0065


def _private(ds: Dataset, element: int):
    """The value of (0065,xx``element``) in the UIH block, or None."""
    try:
        block = ds.private_block(GROUP, CREATOR)
    except (KeyError, ValueError):
        return None
    try:
        return block[element].value
    except KeyError:
        return None


def _items(value) -> list[Dataset]:
    if isinstance(value, bytes):  # an implicit VR file: the private sequence came as UN bytes
        from pydicom.values import convert_SQ

        try:
            return list(convert_SQ(value, True, True))
        except Exception:  # noqa: BLE001 - an unreadable private sequence means "not a VFRAME we can use"
            return []
    return list(value or [])


def _tile_size(ds: Dataset, info: FileInfo, n: int) -> tuple[int, int] | None:
    text = _private(ds, 0x04)
    if isinstance(text, (str, bytes)):
        m = re.fullmatch(r"\s*(\d+)\s*\*\s*(\d+)\s*", text.decode("latin-1") if isinstance(text, bytes) else text)
        if m:
            return int(m.group(1)), int(m.group(2))
    acq = [int(v) for v in (ds.get("AcquisitionMatrix") or []) if int(v) > 0]
    if len(acq) == 2:
        return acq[0], acq[1]
    side = int(round((info.rows * info.cols / max(n, 1)) ** 0.5))
    return (side, side) if side > 0 else None


def vframe_frames(info: FileInfo) -> list[Frame] | None:
    """The tiles of a UIH VFRAME mosaic as frames, or None when the file is not one we can split."""
    ds = info.header
    image_type = [str(v).upper() for v in (ds.get("ImageType") or ())]
    if "VFRAME" not in image_type or info.n_frames != 1:
        return None
    items = _items(_private(ds, 0x51))
    try:
        n = int(float(_private(ds, 0x50) or len(items)))
    except (TypeError, ValueError):
        n = len(items)
    if n <= 1 or len(items) < n:
        return None
    size = _tile_size(ds, info, n)
    if size is None:
        return None
    rows, cols = size
    if rows <= 0 or cols <= 0 or info.rows % rows or info.cols % cols:
        return None
    grid = (info.rows // rows, info.cols // cols)
    if grid[0] * grid[1] < n:
        return None
    from pydicom.dataset import Dataset

    base = classic_frame(info, ds)
    out = []
    for m, item in enumerate(items[:n]):
        plane = Dataset()
        if "ImagePositionPatient" not in item or "ImageOrientationPatient" not in ds:
            return None
        plane.ImagePositionPatient = item.ImagePositionPatient
        plane.ImageOrientationPatient = ds.ImageOrientationPatient
        ipp, r, c = plane_of(plane)
        if ipp is None:
            return None
        fr = Frame(**{**base.__dict__})
        fr.rows, fr.cols = rows, cols
        fr.ipp, fr.row_dir, fr.col_dir = ipp, r, c
        fr.mosaic_tile, fr.mosaic_grid = m, grid
        fr.time_key = base.time_key + (m,)
        fr.extras = {**base.extras, "mosaic": n, "vframe": True}
        fr.extras.pop("missing_geometry", None)
        out.append(fr)
    return out


__all__ = ["vframe_frames"]
