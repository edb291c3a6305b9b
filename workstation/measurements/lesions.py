"""Lesion tracking across studies: target and non-target lesions named per patient, each lesion's RANO
bidimensional product per study, the sum of products (SPD) at baseline, nadir and the current study, the
percentage changes and the response category the bidimensional criteria SUGGEST.

RANO (Wen et al., J Clin Oncol 2010), bidimensional part only:

* CR: every target lesion gone (product 0), every non-target lesion absent, no new lesion;
* PR: SPD down by >= 50 % from baseline, no non-target progression, no new lesion;
* PD: SPD up by >= 25 % from the nadir (the smallest SPD so far), or unequivocal progression of a
  non-target lesion, or a new lesion;
* SD: none of these.

RANO also needs the clinical status, the corticosteroid dose, non-enhancing (T2/FLAIR) disease and a
confirmation scan; none of that is here, so the result is always shown as a suggestion, never a diagnosis.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROLES = ("target", "non-target")
NON_TARGET_STATES = ("present", "absent", "progressed")
SUGGESTION_NOTE = "Suggestion from the bidimensional criteria only, not a diagnosis (RANO also needs the " \
                  "clinical status, steroid dose, T2/FLAIR and confirmation)."
SUGGESTION_NOTE_KO = "이차원 측정 기준만으로 계산한 제안이며 진단이 아닙니다 (RANO는 임상 상태, 스테로이드 용량, " \
                     "T2/FLAIR 및 추적 확인이 필요합니다)."
PR_DROP, PD_RISE = -50.0, 25.0


@dataclass(frozen=True)
class Lesion:
    name: str
    role: str = "target"
    location: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a lesion needs a name")
        if self.role not in ROLES:
            raise ValueError(f"a lesion is 'target' or 'non-target', got {self.role!r}")


@dataclass(frozen=True)
class Visit:
    """One study of the patient, with what was measured or seen in it."""

    study_uid: str
    study_date: date | None = None
    #: target lesion name -> (long_mm, short_mm); (0, 0) = measured as gone; missing = not measured
    targets: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: non-target lesion name -> "present" | "absent" | "progressed"
    non_targets: dict[str, str] = field(default_factory=dict)
    new_lesion: bool = False


@dataclass(frozen=True)
class LesionRow:
    lesion: Lesion
    #: per visit (same order as the table's visits): (long_mm, short_mm, product_mm2) or None; for a
    #: non-target lesion the state string instead
    cells: tuple


@dataclass(frozen=True)
class ResponseTable:
    visits: tuple[Visit, ...]
    rows: tuple[LesionRow, ...]
    spd: tuple[float | None, ...]  # sum of products per visit (None: a target lesion not measured)
    baseline_index: int
    nadir_index: int | None  # the visit with the smallest SPD before the current one
    current_index: int
    change_from_baseline_pct: float | None
    change_from_nadir_pct: float | None
    suggestion: str  # "CR" | "PR" | "SD" | "PD" | "NE" (not evaluable)
    reasons: tuple[str, ...]
    note: str = SUGGESTION_NOTE

    def to_dict(self) -> dict:
        """JSON for the report's ``tumor`` field and the backend."""
        def cell(c):
            if isinstance(c, tuple):
                return {"long_mm": round(c[0], 1), "short_mm": round(c[1], 1), "product_mm2": round(c[2], 1)}
            return c
        return {
            "visits": [{"study_uid": v.study_uid, "study_date": v.study_date.isoformat() if v.study_date else None}
                       for v in self.visits],
            "lesions": [{"name": r.lesion.name, "role": r.lesion.role, "location": r.lesion.location,
                         "values": [cell(c) for c in r.cells]} for r in self.rows],
            "spd_mm2": [None if s is None else round(s, 1) for s in self.spd],
            "baseline": self.baseline_index, "nadir": self.nadir_index, "current": self.current_index,
            "change_from_baseline_pct": _r(self.change_from_baseline_pct),
            "change_from_nadir_pct": _r(self.change_from_nadir_pct),
            "rano_suggestion": self.suggestion, "reasons": list(self.reasons), "note": self.note,
        }


def _r(x):
    return None if x is None else round(x, 1)


def _pct(now: float, ref: float) -> float | None:
    if ref == 0:
        return None if now == 0 else float("inf")
    return (now - ref) / ref * 100.0


