"""Rows ↔ records (the repository's only place that knows both)."""
from __future__ import annotations

from workstation.reading.models import ConflictRow, OrderHistoryRow, OrderRow, PatientRow, StudyRow
from workstation.reading.records import Conflict, HistoryEntry, Order, Patient, Report, Study


def patient(row: PatientRow) -> Patient:
    return Patient(row.patient_number, row.name, row.birth_date, row.sex, row.remote_id, row.id)


def study(row: StudyRow | None) -> Study | None:
    if row is None:
        return None
    return Study(row.study_uid, row.study_date, row.modality, row.body_part, row.description,
                 row.series_count, row.instance_count, row.remote_id)


def order(row: OrderRow) -> Order:
    return Order(id=row.id, patient=patient(row.patient), status=row.status, priority=row.priority,
                 ordered_at=row.ordered_at, description=row.description, ordering_doctor=row.ordering_doctor,
                 study=study(row.study), report=Report.from_worker_result(row.worker_result),
                 remote_id=row.remote_id, updated_at=row.updated_at, dirty=row.dirty,
                 remote_version=row.remote_version)


def history(row: OrderHistoryRow) -> HistoryEntry:
    return HistoryEntry(row.order_id, row.from_status, row.to_status, row.changed_by, row.changed_at, row.note)


def conflict(row: ConflictRow) -> Conflict:
    return Conflict(row.id, row.order_id, dict(row.local), dict(row.remote), row.detected_at, row.resolved)


def fill_study(row: StudyRow, st: Study) -> None:
    row.study_uid = st.study_uid
    row.study_date = st.study_date
    row.modality = st.modality
    row.body_part = st.body_part
    row.description = st.description
    row.series_count = st.series_count
    row.instance_count = st.instance_count
    row.remote_id = st.remote_id
