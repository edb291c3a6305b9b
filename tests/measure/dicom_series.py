"""Write a phantom ``Volume`` as a real single-frame DICOM series (one file per slice, position and
orientation from its affine) for the SR tests: SR and KOS documents must reference real instances."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, MRImageStorage, generate_uid


def write_series(volume, folder: Path, study_uid: str | None = None, patient_id: str = "MEAS-001",
                 intercept: float = 0.0, series_number: int = 1, study_date: str = "20260105") -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    modality = volume.modality or "MR"
    study_uid = study_uid or generate_uid()
    series_uid, for_uid = generate_uid(), generate_uid()
    d = volume.direction
    sop_class = CTImageStorage if modality == "CT" else MRImageStorage
    paths = []
    for k in range(volume.voxels.shape[0]):
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        sop = generate_uid()
        ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = sop_class, sop
        ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop
        ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "PHANTOM^OBLIQUE", patient_id, "", "O"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, for_uid
        ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = study_date, "101500", "1", "A1"
        ds.ReferringPhysicianName, ds.Modality, ds.SeriesDescription = "", modality, "oblique phantom"
        ds.SeriesNumber, ds.InstanceNumber = series_number, k + 1
        ds.ImagePositionPatient = [round(float(x), 6) for x in volume.index_to_world([0, 0, k])]
        ds.ImageOrientationPatient = [round(float(x), 8) for x in (*d[:, 0], *d[:, 1])]
        ds.PixelSpacing = [float(volume.spacing[1]), float(volume.spacing[0])]
        ds.SliceThickness = float(volume.spacing[2])
        ds.Rows, ds.Columns = volume.voxels.shape[1], volume.voxels.shape[2]
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope, ds.RescaleIntercept = 1.0, intercept
        if modality == "CT":
            ds.RescaleType = "HU"
        ds.PixelData = np.rint(volume.voxels[k].astype(float) - intercept).astype("<i2").tobytes()
        p = folder / f"im{k:04d}.dcm"
        ds.save_as(p, enforce_file_format=True)
        paths.append(p)
    return paths
