"""The measurements of the studies being read, kept in step with the archive (no Qt): ``StudySets.of(study,
patient)`` gives the study's :class:`~viewer.measure.history.MeasurementSet` (loaded from the store once,
shared by every viewport of the study); each add, edit, delete, undo or redo on it is written to the store at
once, so measurements survive a restart. ``lesion_table`` builds the patient's table across studies."""
from __future__ import annotations

from datetime import date

from viewer.measure.history import MeasurementSet
from viewer.measure.measurement import Measurement
from workstation.measurements.lesions import ResponseTable, response_table, visits_from_measurements
from workstation.measurements.store import MeasurementStore


class StudySets:
    def __init__(self, store: MeasurementStore, author: str = "") -> None:
        self.store = store
        self.author = author
        self._sets: dict[str, MeasurementSet] = {}
        self._patients: dict[str, str] = {}
        self.errors: list[str] = []  # store failures (the measurement stays on screen; shown by the caller)

    def of(self, study_uid: str, patient_id: str = "") -> MeasurementSet:
        if study_uid not in self._sets:
            s = MeasurementSet(self.store.list(study_uid=study_uid))
            s.subscribe(lambda event, m, uid=study_uid: self._persist(uid, event, m))
            self._sets[study_uid] = s
            self._patients[study_uid] = patient_id
        return self._sets[study_uid]

    def _persist(self, study_uid: str, event: str, m: Measurement) -> None:
        try:
            if event == "removed":
                self.store.delete(m.id)
            else:
                if not m.study_uid:
                    m.study_uid = study_uid
                self.store.save(m, self._patients.get(study_uid, ""), self.author)
        except Exception as exc:  # noqa: BLE001 - a database error must not lose the measurement on screen
            self.errors.append(f"measurement {m.id} not saved: {exc}")


def lesion_table(store: MeasurementStore, archive, patient_id: str) -> ResponseTable | None:
    """The patient's lesion table over the studies in the archive with measurements of a named lesion
    (None when the patient has no named lesion or no such study)."""
    lesions = store.lesions(patient_id)
    if not lesions:
        return None
    measurements = store.list(patient_id=patient_id)
    states = store.states(patient_id)
    uids = {m.study_uid for m in measurements if m.lesion} | {uid for uid, _ in states}
    if not uids:
        return None
    dates: dict[str, date | None] = {uid: None for uid in uids}
    if archive is not None:
        for st in archive.studies(patient_id):
            if st.study_instance_uid in dates and len(st.study_date) == 8:
                dates[st.study_instance_uid] = date(int(st.study_date[:4]), int(st.study_date[4:6]),
                                                    int(st.study_date[6:]))
    return response_table(lesions, visits_from_measurements(dates, measurements, lesions, states))
