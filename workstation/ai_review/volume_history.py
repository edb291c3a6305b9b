"""Tumour volume over time: each label's volume (mL) by study date, from each study's accepted SEG. No Qt.

The volumes are those stored with the acceptance (``ai_review_decision.volumes_json``: the mL of the SEG
as accepted — the edited version when it was edited), so the plot needs no SEG to be read again. Per
study, the latest acceptance of each label counts; a SEG whose latest decision is a rejection counts
nowhere.

Beside the volumes, ``rano_history`` gives the patient's RANO sum of products of perpendicular diameters (mm²)
per study, from the measurement store (``workstation.measurements``: the named target lesions' bidimensional
measurements, as the lesion table sums them); ``study_dates`` is the date axis of both.
"""
from __future__ import annotations

from dataclasses import dataclass

from workstation.measurements.study_sets import lesion_table


@dataclass(frozen=True)
class VolumePoint:
    study_date: str  # YYYYMMDD
    study_instance_uid: str
    label: str
    volume_ml: float
    edited: bool
    model: str


def volume_history(reviews) -> dict[str, list[VolumePoint]]:
    """``{label: [VolumePoint, ...] by study date}`` from a patient's reviews (``ReviewService.patient_reviews``,
    oldest first)."""
    latest: dict[str, object] = {}  # SEG → its latest review
    for r in reviews:
        latest[r.seg_sop_instance_uid] = r
    per_study: dict[tuple[str, str], VolumePoint] = {}
    for r in sorted(latest.values(), key=lambda r: r.id):
        if r.decision != "accepted":
            continue
        for label, ml in r.volumes_ml.items():
            per_study[(r.study_instance_uid, label)] = VolumePoint(
                r.study_date, r.study_instance_uid, label, float(ml), bool(r.edited_seg_sop_instance_uid),
                f"{r.model_name} {r.model_version}".strip())
    out: dict[str, list[VolumePoint]] = {}
    for p in per_study.values():
        out.setdefault(p.label, []).append(p)
    for points in out.values():
        points.sort(key=lambda p: (p.study_date, p.study_instance_uid))
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class RanoPoint:
    study_date: str  # YYYYMMDD
    study_instance_uid: str
    spd_mm2: float  # the sum of the target lesions' products (long x short, mm²)
    targets: int  # how many target lesions it sums


def rano_history(store, archive, patient_id: str) -> list[RanoPoint]:
    """The RANO sum of products per study of ONE patient, by study date (``lesion_table`` over the store's
    measurements, lesions and studies of ``patient_id`` only). Left out: a study where a target lesion is not
    measured (no sum), and a study the archive does not date."""
    if store is None or not patient_id:
        return []
    table = lesion_table(store, archive, patient_id)
    if table is None:
        return []
    targets = sum(1 for row in table.rows if row.lesion.role == "target")
    return [RanoPoint(v.study_date.strftime("%Y%m%d"), v.study_uid, float(spd), targets)
            for v, spd in zip(table.visits, table.spd) if spd is not None and v.study_date is not None]


def study_dates(series: dict[str, list[VolumePoint]], rano: list[RanoPoint] = ()) -> list[str]:
    """The date axis: every study date with a volume or a RANO sum (or both), oldest first."""
    return sorted({p.study_date for pts in series.values() for p in pts} | {p.study_date for p in rano})


def rano_change_text(points: list[RanoPoint]) -> str:
    """``+350 mm² (+40 %) since 2020-01-02`` between the first and last sum ("" with fewer than two)."""
    if len(points) < 2:
        return ""
    a, b = points[0], points[-1]
    d = b.spd_mm2 - a.spd_mm2
    pct = f" ({d / a.spd_mm2 * 100:+.0f} %)" if a.spd_mm2 > 0 else ""
    return f"{d:+.0f} mm²{pct} since {_date(a.study_date)}"


def change_text(points: list[VolumePoint]) -> str:
    """``+12.0 mL (+35 %) since 2020-01-02`` between the first and last point ("" with fewer than two)."""
    if len(points) < 2:
        return ""
    a, b = points[0], points[-1]
    d = b.volume_ml - a.volume_ml
    pct = f" ({d / a.volume_ml * 100:+.0f} %)" if a.volume_ml > 0 else ""
    return f"{d:+.1f} mL{pct} since {_date(a.study_date)}"


def _date(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else d
