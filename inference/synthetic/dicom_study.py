"""Write a synthetic four-sequence MR study (T1, T1c, T2, FLAIR) as DICOM, with its true labels.

For tests and benchmarks: the phantom is acquired on each series' own grid (thick oblique slices
allowed), written as classic MR Image Storage files with IOP/IPP from the grid's affine and
shuffled InstanceNumbers, all in one study and frame of reference.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

from .acquire import Grid, acquire
from .phantom import HeadPhantom

DESCRIPTIONS = {"T1": "AX T1 SE", "T1c": "AX T1 SE POST GD", "T2": "AX T2 TSE", "FLAIR": "AX T2 FLAIR"}
CHANNEL = {"T1": 0, "T1c": 1, "T2": 2, "FLAIR": 3}
TIMING = {"T1": (500.0, 12.0, None), "T1c": (500.0, 12.0, None), "T2": (4000.0, 95.0, None),
          "FLAIR": (9000.0, 120.0, 2500.0)}


@dataclass
class StudyTruth:
    folder: Path
    series_uids: dict[str, str]
    grids: dict[str, Grid]
    phantom: HeadPhantom


def _dataset(study: dict, series_uid: str, seq: str, number: int, grid: Grid, k: int, plane: np.ndarray,
             instance: int) -> Dataset:
    a = grid.affine
    sp = grid.spacing
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = MRImageStorage, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.Manufacturer = "MR", "SYNTHETIC"
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = study["name"], study["id"], "19700101", "O"
    ds.StudyInstanceUID, ds.StudyID, ds.StudyDate, ds.StudyTime = study["uid"], "1", "20260101", "120000"
    ds.AccessionNumber, ds.ReferringPhysicianName = "SYN1", ""
    ds.SeriesInstanceUID, ds.SeriesNumber, ds.SeriesDescription = series_uid, number, DESCRIPTIONS[seq]
    ds.FrameOfReferenceUID, ds.PositionReferenceIndicator = study["for"], ""
    ds.InstanceNumber = instance
    tr, te, ti = TIMING[seq]
    ds.RepetitionTime, ds.EchoTime = tr, te
    if ti:
        ds.InversionTime = ti
    if seq == "T1c":
        ds.ContrastBolusAgent = "GADOLINIUM"
    ds.ScanningSequence, ds.SequenceVariant, ds.MRAcquisitionType = "SE", "NONE", "2D"
    ds.ImageOrientationPatient = [float(x) for x in np.r_[a[:3, 0] / sp[0], a[:3, 1] / sp[1]].round(6)]
    ds.ImagePositionPatient = [float(x) for x in (a @ [0, 0, k, 1])[:3].round(4)]
    ds.PixelSpacing = [float(round(sp[1], 5)), float(round(sp[0], 5))]
    ds.SliceThickness = float(round(sp[2], 4))
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns = plane.shape
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.RescaleSlope, ds.RescaleIntercept = 1, 0
    ds.PixelData = np.clip(plane, 0, 65535).astype(np.uint16).tobytes()
    return ds


def write_study(folder: Path, phantom: HeadPhantom, grids: dict[str, Grid], rng: np.random.Generator,
                noise: float = 0.02, bias: float = 0.2, sequences=("T1", "T1c", "T2", "FLAIR")) -> StudyTruth:
    """Acquire each sequence on its grid and write it under ``folder/<sequence>/``.

    Series that share a grid (same affine and shape) are acquired together (one slab average)."""
    folder = Path(folder)
    study = {"uid": generate_uid(), "for": generate_uid(), "name": "SYNTHETIC^HEAD", "id": "SYN-0001"}
    uids = {}
    groups: dict[tuple, list[str]] = {}
    for s in sequences:
        g = grids[s]
        groups.setdefault((g.affine.round(6).tobytes(), g.shape), []).append(s)
    for seqs in groups.values():
        g = grids[seqs[0]]
        imgs = acquire(phantom, g, rng, noise=noise, bias=bias, channels=tuple(CHANNEL[s] for s in seqs))
        for img, s in zip(imgs, seqs):
            uids[s] = generate_uid()
            sub = folder / s
            sub.mkdir(parents=True, exist_ok=True)
            order = rng.permutation(g.shape[0])
            for k in range(g.shape[0]):
                ds = _dataset(study, uids[s], s, 1 + list(CHANNEL).index(s), g, k, img[k], int(order[k]) + 1)
                ds.save_as(sub / f"{s}_{k:03d}.dcm", enforce_file_format=True)
    return StudyTruth(folder, uids, dict(grids), phantom)
