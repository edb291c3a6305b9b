"""Read the image series of a study folder as volumes with an index → LPS affine (pydicom only).

``inference`` may not import the viewer (import-linter: viewer, inference and sync are independent
layers), so this is a small reader for what segmentation needs: classic single-frame MR/CT series,
slices sorted by their position along the slice normal (never by InstanceNumber), rescale applied.
Voxel index (i, j, k) = (column, row, slice); arrays are ``[k, j, i]``; ``affine @ [i, j, k, 1]`` is LPS mm.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pydicom

IMAGE_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.4",  # MR Image Storage
    "1.2.840.10008.5.1.4.1.1.2",  # CT Image Storage
}


class StudyReadError(Exception):
    pass


class Cancelled(Exception):
    """The caller's cancel event was set; nothing was written."""


@dataclass
class SeriesVolume:
    series_uid: str
    description: str
    affine: np.ndarray  # 4x4, index (i, j, k) -> LPS mm
    voxels: np.ndarray  # [k, j, i] float32
    headers: list  # pydicom datasets (no pixels), in k order
    files: list[Path]  # in k order
    warnings: list[str] = field(default_factory=list)

    @property
    def spacing(self) -> np.ndarray:
        return np.linalg.norm(self.affine[:3, :3], axis=0)

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.voxels.shape

    @property
    def first(self):
        return self.headers[0]


@dataclass
class SeriesHeaders:
    series_uid: str
    description: str
    files: list[Path]
    headers: list


def _walk(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name != "DICOMDIR")


def scan_study(path: str | os.PathLike, cancel: threading.Event | None = None) -> list[SeriesHeaders]:
    """The image series under ``path`` (file or folder), headers only; non-images are ignored."""
    path = Path(path)
    if not path.exists():
        raise StudyReadError(f"no such file or folder: {path}")
    series: dict[str, SeriesHeaders] = {}
    for f in _walk(path):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        try:
            ds = pydicom.dcmread(f, stop_before_pixels=True)
        except Exception:
            continue  # not DICOM
        if str(ds.get("SOPClassUID", "")) not in IMAGE_SOP_CLASSES or "ImagePositionPatient" not in ds:
            continue
        uid = str(ds.SeriesInstanceUID)
        s = series.setdefault(uid, SeriesHeaders(uid, str(ds.get("SeriesDescription", "")), [], []))
        s.files.append(f)
        s.headers.append(ds)
    if not series:
        raise StudyReadError(f"no MR or CT image series found under {path}")
    return list(series.values())


def geometry(headers: list) -> tuple[np.ndarray, list[int], list[str]]:
    """The affine of a series and the order of its slices along the normal (k order)."""
    iop = np.array(headers[0].ImageOrientationPatient, float)
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    pos = np.array([np.array(h.ImagePositionPatient, float) for h in headers])
    d = pos @ normal
    order = list(np.argsort(d, kind="stable"))
    warnings = []
    for h in headers:
        if not np.allclose(np.array(h.ImageOrientationPatient, float), iop, atol=1e-4):
            raise StudyReadError(f"series {headers[0].SeriesInstanceUID}: slices with different orientations")
    ds_ = np.diff(d[order])
    if len(ds_) and np.any(ds_ < 1e-3):
        raise StudyReadError(f"series {headers[0].SeriesInstanceUID}: two slices at the same position "
                             "(several volumes in one series are not supported for segmentation)")
    dz = float(np.median(ds_)) if len(ds_) else float(headers[0].get("SliceThickness", 1.0) or 1.0)
    if len(ds_) and np.max(np.abs(ds_ - dz)) > 0.01 * dz + 1e-3:
        warnings.append("irregular slice spacing; the median spacing is used")
    pr, pc = (float(x) for x in headers[0].PixelSpacing)  # row spacing (between rows), column spacing
    a = np.eye(4)
    a[:3, 0] = row * pc
    a[:3, 1] = col * pr
    # the k axis follows the actual slice positions (a sheared stack keeps its first-to-last vector)
    if len(order) > 1:
        step = (pos[order[-1]] - pos[order[0]]) / (len(order) - 1)
        if np.linalg.norm(np.cross(step / np.linalg.norm(step), normal)) > 1e-3:
            warnings.append("slices are sheared (gantry tilt); the stack's own slice vector is used")
        a[:3, 2] = step
    else:
        a[:3, 2] = normal * dz
    a[:3, 3] = pos[order[0]]
    return a, [int(i) for i in order], warnings


def load_series(s: SeriesHeaders, cancel: threading.Event | None = None,
                progress: Callable[[int, int], None] | None = None) -> SeriesVolume:
    affine, order, warnings = geometry(s.headers)
    planes = []
    for n, idx in enumerate(order):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        ds = pydicom.dcmread(s.files[idx])
        arr = ds.pixel_array.astype(np.float32)
        slope, inter = float(ds.get("RescaleSlope", 1) or 1), float(ds.get("RescaleIntercept", 0) or 0)
        planes.append(arr * slope + inter)
        if progress:
            progress(n + 1, len(order))
    shapes = {p.shape for p in planes}
    if len(shapes) != 1:
        raise StudyReadError(f"series {s.series_uid} ({s.description}): slices of different sizes {sorted(shapes)}")
    return SeriesVolume(s.series_uid, s.description, affine, np.stack(planes), [s.headers[i] for i in order],
                        [s.files[i] for i in order], warnings)
