"""Siemens mosaic images: one DICOM image holding a whole volume as a grid of tiles.

The CSA image header (read with :mod:`nibabel.nicom.csareader`) gives ``NumberOfImagesInMosaic``
and ``SliceNormalVector``. ImagePositionPatient of a mosaic refers to the top-left corner of the
*whole* mosaic, so the first tile's position is corrected as nibabel's ``MosaicWrapper`` does;
tile ``m`` lies ``m × spacing`` further along the CSA slice normal.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .frames import FileInfo, Frame, classic_frame


def _csa(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nibabel.nicom import csareader
    try:
        return csareader, csareader.get_csa_header(ds, "image")
    except Exception:  # noqa: BLE001 - a damaged private header means "not a mosaic we can use"
        return csareader, None


def mosaic_frames(info: FileInfo) -> list[Frame] | None:
    """The tiles of a Siemens mosaic as frames, or None when the file is not a mosaic."""
    ds = info.header
    image_type = [str(v).upper() for v in (ds.get("ImageType") or ())]
    if "MOSAIC" not in image_type or info.n_frames != 1:
        return None
    csareader, csa = _csa(ds)
    if not csa:
        return None
    try:
        n = int(csareader.get_n_mosaic(csa) or 0)
    except (KeyError, TypeError, ValueError):
        n = 0
    if n <= 1:
        return None
    grid = int(math.ceil(math.sqrt(n)))
    if info.rows % grid or info.cols % grid:
        return None
    base = classic_frame(info, ds)
    rows, cols = info.rows // grid, info.cols // grid
    if not base.has_geometry:
        return None
    dr, dc = base.spacing_rc
    # nibabel MosaicWrapper.image_position: shift from the mosaic corner to the first tile's corner
    shift = ((info.rows - rows) / 2.0) * dr * base.col_dir + ((info.cols - cols) / 2.0) * dc * base.row_dir
    first = base.ipp + shift
    normal = base.normal
    try:
        csa_normal = csareader.get_slice_normal(csa)
    except Exception:  # noqa: BLE001
        csa_normal = None
    if csa_normal is not None and np.dot(np.asarray(csa_normal, float), normal) < 0:
        normal = -normal
    step = base.spacing_between or base.thickness or 1.0
    out = []
    for m in range(n):
        fr = Frame(**{**base.__dict__})
        fr.rows, fr.cols = rows, cols
        fr.ipp = first + m * step * normal
        fr.mosaic_tile, fr.mosaic_grid = m, grid
        fr.time_key = base.time_key + (m,)
        fr.extras = {**base.extras, "mosaic": n}
        out.append(fr)
    return out


def split_mosaic(plane: np.ndarray, grid: int | tuple[int, int], tiles: list[int]) -> np.ndarray:
    """Cut the decoded 2D mosaic ``[rows, cols]`` into the requested tiles ``[len(tiles), r, c]``;
    ``grid`` is the tiles per row and column (one number when square), tiles numbered row by row."""
    gr, gc = (grid, grid) if isinstance(grid, int) else grid
    r, c = plane.shape[0] // gr, plane.shape[1] // gc
    v4 = plane.reshape(gr, r, gc, c).transpose(0, 2, 1, 3).reshape(gr * gc, r, c)
    return v4[tiles]
