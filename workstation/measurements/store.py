"""``MeasurementStore``: the measurements, lesions, non-target states and key images of the reading in the
local database (the archive's database file; tables of ``models``). Plain values in and out
(``viewer.measure.measurement.Measurement``, ``lesions.Lesion``); thread-safe (one session per call)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import sessionmaker

from viewer.measure.measurement import Measurement
from workstation.measurements.lesions import NON_TARGET_STATES, Lesion
from workstation.measurements.models import KeyImageRow, LesionRow, LesionStateRow, MeasurementRow


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class MeasurementStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @classmethod
    def of(cls, database_or_archive) -> "MeasurementStore":
        """The store in a ``LocalDatabase`` or an ``Archive`` (anything with ``.engine``), migrated."""
        return cls(database_or_archive.engine)

    # ---- measurements ------------------------------------------------------------------------
    def save(self, m: Measurement, patient_id: str = "", author: str = "") -> Measurement:
        """Insert or update (by ``m.id``): an edit keeps the measurement's identity and creation time."""
        with self._sessions.begin() as s:
            row = s.scalar(select(MeasurementRow).where(MeasurementRow.uid == m.id))
            now = _now()
            if row is None:
                row = MeasurementRow(uid=m.id, created_at=now, patient_id=patient_id, author=author)
                s.add(row)
            elif patient_id:
                row.patient_id = patient_id
            row.study_uid, row.series_uid, row.kind, row.lesion = m.study_uid, m.series_uid, m.kind, m.lesion
            row.data, row.updated_at = m.to_dict(), now
            if author:
                row.author = author
        return m

    def delete(self, uid: str) -> bool:
        with self._sessions.begin() as s:
            return s.execute(delete(MeasurementRow).where(MeasurementRow.uid == uid)).rowcount > 0

    def get(self, uid: str) -> Measurement | None:
        with self._sessions() as s:
            row = s.scalar(select(MeasurementRow).where(MeasurementRow.uid == uid))
            return Measurement.from_dict(row.data) if row else None

    def list(self, study_uid: str | None = None, patient_id: str | None = None) -> list[Measurement]:
        """Measurements of a study or a patient (all when neither), oldest first."""
        q = select(MeasurementRow).order_by(MeasurementRow.created_at, MeasurementRow.id)
        if study_uid is not None:
            q = q.where(MeasurementRow.study_uid == study_uid)
        if patient_id is not None:
            q = q.where(MeasurementRow.patient_id == patient_id)
        with self._sessions() as s:
            return [Measurement.from_dict(r.data) for r in s.scalars(q)]

    def replace_study(self, study_uid: str, measurements, patient_id: str = "", author: str = "") -> None:
        """The study's measurements become exactly ``measurements`` (what a reading session saves)."""
        keep = {m.id for m in measurements}
        with self._sessions.begin() as s:
            s.execute(delete(MeasurementRow).where(MeasurementRow.study_uid == study_uid,
                                                   *([MeasurementRow.uid.not_in(keep)] if keep else [])))
        for m in measurements:
            self.save(m, patient_id, author)

    # ---- lesions -----------------------------------------------------------------------------
    def add_lesion(self, patient_id: str, lesion: Lesion) -> Lesion:
        """Name a lesion for the patient (a name is unique per patient: an existing one is updated)."""
        with self._sessions.begin() as s:
            row = s.scalar(select(LesionRow).where(LesionRow.patient_id == patient_id, LesionRow.name == lesion.name))
            if row is None:
                s.add(LesionRow(patient_id=patient_id, name=lesion.name, role=lesion.role, location=lesion.location))
            else:
                row.role, row.location = lesion.role, lesion.location
        return lesion

    def lesions(self, patient_id: str) -> list[Lesion]:
        with self._sessions() as s:
            rows = s.scalars(select(LesionRow).where(LesionRow.patient_id == patient_id).order_by(LesionRow.id))
            return [Lesion(r.name, r.role, r.location) for r in rows]

    def set_state(self, patient_id: str, lesion_name: str, study_uid: str, state: str) -> None:
        """A non-target lesion's state in a study: present, absent or progressed."""
        if state not in NON_TARGET_STATES:
            raise ValueError(f"state must be one of {NON_TARGET_STATES}, got {state!r}")
        with self._sessions.begin() as s:
            lesion = s.scalar(select(LesionRow).where(LesionRow.patient_id == patient_id,
                                                      LesionRow.name == lesion_name))
            if lesion is None:
                raise KeyError(f"patient {patient_id!r} has no lesion named {lesion_name!r}")
            row = s.scalar(select(LesionStateRow).where(LesionStateRow.lesion_id == lesion.id,
                                                        LesionStateRow.study_uid == study_uid))
            if row is None:
                s.add(LesionStateRow(lesion_id=lesion.id, study_uid=study_uid, state=state))
            else:
                row.state = state

    def states(self, patient_id: str) -> dict[tuple[str, str], str]:
        """``{(study_uid, lesion name): state}`` of the patient's non-target lesions."""
        q = (select(LesionStateRow.study_uid, LesionRow.name, LesionStateRow.state)
             .join(LesionRow, LesionRow.id == LesionStateRow.lesion_id).where(LesionRow.patient_id == patient_id))
        with self._sessions() as s:
            return {(uid, name): state for uid, name, state in s.execute(q)}

    # ---- key images --------------------------------------------------------------------------
    def add_key_image(self, study_uid: str, sop_instance_uid: str, series_uid: str = "", note: str = "") -> None:
        with self._sessions.begin() as s:
            row = s.scalar(select(KeyImageRow).where(KeyImageRow.study_uid == study_uid,
                                                     KeyImageRow.sop_instance_uid == sop_instance_uid))
            if row is None:
                s.add(KeyImageRow(study_uid=study_uid, sop_instance_uid=sop_instance_uid, series_uid=series_uid,
                                  note=note))
            else:
                row.note = note or row.note

    def remove_key_image(self, study_uid: str, sop_instance_uid: str) -> None:
        with self._sessions.begin() as s:
            s.execute(delete(KeyImageRow).where(KeyImageRow.study_uid == study_uid,
                                                KeyImageRow.sop_instance_uid == sop_instance_uid))

    def key_images(self, study_uid: str) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(KeyImageRow.sop_instance_uid).where(KeyImageRow.study_uid == study_uid)
                                  .order_by(KeyImageRow.id)))
