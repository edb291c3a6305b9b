"""DICOM files full of patient-identifying text in every place a de-identifier can miss, made at test time:
top level, sequences nested in kept sequences, private elements (also inside sequences), the file meta
(Source AE Title, Private Information and its creator UID), and images flagged with burned-in annotation."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT = "1.2.840.10008.5.1.4.1.1.2"


def phi_marks(seed: int) -> dict[str, str]:
    """Distinct identifying strings for one patient (searched for in every exported byte)."""
    r = random.Random(seed)
    tag = "".join(r.choice("QXZJKW") for _ in range(6))
    return {"name": f"SECRET{tag}^PATIENT", "id": f"PID{tag}77", "birth": "19450317", "other": f"OTHERNAME{tag}",
            "address": f"STREET{tag} 12 SEOUL", "physician": f"DOCTOR{tag}^REFERRING", "institution": f"HOSP{tag}",
            "ae": f"AE{tag}", "private": f"PRIV{tag}", "accession": f"ACC{tag}9", "study_id": f"SID{tag}"}


def _nested_names(marks: dict[str, str], depth: int) -> Dataset:
    """An item of a kept sequence carrying names, and the same again ``depth`` levels further down."""
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = "T-A0100", "SRT", "Brain"
    item.PatientName = marks["name"]
    item.PatientID = marks["id"]
    item.PatientBirthDate = marks["birth"]
    item.OperatorsName = marks["other"]
    item.add_new(0x00091010, "LO", marks["private"])
    if depth > 0:
        item.AnatomicRegionModifierSequence = Sequence([_nested_names(marks, depth - 1)])
    return item


def phi_instance(marks: dict[str, str], study: str, series: str, number: int, *, burned_in: bool = False,
                 depth: int = 2) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = generate_uid()
    meta.SourceApplicationEntityTitle = marks["ae"]
    meta.SendingApplicationEntityTitle = marks["ae"]
    meta.PrivateInformationCreatorUID = "1.2.3.4." + str(number)
    meta.PrivateInformation = (marks["private"] + " " + marks["name"]).encode() + b"\x00" * (len(marks["private"]) % 2)
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = CT, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.FrameOfReferenceUID = generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = marks["name"], marks["id"], marks["birth"], "F"
    ds.OtherPatientNames = marks["other"]
    ds.PatientAddress = marks["address"]
    ds.ReferringPhysicianName = marks["physician"]
    ds.InstitutionName = marks["institution"]
    ds.AccessionNumber, ds.StudyID = marks["accession"], marks["study_id"]
    ds.StudyDate, ds.StudyTime, ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "20261101", "101010", "CT", 1, number
    ds.BurnedInAnnotation = "YES" if burned_in else "NO"
    ds.AnatomicRegionSequence = Sequence([_nested_names(marks, depth)])  # not in the profile: kept
    ds.add_new(0x00290010, "LO", "EVIL PRIVATE CREATOR")
    ds.add_new(0x00291001, "LO", marks["private"] + marks["name"])
    ds.ImagePositionPatient, ds.ImageOrientationPatient = [0, 0, float(number)], [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing, ds.SliceThickness = [0.5, 0.5], 1.0
    ds.Rows = ds.Columns = 8
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope = 0, 1
    ds.PixelData = np.full((8, 8), 100 + number, dtype=np.uint16).tobytes()
    return ds


def write_study(folder: Path, marks: dict[str, str], n: int = 3, burned_in: tuple[int, ...] = (),
                depth: int = 2) -> str:
    """``n`` instances of one CT series under ``folder``; returns the StudyInstanceUID."""
    folder.mkdir(parents=True, exist_ok=True)
    study, series = generate_uid(), generate_uid()
    for i in range(1, n + 1):
        ds = phi_instance(marks, study, series, i, burned_in=i in burned_in, depth=depth)
        ds.save_as(folder / f"im{i}.dcm", enforce_file_format=True)
    return study


def every_value(path: Path):
    """Every element value of a file, file meta included, at every depth (for the no-PHI walk)."""
    ds = pydicom.dcmread(path, force=True)

    def walk(d):
        for elem in d:
            if elem.VR == "SQ":
                for item in elem.value:
                    yield from walk(item)
            elif elem.tag != 0x7FE00010:
                yield elem.tag, elem.value

    yield from walk(ds.file_meta)
    yield from walk(ds)


def import_folder(archive_dir: Path, folder: Path) -> int:
    """Import ``folder`` into the archive at ``archive_dir`` (the importer's API); returns instances stored."""
    from workstation.archive import Archive
    from workstation.importer import ImportJob

    with Archive.open(archive_dir) as archive:
        report = ImportJob(archive, [folder]).run()
    assert not report.failed, report.failed
    return report.imported
