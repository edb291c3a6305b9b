"""Build small DICOM series at test time (pydicom), sampling a phantom defined in patient LPS mm."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

#: a marker in the patient's LEFT hemisphere (+x in LPS), slightly posterior and superior
MARKER_LPS = np.array([45.0, 10.0, 20.0])


def head_phantom(p: np.ndarray) -> np.ndarray:
    """Ellipsoid 'head' of value 100 with a bright (1000) sphere at :data:`MARKER_LPS`."""
    x, y, z = p[..., 0], p[..., 1], p[..., 2]
    head = (x / 80) ** 2 + (y / 95) ** 2 + (z / 70) ** 2 <= 1
    marker = np.linalg.norm(p - MARKER_LPS, axis=-1) <= 8
    return np.where(marker, 1000, np.where(head, 100, 0)).astype(np.int16)


def rotation(axis, degrees: float) -> np.ndarray:
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    t = np.radians(degrees)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * k @ k


def write_series(folder: Path, row_dir, col_dir, *, n_slices: int = 40, size: int = 64, pixel: float = 3.0,
                 positions_mm: list[float] | None = None, phantom: Callable = head_phantom,
                 shuffle_instance_numbers: bool = True, n_times: int = 1, slope: float = 1.0,
                 intercept: float = 0.0, series_uid: str | None = None, extra: dict | None = None,
                 center=(0.0, 0.0, 0.0), tilt_shift_mm: float = 0.0) -> list[Path]:
    """Write one series of ``n_slices`` (× ``n_times``) single-frame MR files into ``folder``.

    Slices are centred on ``center``; slice ``s`` lies at ``positions_mm[s]`` along the normal
    (default: evenly 3 mm apart). InstanceNumbers are shuffled so a loader that sorts by them fails.
    ``tilt_shift_mm`` moves each slice along the column direction by that much per mm of height."""
    folder.mkdir(parents=True, exist_ok=True)
    r = np.asarray(row_dir, float) / np.linalg.norm(row_dir)
    c = np.asarray(col_dir, float) / np.linalg.norm(col_dir)
    n = np.cross(r, c)
    if positions_mm is None:
        positions_mm = [(s - (n_slices - 1) / 2) * 3.0 for s in range(n_slices)]
    series_uid = series_uid or generate_uid()
    study_uid, for_uid = generate_uid(), generate_uid()
    rng = np.random.default_rng(7)
    numbers = rng.permutation(len(positions_mm) * n_times) + 1 if shuffle_instance_numbers else \
        np.arange(len(positions_mm) * n_times) + 1
    jj, ii = np.mgrid[0:size, 0:size]
    half = (size - 1) / 2 * pixel
    paths = []
    count = 0
    for t in range(n_times):
        for s, d in enumerate(positions_mm):
            ipp = np.asarray(center, float) - half * r - half * c + d * n + d * tilt_shift_mm * c
            world = ipp + ii[..., None] * pixel * r + jj[..., None] * pixel * c
            values = phantom(world).astype(np.float64) + 10 * t
            stored = np.rint((values - intercept) / slope).astype(np.int16)
            ds = _dataset(stored, ipp, r, c, pixel, series_uid, study_uid, for_uid, int(numbers[count]), t)
            for k, v in (extra or {}).items():
                setattr(ds, k, v)
            ds.RescaleSlope, ds.RescaleIntercept = f"{slope:g}", f"{intercept:g}"
            path = folder / f"img_{count:04d}.dcm"
            ds.save_as(path, enforce_file_format=True)
            paths.append(path)
            count += 1
    return paths


def _dataset(pixels, ipp, r, c, pixel, series_uid, study_uid, for_uid, number, t) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = MRImageStorage, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, for_uid
    ds.Modality = "MR"
    ds.PatientName, ds.PatientID, ds.PatientSex, ds.PatientBirthDate = "Test^Phantom", "PH001", "O", "19700101"
    ds.StudyDate, ds.StudyDescription, ds.SeriesDescription = "20260101", "Brain MRI", "T1 phantom"
    ds.SeriesNumber, ds.InstanceNumber, ds.AcquisitionNumber = 3, number, t + 1
    ds.TemporalPositionIdentifier = t + 1
    ds.ImagePositionPatient = [f"{v:.6f}" for v in ipp]
    ds.ImageOrientationPatient = [f"{v:.8f}" for v in (*r, *c)]
    ds.PixelSpacing = [f"{pixel:g}", f"{pixel:g}"]
    ds.SliceThickness = "3"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.WindowCenter, ds.WindowWidth = "500", "1000"
    ds.PixelData = pixels.astype("<i2").tobytes()
    return ds
