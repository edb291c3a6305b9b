"""Measurements and the lesion table in the report (no Qt): plain text in English or Korean for the
findings, and a compact JSON under the report's ``tumor`` field (``tumor["measurements"]`` and
``tumor["rano"]``), which travels to the CDSS with the report (the draft's ``worker_result``; the service
caps ``tumor`` at 20,000 characters of JSON, so values are rounded and points left out)."""
from __future__ import annotations

import json
from dataclasses import replace

from viewer.measure.measurement import Measurement
from viewer.measure.volumes import lesion_volumes_ml
from workstation.measurements.lesions import SUGGESTION_NOTE, SUGGESTION_NOTE_KO, ResponseTable

TUMOR_JSON_LIMIT = 20_000

WORDS = {
    "en": {"length": "Length", "angle": "Angle", "ellipse": "Ellipse ROI", "polygon": "ROI", "point": "Point",
           "arrow": "Arrow", "bidimensional": "Bidimensional", "area": "area", "mean": "mean", "min": "min",
           "max": "max", "measurements": "Measurements", "lesion": "Lesion", "baseline": "Baseline",
           "nadir": "Nadir", "current": "Current", "spd": "Sum of products (mm²)",
           "from_baseline": "change from baseline", "from_nadir": "change from nadir",
           "suggests": "RANO (bidimensional) suggests", "target": "target", "non-target": "non-target",
           "not_measured": "not measured", "present": "present", "absent": "absent", "progressed": "progressed",
           "lesions": "Lesions", "CR": "complete response", "PR": "partial response", "SD": "stable disease",
           "PD": "progressive disease", "NE": "not evaluable", "volume": "Volume (contour stack)"},
    "ko": {"length": "길이", "angle": "각도", "ellipse": "타원 ROI", "polygon": "ROI", "point": "점",
           "arrow": "화살표", "bidimensional": "이차원 측정", "area": "면적", "mean": "평균", "min": "최소",
           "max": "최대", "measurements": "측정", "lesion": "병변", "baseline": "기저", "nadir": "최저점",
           "current": "현재", "spd": "수직 직경 곱의 합 (mm²)", "from_baseline": "기저 대비 변화",
           "from_nadir": "최저점 대비 변화", "suggests": "RANO (이차원 기준) 제안", "target": "표적",
           "non-target": "비표적", "not_measured": "측정 안 됨", "present": "있음", "absent": "없음",
           "progressed": "진행", "lesions": "병변", "CR": "완전 반응", "PR": "부분 반응", "SD": "안정 병변",
           "PD": "진행 병변", "NE": "평가 불가", "volume": "부피 (윤곽 적층)"},
}


