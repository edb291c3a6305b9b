"""One reading context (Qt-free): the current patient, study and order, and what every viewport shows.

The viewer, the report editor, the patient history and the study tree follow one ``ReadingContext``:
opening a study from anywhere (worklist, study browser, history, study tree, drag and drop) goes through
``open_study``, which says which viewports must be cleared. Viewports never silently keep another patient's
images: opening another patient clears them all; a prior of the same patient stays only when it was put
there explicitly by ``compare_prior`` (labelled with its date and "PRIOR"). A viewport that shows another
patient than the report (possible only by an explicit ``place(..., explicit=True)``) is *foreign*: its
corner says so in red and ``can_sign`` refuses while it is visible.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from workstation.reading.records import Order, Patient
from workstation.reading.repository import order_day


class ContextError(ValueError):
    """An action the reading context refuses (e.g. comparing with another patient's study)."""


@dataclass(frozen=True)
class StudyIdentity:
    """Who and what a study is: enough to label a viewport and to compare patients."""
    patient_number: str
    patient_name: str
    study_uid: str
    study_date: date | None = None
    modality: str = ""
    body_part: str = ""
    description: str = ""

    @property
    def display_name(self) -> str:
        return " ".join(self.patient_name.replace("^", " ").split()) or self.patient_number

    @property
    def date_text(self) -> str:
        return self.study_date.isoformat() if self.study_date else "date unknown"

    @classmethod
    def of_order(cls, order: Order) -> StudyIdentity:
        st = order.study
        return cls(order.patient.patient_number, order.patient.name, st.study_uid if st else "",
                   order_day(order) if order_day(order) != date.min else None,
                   st.modality if st else "", st.body_part if st else "", st.description if st else order.description)

    @classmethod
    def of_archive(cls, record) -> StudyIdentity:
        """From ``workstation.archive.queries.StudyRecord`` (DICOM date ``YYYYMMDD``)."""
        return cls(record.patient_id, record.patient_name, record.study_instance_uid, dicom_date(record.study_date),
                   (record.modalities or "").split("\\")[0], record.body_part, record.study_description)


def dicom_date(text: str | None) -> date | None:
    try:
        t = (text or "").strip()
        return date(int(t[:4]), int(t[4:6]), int(t[6:8])) if len(t) >= 8 else None
    except ValueError:
        return None


CURRENT, PRIOR, EXPLICIT = "current", "prior", "explicit"


@dataclass(frozen=True)
class ViewportContent:
    study: StudyIdentity
    role: str = CURRENT          # current | prior (explicit comparison) | explicit (placed by hand)
    series_uid: str = ""


@dataclass(frozen=True)
class ViewportIdentity:
    """What a viewport's corner says: name, ID and study date; ``label`` "PRIOR"; ``foreign`` → red."""
    lines: tuple[str, ...]
    label: str
    foreign: bool
    warning: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines + ((self.label,) if self.label else ()) + ((self.warning,) if self.warning else ()))


@dataclass(frozen=True)
class OpenPlan:
    """What the viewers must do after ``open_study``: clear ``clear`` viewports, keep ``keep``."""
    study: StudyIdentity
    patient_changed: bool
    clear: tuple[int, ...]
    keep: tuple[int, ...]


@dataclass(frozen=True)
class SignCheck:
    ok: bool
    reason: str = ""


