"""The Query/Retrieve form → a ``workstation.dicom_net.query.Query``, and C-FIND answers → table rows.
No Qt."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.dicom_net.query import Query


def date_range(date_from: str = "", date_to: str = "") -> str:
    """DICOM date range from two ``YYYYMMDD`` (or ``YYYY-MM-DD``) ends; either may be empty."""
    a, b = date_from.replace("-", "").strip(), date_to.replace("-", "").strip()
    if a and b:
        if b < a:
            raise ValueError("the end date is before the start date")
        return a if a == b else f"{a}-{b}"
    if a:
        return f"{a}-"
    if b:
        return f"-{b}"
    return ""


def build_query(patient_id: str = "", patient_name: str = "", date_from: str = "", date_to: str = "",
                modality: str = "", accession: str = "") -> Query:
    """A STUDY level query; raises ``ValueError`` with a readable message on a bad field."""
    q = Query(level="STUDY", patient_id=patient_id.strip(), patient_name=patient_name.strip(),
              study_date=date_range(date_from, date_to), modality=modality.strip().upper(),
              accession=accession.strip())
    q.validate()
    return q


@dataclass(frozen=True)
class StudyRow:
    patient_name: str
    patient_id: str
    study_date: str
    modalities: str
    description: str
    accession: str
    instances: str
    study_uid: str


def study_rows(found: list[dict[str, str]]) -> list[StudyRow]:
    """C-FIND STUDY answers as table rows, newest first; answers without a Study Instance UID are dropped."""
    rows = [StudyRow(d.get("PatientName", "").replace("^", " ").strip(), d.get("PatientID", ""),
                     d.get("StudyDate", ""), d.get("ModalitiesInStudy", ""), d.get("StudyDescription", ""),
                     d.get("AccessionNumber", ""), d.get("NumberOfStudyRelatedInstances", ""),
                     d.get("StudyInstanceUID", ""))
            for d in found if d.get("StudyInstanceUID")]
    rows.sort(key=lambda r: r.study_date, reverse=True)
    return rows


def study_query(study_uid: str) -> Query:
    """The retrieve keys of one study."""
    return Query(level="STUDY", study_uid=study_uid)