def _w(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ValueError(f"report language is 'en' or 'ko', got {lang!r}")
    return WORDS[lang]


def measurement_line(m: Measurement, lang: str = "en") -> str:
    """One line: ``Bidimensional T1 right frontal: 24.0 × 22.0 mm (528 mm²)``."""
    w = _w(lang)
    v = m.values
    name = " ".join(x for x in (w[m.kind], m.lesion or m.label) if x)
    unit = f" {m.value_unit}" if m.value_unit else ""
    if m.kind == "length":
        return f"{name}: {v['length_mm']:.1f} mm"
    if m.kind == "angle":
        return f"{name}: {v['angle_deg']:.1f}°"
    if m.kind == "bidimensional":
        return f"{name}: {v['long_mm']:.1f} × {v['short_mm']:.1f} mm ({v['product_mm2']:.0f} mm²)"
    if m.kind in ("ellipse", "polygon"):
        text = f"{name}: {w['area']} {v['area_mm2']:.1f} mm²"
        if "mean" in v:
            text += (f", {w['mean']} {v['mean']:.1f} ± {v['sd']:.1f}{unit} "
                     f"({w['min']} {v['min']:.0f}, {w['max']} {v['max']:.0f}{unit})")
        return text
    return name


def measurements_text(measurements, lang: str = "en") -> str:
    w = _w(lang)
    lines = [measurement_line(m, lang) for m in measurements]
    lines += [f"{w['volume']} {lesion}: {ml:.2f} mL" for (_s, lesion), ml in lesion_volumes_ml(measurements).items()]
    return "\n".join([f"{w['measurements']}:"] + [f"- {line}" for line in lines]) if lines else ""


def _cell(c, w) -> str:
    if c is None:
        return w["not_measured"]
    if isinstance(c, tuple):
        return f"{c[0]:.1f} × {c[1]:.1f}"
    return w.get(c, c)


def lesion_table_text(table: ResponseTable, lang: str = "en") -> str:
    """The lesion table as text: each lesion at baseline, nadir and the current study, the sums of
    products, the percentage changes and the suggested category, with the "not a diagnosis" note."""
    w = _w(lang)
    cols = [("baseline", table.baseline_index), ("nadir", table.nadir_index), ("current", table.current_index)]
    cols = [(k, i) for k, i in cols if i is not None]

    def when(i):
        v = table.visits[i]
        return v.study_date.isoformat() if v.study_date else v.study_uid[-8:]
    head = f"{w['lesion']} | " + " | ".join(f"{w[k]} {when(i)}" for k, i in cols)
    lines = [f"{w['lesions']}:", head]
    for r in table.rows:
        lines.append(f"{r.lesion.name} ({w[r.lesion.role]}) | " + " | ".join(_cell(r.cells[i], w) for _, i in cols))
    lines.append(f"{w['spd']} | " + " | ".join("—" if table.spd[i] is None else f"{table.spd[i]:.0f}" for _, i in cols))
    if table.change_from_baseline_pct is not None:
        lines.append(f"{w['from_baseline']}: {table.change_from_baseline_pct:+.0f}%")
    if table.change_from_nadir_pct is not None and table.nadir_index != table.baseline_index:
        lines.append(f"{w['from_nadir']}: {table.change_from_nadir_pct:+.0f}%")
    lines.append(f"{w['suggests']}: {table.suggestion} ({w[table.suggestion]})")
    lines.append(SUGGESTION_NOTE_KO if lang == "ko" else SUGGESTION_NOTE)
    return "\n".join(lines)


def compact(m: Measurement) -> dict:
    """A measurement as the report's ``tumor["measurements"]`` keeps it (no points, values rounded)."""
    return {"id": m.id, "kind": m.kind, "lesion": m.lesion, "label": m.label, "series_uid": m.series_uid,
            "values": {k: round(v, 2) for k, v in m.values.items()}, "value_unit": m.value_unit}


def tumor_json(measurements, table: ResponseTable | None = None) -> dict:
    """``{"measurements": [...], "rano": {...}}`` for ``Report.tumor`` (within the CDSS' size cap: the
    oldest measurements are left out first, and the table's per-visit cells if still too big)."""
    out = {"measurements": [compact(m) for m in measurements]}
    volumes = lesion_volumes_ml(measurements)
    if volumes:
        out["volumes_ml"] = [{"study_uid": s, "lesion": lesion, "volume_ml": round(ml, 3)}
                             for (s, lesion), ml in volumes.items()]
    if table is not None:
        out["rano"] = table.to_dict()
    while len(json.dumps(out, ensure_ascii=False)) > TUMOR_JSON_LIMIT - 2_000 and out["measurements"]:
        out["measurements"] = out["measurements"][1:]
    if len(json.dumps(out, ensure_ascii=False)) > TUMOR_JSON_LIMIT - 2_000 and "rano" in out:
        out["rano"] = {k: v for k, v in out["rano"].items() if k not in ("lesions", "visits")}
    return out


def insert_into_report(report, measurements, table: ResponseTable | None = None, lang: str = "en"):
    """A copy of ``report`` (``workstation.reading.records.Report``) with the measurements (and the lesion
    table) appended to its findings and stored under ``tumor``; an empty ``size_mm`` takes the largest
    target's bidimensional size. Saving it as the draft queues it for the CDSS with the report."""
    parts = [t for t in (measurements_text(measurements, lang), lesion_table_text(table, lang) if table else "") if t]
    findings = report.findings
    if parts:
        findings = (findings.rstrip() + "\n\n" if findings.strip() else "") + "\n\n".join(parts)
    tumor = dict(report.tumor)
    tumor.update(tumor_json(measurements, table))
    bidims = [m for m in measurements if m.kind == "bidimensional"]
    if bidims and not str(tumor.get("size_mm") or "").strip():
        big = max(bidims, key=lambda m: m.values["product_mm2"])
        tumor["size_mm"] = f"{big.values['long_mm']:.0f} x {big.values['short_mm']:.0f}"
    return replace(report, findings=findings, tumor=tumor)