@dataclass
class ReadingContext:
    study: StudyIdentity | None = None
    order: Order | None = None
    viewports: dict[int, ViewportContent] = field(default_factory=dict)
    source: str = ""

    # ---- the current patient / study / order -----------------------------------------------
    @property
    def patient_number(self) -> str | None:
        return self.study.patient_number if self.study else None

    @property
    def patient(self) -> Patient | None:
        if self.order is not None:
            return self.order.patient
        return Patient(self.study.patient_number, self.study.patient_name) if self.study else None

    def open_study(self, study: StudyIdentity | Order, order: Order | None = None, source: str = "") -> OpenPlan:
        """Make ``study`` (and its ``order``, when it has one) the current one. Viewports of another patient are
        cleared; of the same patient only explicitly compared priors are kept (the rest take the new study)."""
        if isinstance(study, Order):
            study, order = StudyIdentity.of_order(study), study
        if order is not None and order.patient.patient_number != study.patient_number:
            raise ContextError(f"order {order.id} is of patient {order.patient.patient_number}, "
                               f"the study of {study.patient_number}")
        changed = self.study is None or self.study.patient_number != study.patient_number
        keep = () if changed else tuple(sorted(
            i for i, v in self.viewports.items()
            if v.role == PRIOR and v.study.patient_number == study.patient_number and v.study.study_uid != study.study_uid))
        clear = tuple(sorted(i for i in self.viewports if i not in keep))
        for i in clear:
            del self.viewports[i]
        self.study, self.order, self.source = study, order, source
        return OpenPlan(study, changed, clear, keep)

    def set_order(self, order: Order) -> None:
        """The current order changed (saved, signed, synced): keep its live status; same study only."""
        if self.study is None or order.patient.patient_number != self.study.patient_number:
            raise ContextError("the order is not of the current patient; open its study instead")
        self.order = order

    # ---- viewports --------------------------------------------------------------------------
    def show_current(self, index: int, series_uid: str = "") -> ViewportContent:
        """The current study hung in viewport ``index``."""
        if self.study is None:
            raise ContextError("no study is open")
        self.viewports[index] = ViewportContent(self.study, CURRENT, series_uid)
        return self.viewports[index]

    def compare_prior(self, index: int, prior: StudyIdentity | Order, series_uid: str = "") -> ViewportContent:
        """Put a prior of the *same* patient in viewport ``index``, labelled (date, "PRIOR")."""
        if isinstance(prior, Order):
            prior = StudyIdentity.of_order(prior)
        if self.study is None:
            raise ContextError("open the current study before comparing with a prior")
        if prior.patient_number != self.study.patient_number:
            raise ContextError(f"a prior must be of the same patient: {prior.display_name} ({prior.patient_number}) "
                               f"is not {self.study.display_name} ({self.study.patient_number})")
        if prior.study_uid and prior.study_uid == self.study.study_uid:
            raise ContextError("that is the current study, not a prior")
        self.viewports[index] = ViewportContent(prior, PRIOR, series_uid)
        return self.viewports[index]

    def place(self, index: int, study: StudyIdentity, series_uid: str = "", explicit: bool = False) -> ViewportContent:
        """A series dropped into a viewport. Another patient's images only by an explicit action (then the
        viewport is foreign: red corner, no signing while visible)."""
        if self.study is None or study.patient_number != self.study.patient_number:
            if not explicit:
                raise ContextError(f"{study.display_name} ({study.patient_number}) is not the patient being read; "
                                   "open the study instead")
            self.viewports[index] = ViewportContent(study, EXPLICIT, series_uid)
        elif study.study_uid == self.study.study_uid:
            self.viewports[index] = ViewportContent(study, CURRENT, series_uid)
        else:
            self.viewports[index] = ViewportContent(study, PRIOR, series_uid)
        return self.viewports[index]

    def clear(self, index: int) -> None:
        self.viewports.pop(index, None)

    def viewport_identity(self, index: int) -> ViewportIdentity | None:
        v = self.viewports.get(index)
        if v is None:
            return None
        s = v.study
        lines = (s.display_name, f"ID {s.patient_number}", s.date_text)
        foreign = self.study is None or s.patient_number != self.study.patient_number
        comparing = any(x.role == PRIOR for x in self.viewports.values())
        label = (f"{s.date_text} PRIOR" if v.role == PRIOR and not foreign
                 else f"{s.date_text} CURRENT" if v.role == CURRENT and comparing else "")
        warning = "NOT THE PATIENT OF THE REPORT" if foreign else ""
        return ViewportIdentity(lines, label, foreign, warning)

    def foreign_viewports(self, visible: Iterable[int] | None = None) -> list[int]:
        shown = self.viewports if visible is None else [i for i in visible if i in self.viewports]
        return sorted(i for i in shown if self.viewport_identity(i).foreign)

    # ---- signing ----------------------------------------------------------------------------
    def can_sign(self, order: Order | None = None, visible: Iterable[int] | None = None) -> SignCheck:
        """Refuse while no order is current, the order is another patient's, or a visible viewport shows
        another patient than the report."""
        order = order or self.order
        if order is None or self.study is None:
            return SignCheck(False, "no study with a reading order is open")
        if order.patient.patient_number != self.study.patient_number:
            return SignCheck(False, f"the report is of {order.patient.display_name} ({order.patient.patient_number}) "
                                    f"but the images are of {self.study.display_name} ({self.study.patient_number})")
        foreign = self.foreign_viewports(visible)
        if foreign:
            names = sorted({f"{self.viewports[i].study.display_name} ({self.viewports[i].study.patient_number})"
                            for i in foreign})
            return SignCheck(False, "viewport " + ", ".join(str(i + 1) for i in foreign)
                             + " shows another patient (" + ", ".join(names) + "); close it before signing")
        return SignCheck(True)

    def sign_confirmation(self, order: Order | None = None) -> str:
        order = order or self.order
        if order is None:
            raise ContextError("no order to sign")
        p = order.patient
        day = self.study.date_text if self.study else ""
        what = " ".join(x for x in ((order.study.modality if order.study else ""),
                                    (order.study.body_part if order.study else ""), day) if x)
        return (f"Sign the report of {p.display_name} (ID {p.patient_number}), {what}?\n"
                "A signed report can only be changed by an addendum.")

    def header(self) -> str:
        """The report editor's header: patient, ID, study date and the order's live status."""
        if self.study is None:
            return ""
        o = self.order
        status = f"{o.reading_status.value.capitalize()} ({o.status})" if o else "no reading order"
        return f"{self.study.display_name} · ID {self.study.patient_number} · {self.study.date_text} · {status}"
