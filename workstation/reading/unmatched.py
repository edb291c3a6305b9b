"""Every study can be read (Qt-free): archive studies without a reading order, matching them to orders,
local reading orders, and the archive's studies in a patient's history (local priors).

A study that arrived by import or C-STORE has no CDSS order. ``unmatched_studies`` lists them (the
worklist's "Unmatched / no order" filter). ``match_study`` looks for its order: first by accession number
(an order's accession number is its CDSS id, or ``L<id>`` for an order made here), then by patient ID and
study date; one candidate is matched automatically (``link``), several are the user's choice, none means a
``create_local_order`` — an ordinary order of the reading repository (``dirty``, an ``order_created``
change event), so it syncs like any other and walks the one status machine (``sync.schema.vocab``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from workstation.reading.context import dicom_date
from workstation.reading.records import Order, Patient, Study
from workstation.reading.repository import ReadingRepository, order_day
from workstation.reading.status import OrderStatus

#: the worklist filter's name (the widget translates it)
UNMATCHED_FILTER = "Unmatched / no order"


@dataclass(frozen=True)
class ArchiveStudy:
    """An archive study as the reading layer sees it (from ``workstation.archive.queries.StudyRecord``)."""
    study_uid: str
    patient_number: str
    patient_name: str
    study_date: date | None
    modality: str
    body_part: str
    description: str
    accession_number: str
    series_count: int
    instance_count: int
    birth_date: date | None = None
    sex: str = ""

    @classmethod
    def of(cls, rec) -> ArchiveStudy:
        mods = [m for m in (rec.modalities or "").split("\\") if m]
        image_mods = [m for m in mods if m not in ("SEG", "SR", "PR", "KO", "REG", "RWV")]
        return cls(rec.study_instance_uid, rec.patient_id, rec.patient_name, dicom_date(rec.study_date),
                   (image_mods or mods or [""])[0], rec.body_part or "", rec.study_description or "",
                   (rec.accession_number or "").strip(), rec.series_count, rec.instance_count,
                   dicom_date(rec.birth_date), rec.sex or "")

    def as_study(self) -> Study:
        return Study(self.study_uid, self.study_date, self.modality, self.body_part, self.description,
                     self.series_count, self.instance_count)

    def as_patient(self) -> Patient:
        sex = self.sex[:1].upper() if self.sex[:1].upper() in ("M", "F", "O") else ""
        return Patient(self.patient_number, self.patient_name, self.birth_date, sex)


@dataclass(frozen=True)
class Match:
    """How an archive study meets the orders: ``by`` accession | patient_date | none; ``automatic`` is the
    order to link without asking (exactly one candidate), else the user picks from ``candidates``."""
    study: ArchiveStudy
    by: str
    candidates: tuple[Order, ...]

    @property
    def automatic(self) -> Order | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def needs_choice(self) -> bool:
        return len(self.candidates) > 1


def order_accession(order: Order) -> str:
    """The accession number an order gives its study: the CDSS order id, or ``L<id>`` for a local one."""
    return order.remote_id or f"L{order.id}"


def archive_studies(archive, patient_id: str | None = None) -> list[ArchiveStudy]:
    """The archive's studies (``workstation.archive.Archive``), read-only."""
    return [ArchiveStudy.of(r) for r in archive.studies(patient_id)]


def unmatched_studies(studies: Iterable[ArchiveStudy], orders: Iterable[Order]) -> list[ArchiveStudy]:
    """Archive studies no reading order refers to (by StudyInstanceUID), newest first."""
    linked = {o.study.study_uid for o in orders if o.study is not None}
    out = [s for s in studies if s.study_uid not in linked]
    return sorted(out, key=lambda s: s.study_date or date.min, reverse=True)


def _open_for_images(order: Order, archive_uids: set[str]) -> bool:
    """An order still waiting for its images: not cancelled, and no study of its own in the archive."""
    if order.status == OrderStatus.CANCELLED:
        return False
    return order.study is None or not order.study.study_uid or order.study.study_uid not in archive_uids


