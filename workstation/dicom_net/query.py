"""C-ECHO and C-FIND as an SCU: patient, study, series (and image) level queries.

``find`` returns plain dicts keyed by DICOM keyword, ready for a table or ``--json``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from pydicom.dataset import Dataset
from pynetdicom.sop_class import Verification

from .contexts import FIND_MODELS
from .nodes import RemoteNode
from .peer import DEFAULT_AET, DicomNetError, associated, make_ae, status_text

LEVELS = ("PATIENT", "STUDY", "SERIES", "IMAGE")

#: attributes asked back at each level
RETURN_KEYS: dict[str, tuple[str, ...]] = {
    "PATIENT": ("PatientID", "PatientName", "PatientBirthDate", "PatientSex",
                "NumberOfPatientRelatedStudies"),
    "STUDY": ("PatientID", "PatientName", "StudyInstanceUID", "StudyDate", "StudyTime",
              "StudyDescription", "AccessionNumber", "ModalitiesInStudy",
              "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances"),
    "SERIES": ("StudyInstanceUID", "SeriesInstanceUID", "Modality", "SeriesNumber",
               "SeriesDescription", "NumberOfSeriesRelatedInstances"),
    "IMAGE": ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID",
              "InstanceNumber"),
}


@dataclass(frozen=True)
class Query:
    """What to look for. Names and IDs take ``*``/``?`` wildcards; dates are ``YYYYMMDD`` or ranges
    ``YYYYMMDD-YYYYMMDD`` / ``-YYYYMMDD`` / ``YYYYMMDD-``."""

    level: str = "STUDY"
    patient_id: str = ""
    patient_name: str = ""
    study_date: str = ""
    modality: str = ""
    accession: str = ""
    study_uid: str = ""
    series_uid: str = ""

    def validate(self) -> None:
        if self.level.upper() not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {self.level!r}")
        d = self.study_date.replace("-", "")
        if self.study_date and (not d.isdigit() or len(d) not in (8, 16) or self.study_date.count("-") > 1):
            raise ValueError(f"date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD, not {self.study_date!r}")
        if self.level.upper() == "IMAGE" and not (self.study_uid and self.series_uid):
            raise ValueError("an IMAGE level query needs the study and series UIDs")


def identifier(q: Query) -> Dataset:
    """The C-FIND identifier for ``q`` (also used for C-MOVE/C-GET keys)."""
    q.validate()
    level = q.level.upper()
    ds = Dataset()
    ds.QueryRetrieveLevel = level
    for key in RETURN_KEYS[level]:
        setattr(ds, key, "")
    if q.patient_id:
        ds.PatientID = q.patient_id
    if q.patient_name:
        ds.PatientName = q.patient_name
    if level != "PATIENT":
        if q.study_date:
            ds.StudyDate = q.study_date
        if q.accession:
            ds.AccessionNumber = q.accession
        if q.study_uid:
            ds.StudyInstanceUID = q.study_uid
        if q.modality:
            ds.ModalitiesInStudy = q.modality
            if level in ("SERIES", "IMAGE"):
                ds.Modality = q.modality
                del ds.ModalitiesInStudy
    if level in ("SERIES", "IMAGE") and q.series_uid:
        ds.SeriesInstanceUID = q.series_uid
    return ds


def echo(node: RemoteNode, calling_aet: str = DEFAULT_AET) -> float:
    """C-ECHO ``node``; return the round trip in seconds or raise ``DicomNetError``."""
    ae = make_ae(calling_aet)
    ae.add_requested_context(Verification)
    t0 = time.perf_counter()
    with associated(ae, node) as assoc:
        status = assoc.send_c_echo()
    if status is None or status.Status != 0:
        raise DicomNetError(f"C-ECHO to {node.ae_title} failed: {status_text(status)}")
    return time.perf_counter() - t0


def _plain(ds: Dataset) -> dict[str, str]:
    out = {}
    for elem in ds:
        if elem.keyword in ("QueryRetrieveLevel", "RetrieveAETitle", "SpecificCharacterSet") or not elem.keyword:
            continue
        value = elem.value
        if elem.VM > 1:
            value = "\\".join(str(v) for v in value)
        out[elem.keyword] = "" if value is None else str(value)
    return out


def find(node: RemoteNode, query: Query, calling_aet: str = DEFAULT_AET, limit: int = 0) -> list[dict[str, str]]:
    """C-FIND ``query`` at ``node``; a list of matches (dicts by keyword). ``limit`` > 0 cancels after so many.

    Patient level uses the Patient Root model, the others Study Root. May run on a worker thread.
    """
    ident = identifier(query)
    model = FIND_MODELS["patient" if query.level.upper() == "PATIENT" else "study"]
    ae = make_ae(calling_aet)
    ae.add_requested_context(model)
    results: list[dict[str, str]] = []
    with associated(ae, node) as assoc:
        for status, found in assoc.send_c_find(ident, model, msg_id=1):
            if status is None or "Status" not in status:
                raise DicomNetError(f"C-FIND at {node.ae_title}: {status_text(status)}")
            code = int(status.Status)
            if code in (0xFF00, 0xFF01):
                if found is not None:
                    results.append(_plain(found))
                if limit and len(results) >= limit:
                    assoc.send_c_cancel(1, query_model=model)
            elif code == 0x0000 or code == 0xFE00:
                break
            else:
                raise DicomNetError(f"C-FIND at {node.ae_title} failed: {status_text(status)}")
    return results[:limit] if limit else results
