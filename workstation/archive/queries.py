"""Read side of the archive: plain, immutable records for worklists, study browsers and C-FIND.

Every function takes a SQLAlchemy ``Connection`` and returns frozen dataclasses (safe to hand to any
thread or widget; no lazy loading).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from .models import Instance, Patient, Series, Study


@dataclass(frozen=True)
class PatientRecord:
    patient_id: str
    patient_name: str
    birth_date: str
    sex: str
    study_count: int


@dataclass(frozen=True)
class StudyRecord:
    study_instance_uid: str
    patient_id: str
    patient_name: str
    birth_date: str
    sex: str
    study_date: str
    study_time: str
    study_description: str
    accession_number: str
    study_id: str
    modalities: str  # backslash-separated, e.g. "CT\\MR"
    body_part: str
    referring_physician: str
    series_count: int
    instance_count: int


@dataclass(frozen=True)
class SeriesRecord:
    series_instance_uid: str
    study_instance_uid: str
    patient_id: str
    series_number: int | None
    series_description: str
    modality: str
    body_part: str
    orientation: str  # axial / coronal / sagittal / oblique / ""
    instances: int  # instances stored


@dataclass(frozen=True)
class InstanceRecord:
    sop_instance_uid: str
    sop_class_uid: str
    series_instance_uid: str
    instance_number: int | None
    transfer_syntax_uid: str
    stored_path: str  # relative to store/
    size_bytes: int
    content_hash: str


def patients(conn: Connection) -> list[PatientRecord]:
    q = (select(Patient.patient_id, Patient.patient_name, Patient.birth_date, Patient.sex, func.count(Study.id))
         .outerjoin(Study, Study.patient_pk == Patient.id).group_by(Patient.id).order_by(Patient.patient_name,
                                                                                         Patient.patient_id))
    return [PatientRecord(*row) for row in conn.execute(q)]


def _like(pattern: str) -> str:
    """DICOM wildcards (``*``, ``?``) to SQL LIKE, other LIKE characters escaped with ``!``."""
    out = pattern.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return out.replace("*", "%").replace("?", "_")


def _match(column, value: str):
    if "*" in value or "?" in value:
        return column.like(_like(value), escape="!")
    return column == value


def find_studies(conn: Connection, patient_id: str | None = None, patient_name: str | None = None,
                 study_date_from: str | None = None, study_date_to: str | None = None,
                 study_date: str | None = None, modality: str | None = None,
                 accession_number: str | None = None, study_instance_uid: str | None = None,
                 study_description: str | None = None, exact_patient_id: str | None = None) -> list[StudyRecord]:
    """Studies matching every given filter (``None``/``""`` = any).

    Text filters take DICOM wildcards ``*`` and ``?``; ``study_date`` takes a DICOM date or range
    (``"20200101"``, ``"20200101-20201231"``, ``"-20201231"``, ``"20200101-"``); ``modality`` matches any
    series of the study; ``exact_patient_id`` matches one patient ID literally ("" included).
    Newest study first.
    """
    if study_date:
        if "-" in study_date:
            lo, hi = study_date.split("-", 1)
            study_date_from, study_date_to = lo or study_date_from, hi or study_date_to
        else:
            study_date_from = study_date_to = study_date
    series_n = (select(Series.study_pk, func.count(Series.id).label("n_series"),
                       func.coalesce(func.sum(Series.instance_count), 0).label("n_inst"))
                .group_by(Series.study_pk).subquery())
    q = (select(Study.study_instance_uid, Patient.patient_id, Patient.patient_name, Patient.birth_date, Patient.sex,
                Study.study_date, Study.study_time, Study.study_description, Study.accession_number,
                Study.study_id, Study.modalities, Study.body_part, Study.referring_physician,
                func.coalesce(series_n.c.n_series, 0), func.coalesce(series_n.c.n_inst, 0))
         .join(Patient, Patient.id == Study.patient_pk)
         .outerjoin(series_n, series_n.c.study_pk == Study.id))
    conds = []
    if exact_patient_id is not None:
        conds.append(Patient.patient_id == exact_patient_id)
    if patient_id:
        conds.append(_match(Patient.patient_id, patient_id))
    if patient_name:
        conds.append(_match(Patient.patient_name, patient_name))
    if accession_number:
        conds.append(_match(Study.accession_number, accession_number))
    if study_instance_uid:
        conds.append(Study.study_instance_uid == study_instance_uid)
    if study_description:
        conds.append(_match(Study.study_description, study_description))
    if study_date_from:
        conds.append(Study.study_date >= study_date_from)
    if study_date_to:
        conds.append(and_(Study.study_date <= study_date_to, Study.study_date != ""))
    if modality:
        conds.append(Study.id.in_(select(Series.study_pk).where(_match(Series.modality, modality))))
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(Study.study_date.desc(), Study.study_time.desc(), Study.study_instance_uid)
    return [StudyRecord(*row) for row in conn.execute(q)]


def series(conn: Connection, study_instance_uid: str | None = None) -> list[SeriesRecord]:
    """Series of one study (or of the whole archive), by series number."""
    q = (select(Series.series_instance_uid, Study.study_instance_uid, Patient.patient_id, Series.series_number,
                Series.series_description, Series.modality, Series.body_part, Series.orientation,
                Series.instance_count)
         .join(Study, Study.id == Series.study_pk).join(Patient, Patient.id == Study.patient_pk))
    if study_instance_uid:
        q = q.where(Study.study_instance_uid == study_instance_uid)
    q = q.order_by(Patient.patient_id, Study.study_instance_uid, Series.series_number, Series.series_instance_uid)
    return [SeriesRecord(*row) for row in conn.execute(q)]


def instances(conn: Connection, series_instance_uid: str) -> list[InstanceRecord]:
    """Instances of a series sorted by instance number (unnumbered last), then UID."""
    q = (select(Instance.sop_instance_uid, Instance.sop_class_uid, Series.series_instance_uid,
                Instance.instance_number, Instance.transfer_syntax_uid, Instance.stored_path,
                Instance.size_bytes, Instance.content_hash)
         .join(Series, Series.id == Instance.series_pk)
         .where(Series.series_instance_uid == series_instance_uid))
    rows = [InstanceRecord(*row) for row in conn.execute(q)]
    rows.sort(key=lambda r: (r.instance_number is None, r.instance_number or 0, r.sop_instance_uid))
    return rows


def image_records(conn: Connection, series_instance_uid: str) -> list[tuple[str, str | None]]:
    """``(stored path, image record or None)`` of a series' instances, in ``instances``' order: what
    opening the series needs, its headers included (``viewer.io.indexed``)."""
    q = (select(Instance.stored_path, Instance.image_record, Instance.instance_number, Instance.sop_instance_uid)
         .join(Series, Series.id == Instance.series_pk)
         .where(Series.series_instance_uid == series_instance_uid))
    rows = list(conn.execute(q))
    rows.sort(key=lambda r: (r[2] is None, r[2] or 0, r[3]))
    return [(path, record) for path, record, _n, _uid in rows]


def counts(conn: Connection) -> dict[str, int]:
    return {name: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in (("patients", Patient), ("studies", Study), ("series", Series),
                                ("instances", Instance))}