def match_study(study: ArchiveStudy, orders: Iterable[Order], archive_uids: Iterable[str] = ()) -> Match:
    """Candidates for ``study``: by accession number (same patient ID only: another site's accession numbers
    may collide), else by patient ID and study date (and modality when both say one). Orders that already have their own images in the archive are never candidates."""
    uids = set(archive_uids) | {study.study_uid}
    open_orders = [o for o in orders if _open_for_images(o, uids - {study.study_uid})
                   or (o.study is not None and o.study.study_uid == study.study_uid)]
    if study.accession_number:
        acc = [o for o in open_orders if order_accession(o) == study.accession_number
               and o.patient.patient_number == study.patient_number]  # never across patients
        if acc:
            return Match(study, "accession", tuple(acc))

    def same_day(o: Order) -> bool:
        day = order_day(o)
        return study.study_date is not None and day == study.study_date

    def same_modality(o: Order) -> bool:
        m = o.study.modality.upper() if o.study and o.study.modality else ""
        return not m or not study.modality or m == study.modality.upper()

    pd = [o for o in open_orders if o.patient.patient_number == study.patient_number and same_day(o)
          and same_modality(o)]
    return Match(study, "patient_date" if pd else "none", tuple(sorted(pd, key=lambda o: o.id)))


def link(repo: ReadingRepository, order_id: int, study: ArchiveStudy) -> Order:
    """Give the order its archive study (automatic match or the user's choice)."""
    order = repo.get_order(order_id)
    if order.patient.patient_number != study.patient_number:
        from workstation.reading.errors import ReadingError
        raise ReadingError(f"order {order_id} is of patient {order.patient.patient_number}; "
                           f"the study is of {study.patient_number}")
    return repo.attach_study(order_id, study.as_study())


def create_local_order(repo: ReadingRepository, study: ArchiveStudy, by: str, priority: str = "ROUTINE") -> Order:
    """A LOCAL reading order for a study without one: an ordinary order (ORDERED, dirty, ``order_created``
    event), so the sync layer pushes it like any other."""
    existing = [o for o in repo.orders_for_study(study.study_uid) if o.status != OrderStatus.CANCELLED]
    if existing:
        return existing[0]
    what = " ".join(x for x in (study.modality, study.body_part, study.description) if x)
    return repo.create_order(study.as_patient(), study=study.as_study(), priority=priority,
                             description=f"LOCAL reading order: {what}".strip(), ordering_doctor=by, by=by)


def auto_match(repo: ReadingRepository, studies: Iterable[ArchiveStudy]) -> tuple[list[Order], list[Match]]:
    """Link every unmatched study that has exactly one candidate order which no other unmatched study
    claims too; return (linked orders, matches that need the user: several candidates, a contested order,
    or none)."""
    studies = list(studies)
    orders = repo.orders()
    uids = {s.study_uid for s in studies}
    matches = [match_study(st, orders, uids) for st in unmatched_studies(studies, orders)]
    claims: dict[int, int] = {}
    for m in matches:
        for o in m.candidates:
            claims[o.id] = claims.get(o.id, 0) + 1
    linked, left = [], []
    for m in matches:
        if m.automatic is not None and claims[m.automatic.id] == 1:
            linked.append(link(repo, m.automatic.id, m.study))
        else:
            left.append(m)
    return linked, left


@dataclass(frozen=True)
class LocalPrior:
    """An archive study of the patient without a reading order (history shows it as a local prior)."""
    study: ArchiveStudy
    label: str = "local (archive, no order)"


def local_priors(patient_number: str, studies: Iterable[ArchiveStudy], orders: Iterable[Order]) -> list[LocalPrior]:
    """The patient's archive studies no order refers to, newest first (added to the patient history)."""
    mine = [s for s in studies if s.patient_number == patient_number]
    return [LocalPrior(s) for s in unmatched_studies(mine, orders)]
