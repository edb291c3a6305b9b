"""Write a ``Volume`` as a real single-frame DICOM series (one file per slice) for end-to-end tests."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, MRImageStorage, generate_uid


def write_series(volume, folder: Path, modality: str | None = None, description: str = "test series",
                 patient_name: str = "TEST^LEFT", patient_id: str = "T-001", study_uid: str | None = None,
                 series_number: int = 1, slope: float = 1.0, intercept: float = 0.0) -> list[Path]:
    """One file per slice k with IPP/IOP from the volume's affine; stored = (value - intercept) / slope."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    modality = modality or volume.modality or "MR"
    study_uid = study_uid or generate_uid()
    series_uid, for_uid = generate_uid(), generate_uid()
    d = volume.direction
    iop = [float(x) for x in (*d[:, 0], *d[:, 1])]
    nk, nj, ni = volume.voxels.shape
    paths = []
    for k in range(nk):
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        sop_class = CTImageStorage if modality == "CT" else MRImageStorage
        ds.file_meta.MediaStorageSOPClassUID = sop_class
        sop = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = sop
        ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop
        ds.PatientName, ds.PatientID = patient_name, patient_id
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, for_uid
        ds.StudyDate, ds.Modality, ds.SeriesDescription = "20260101", modality, description
        ds.SeriesNumber, ds.InstanceNumber = series_number, k + 1
        ds.ImagePositionPatient = [float(x) for x in volume.index_to_world([0, 0, k])]
        ds.ImageOrientationPatient = iop
        ds.PixelSpacing = [float(volume.spacing[1]), float(volume.spacing[0])]
        ds.SliceThickness = float(volume.spacing[2])
        ds.Rows, ds.Columns = nj, ni
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope, ds.RescaleIntercept = slope, intercept
        if volume.window:
            ds.WindowCenter, ds.WindowWidth = volume.window
        stored = np.rint((volume.voxels[k].astype(float) - intercept) / slope).astype("<i2")
        ds.PixelData = stored.tobytes()
        p = folder / f"im{k:04d}.dcm"
        ds.save_as(p, enforce_file_format=True)
        paths.append(p)
    return paths