def response_table(lesions: list[Lesion], visits: list[Visit], baseline_uid: str | None = None) -> ResponseTable:
    """The table of each lesion across ``visits`` (sorted by date; the first, or ``baseline_uid``, is the
    baseline; the last is the current study) and the RANO category its numbers suggest."""
    if not visits:
        raise ValueError("the lesion table needs at least one study")
    names = [l.name for l in lesions]
    if len(set(names)) != len(names):
        raise ValueError("lesion names must be unique per patient")
    visits = sorted(visits, key=lambda v: (v.study_date or date.min, v.study_uid))
    base = next((i for i, v in enumerate(visits) if v.study_uid == baseline_uid), 0)
    cur = len(visits) - 1
    targets = [l for l in lesions if l.role == "target"]
    rows = []
    for lesion in lesions:
        cells = []
        for v in visits:
            if lesion.role == "target":
                d = v.targets.get(lesion.name)
                cells.append(None if d is None else (float(d[0]), float(d[1]), float(d[0]) * float(d[1])))
            else:
                cells.append(v.non_targets.get(lesion.name))
        rows.append(LesionRow(lesion, tuple(cells)))
    spd = []
    for v in visits:
        if targets and all(t.name in v.targets for t in targets):
            spd.append(sum(v.targets[t.name][0] * v.targets[t.name][1] for t in targets))
        else:
            spd.append(None)
    known = [i for i in range(base, cur) if spd[i] is not None]
    nadir = min(known, key=lambda i: spd[i]) if known else None
    from_base = _pct(spd[cur], spd[base]) if spd[cur] is not None and spd[base] is not None else None
    from_nadir = _pct(spd[cur], spd[nadir]) if spd[cur] is not None and nadir is not None else None
    suggestion, reasons = _suggest(visits[cur], targets, lesions, spd[cur], from_base, from_nadir, cur == base)
    return ResponseTable(tuple(visits), tuple(rows), tuple(spd), base, nadir, cur, from_base, from_nadir,
                         suggestion, tuple(reasons))


def _suggest(visit: Visit, targets, lesions, spd_now, from_base, from_nadir, is_baseline):
    non_targets = [l for l in lesions if l.role == "non-target"]
    progressed = [n for n, s in visit.non_targets.items() if s == "progressed"]
    reasons = []
    if visit.new_lesion:
        reasons.append("new lesion")
    if progressed:
        reasons.append("non-target progression: " + ", ".join(sorted(progressed)))
    if from_nadir is not None and from_nadir >= PD_RISE:
        reasons.append(f"sum of products +{from_nadir:.0f}% from the nadir (>= +25%)")
    if reasons:
        return "PD", reasons
    if is_baseline:
        return "NE", ["baseline study: nothing to compare with"]
    if spd_now is None:
        return "NE", ["a target lesion is not measured in the current study"]
    all_nt_absent = all(visit.non_targets.get(l.name) == "absent" for l in non_targets)
    if targets and spd_now == 0 and all_nt_absent:
        return "CR", ["every target lesion gone and every non-target lesion absent"]
    if from_base is not None and from_base <= PR_DROP:
        return "PR", [f"sum of products {from_base:.0f}% from baseline (<= -50%)"]
    change = "" if from_base is None else f"{from_base:+.0f}% from baseline"
    return "SD", [f"neither >= 50% decrease nor >= 25% increase ({change})".replace(" ()", "")]


def visits_from_measurements(studies: dict[str, date | None], measurements, lesions: list[Lesion],
                             non_target_states: dict[tuple[str, str], str] | None = None) -> list[Visit]:
    """Visits built from stored measurements: a target lesion's value in a study is its bidimensional
    measurement there (``lesion`` = its name; the largest product when there are several), a non-target's
    state comes from ``non_target_states[(study_uid, name)]``. A lesion first seen after the first study
    counts as a new lesion in the study where it appears."""
    states = non_target_states or {}
    by_name = {l.name: l for l in lesions}
    order = sorted(studies, key=lambda uid: (studies[uid] or date.min, uid))
    targets: dict[str, dict[str, tuple[float, float]]] = {uid: {} for uid in order}
    for m in measurements:
        lesion = by_name.get(m.lesion)
        if m.kind != "bidimensional" or lesion is None or lesion.role != "target" or m.study_uid not in targets:
            continue
        value = (m.values["long_mm"], m.values["short_mm"])
        old = targets[m.study_uid].get(m.lesion)
        if old is None or value[0] * value[1] > old[0] * old[1]:
            targets[m.study_uid][m.lesion] = value
    first_seen: dict[str, str] = {}
    for uid in order:
        seen = set(targets[uid]) | {n for (s, n), st in states.items() if s == uid and st != "absent"}
        for name in seen:
            first_seen.setdefault(name, uid)
    visits = []
    for i, uid in enumerate(order):
        new = i > 0 and any(first_seen.get(l.name) == uid for l in lesions)
        visits.append(Visit(uid, studies[uid], targets[uid],
                            {n: st for (s, n), st in states.items() if s == uid}, new_lesion=new))
    return visits
