"""Tumour volume over time: each label's volume (mL) by study date, from each study's accepted SEG. No Qt.

The volumes are those stored with the acceptance (``ai_review_decision.volumes_json``: the mL of the SEG
as accepted — the edited version when it was edited), so the plot needs no SEG to be read again. Per
study, the latest acceptance of each label counts; a SEG whose latest decision is a rejection counts
nowhere. RANO measurements join here when the measurement issue lands.
"""
from __future__ import annotations

from dataclasses import dataclass


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
