"""The study browser's rules, without Qt: which studies a search shows, and what a series without a
displayable image is (its icon says so instead of a blank thumbnail)."""
from __future__ import annotations

#: modalities whose series hold no picture to show (the browser draws their type instead)
NON_IMAGE_KINDS = {"SEG": "SEG", "SR": "SR", "KO": "KO", "PR": "PR", "RTSTRUCT": "RTSTRUCT",
                   "RTDOSE": "DOSE", "RTPLAN": "PLAN", "REG": "REG", "DOC": "DOC"}


def _date_forms(d: str) -> tuple[str, ...]:
    d = (d or "").strip()
    return (d, f"{d[:4]}-{d[4:6]}-{d[6:8]}") if len(d) == 8 and d.isdigit() else (d,)


def study_haystack(study) -> str:
    """What a search looks through for one study (a ``StudyRecord``): patient name (``^`` as spaces) and
    ID, study date (``YYYYMMDD`` and ``YYYY-MM-DD``), modalities, description, accession number."""
    parts = [
        (study.patient_name or "").replace("^", " "), study.patient_id or "", *_date_forms(study.study_date),
        (study.modalities or "").replace("\\", " "), study.study_description or "", study.accession_number or "",
    ]
    return " ".join(parts).lower()


def study_matches(study, text: str = "", modality: str = "") -> bool:
    """True when every word of ``text`` is in the study's patient name/ID, date, modalities, description or
    accession number (case-insensitive; a date as ``2026``, ``2026-01`` or ``20260101``), and ``modality``
    (when given) is one of the study's modalities."""
    if modality:
        mods = {m.strip().upper() for m in (study.modalities or "").split("\\") if m.strip()}
        if modality.upper() not in mods:
            return False
    hay = study_haystack(study)
    return all(word in hay for word in text.lower().split())


def filter_studies(studies, text: str = "", modality: str = "") -> list:
    """The studies a search for ``text`` (and ``modality``) shows, in their order."""
    return [s for s in studies if study_matches(s, text, modality)]


def non_image_kind(modality: str, description: str = "") -> str | None:
    """The type label of a series that has no displayable image (``SEG``, ``SR``, ``KO``, ``PR``, ``DOSE``
    for a dose report …), or None for an image series."""
    mod = (modality or "").strip().upper()
    if mod == "SR" and "dose" in (description or "").lower():
        return "DOSE"
    return NON_IMAGE_KINDS.get(mod)


def series_tooltip(modality: str, orientation: str, description: str) -> str:
    """``MR axial — T1 post`` without any "None" for a missing part."""
    head = " ".join(x for x in ((modality or "").strip(), (orientation or "").strip()) if x)
    desc = (description or "").strip()
    return f"{head} — {desc}" if head and desc else head or desc


def comparison_index(descriptions: list[str], current: str) -> int:
    """Which series of another study to show beside the current one: the same description (the same
    sequence, case and spacing ignored), else one whose description contains it or is contained in it, else
    the first."""
    norm = lambda d: " ".join((d or "").lower().split())  # noqa: E731
    cur = norm(current)
    names = [norm(d) for d in descriptions]
    if cur:
        for test in (lambda n: n == cur, lambda n: n and (cur in n or n in cur)):
            for i, n in enumerate(names):
                if test(n):
                    return i
    return 0
