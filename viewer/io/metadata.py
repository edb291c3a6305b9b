"""The header facts a reader wants next to the pixels (patient, study, series), as plain strings."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

#: Volume.metadata key → DICOM keyword
FIELDS = {
    "patient_name": "PatientName",
    "patient_id": "PatientID",
    "patient_birth_date": "PatientBirthDate",
    "patient_sex": "PatientSex",
    "patient_age": "PatientAge",
    "study_date": "StudyDate",
    "study_time": "StudyTime",
    "study_description": "StudyDescription",
    "study_id": "StudyID",
    "series_description": "SeriesDescription",
    "series_number": "SeriesNumber",
    "series_date": "SeriesDate",
    "body_part": "BodyPartExamined",
    "accession_number": "AccessionNumber",
    "institution": "InstitutionName",
    "manufacturer": "Manufacturer",
    "manufacturer_model": "ManufacturerModelName",
    "protocol_name": "ProtocolName",
    "referring_physician": "ReferringPhysicianName",
    "sop_class_uid": "SOPClassUID",
    "repetition_time": "RepetitionTime",  # ms; the NIfTI time step of a 4D series
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value)
    return str(value).strip()


def metadata_of(ds: Dataset) -> dict[str, str]:
    """Every key of :data:`FIELDS`, as a string ("" when the file lacks it)."""
    out = {}
    for key, kw in FIELDS.items():
        try:
            out[key] = _text(ds.get(kw))
        except Exception:  # noqa: BLE001 - a malformed value must not stop loading
            out[key] = ""
    return out


def _first(value) -> float | None:
    try:
        if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
            value = value[0]
        return float(value)
    except (TypeError, ValueError, IndexError):
        return None


def window_of(ds: Dataset, frame_voi: Dataset | None = None) -> tuple[float, float] | None:
    """(center, width) of the first default VOI window, from the frame's FrameVOILUTSequence or
    the file's WindowCenter/WindowWidth; None when absent or unusable."""
    for src in (frame_voi, ds):
        if src is None:
            continue
        c, w = _first(src.get("WindowCenter")), _first(src.get("WindowWidth"))
        if c is not None and w is not None and w > 0:
            return (c, w)
    return None
