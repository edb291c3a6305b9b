"""Measurements and the lesion table in the report, in English and Korean, and on their way to the CDSS:
the saved draft's ``worker_result`` carries them under ``tumor``, and the sync service's request schema
accepts that payload."""
from __future__ import annotations

import json
from datetime import date

import pytest

from viewer.measure.measurement import measure
from workstation.measurements.lesions import Lesion, Visit, response_table
from workstation.measurements.report_text import insert_into_report, lesion_table_text, measurements_text
from workstation.reading.records import Report

AXIAL = [0.0, 0.0, 1.0]


def bidim(long, short, lesion="T1 right frontal"):
    return measure("bidimensional", [[0, 0, 0], [long, 0, 0], [long / 2, -short / 2, 0], [long / 2, short / 2, 0]],
                   AXIAL, lesion=lesion, study_uid="1.2.3")


def table():
    a, nt = Lesion("T1 right frontal"), Lesion("NT1 callosum", "non-target")
    return response_table([a, nt], [Visit("1.2.1", date(2026, 1, 5), {a.name: (30, 20)}, {nt.name: "present"}),
                                     Visit("1.2.3", date(2026, 4, 2), {a.name: (20, 14)}, {nt.name: "present"})])


def test_text_in_english_and_korean():
    ms = [bidim(20, 14), measure("length", [[0, 0, 0], [12.34, 0, 0]], AXIAL)]
    en = measurements_text(ms, "en")
    assert "Bidimensional T1 right frontal: 20.0 × 14.0 mm (280 mm²)" in en and "Length: 12.3 mm" in en
    ko = measurements_text(ms, "ko")
    assert "이차원 측정 T1 right frontal: 20.0 × 14.0 mm" in ko and "길이: 12.3 mm" in ko
    t_en, t_ko = lesion_table_text(table(), "en"), lesion_table_text(table(), "ko")
    assert "30.0 × 20.0" in t_en and "20.0 × 14.0" in t_en and "-53%" in t_en
    assert "PR (partial response)" in t_en and "not a diagnosis" in t_en
    assert "부분 반응" in t_ko and "진단이 아닙니다" in t_ko
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        measurements_text(ms, "fr")


def test_inserted_measurements_travel_with_the_report_to_the_cdss():
    from sync.service.schemas import ReportUpdate
    from workstation.syncing.bridge import report_payload

    ms = [bidim(20, 14)] + [measure("length", [[0, 0, 0], [i + 1.0, 0, 0]], AXIAL) for i in range(40)]
    report = insert_into_report(Report(findings="Right frontal mass.", tumor={"location": "right frontal"}), ms,
                                table(), "en")
    assert report.findings.startswith("Right frontal mass.\n\nMeasurements:")
    assert report.tumor["location"] == "right frontal" and report.tumor["size_mm"] == "20 x 14"
    wr = report.to_worker_result()
    payload = report_payload(json.loads(json.dumps(wr)))  # what the draft queues for the CDSS
    assert payload["tumor"]["rano"]["rano_suggestion"] == "PR"
    assert [m["values"]["long_mm"] for m in payload["tumor"]["measurements"] if m["kind"] == "bidimensional"] == [20.0]
    assert len(payload["tumor"]["measurements"]) == len(ms)
    ReportUpdate.model_validate({**payload, "base_version": 1})  # the service takes it as it is


def test_too_many_measurements_are_trimmed_to_the_services_cap():
    from sync.service.schemas import MAX_JSON_CHARS

    ms = [measure("length", [[0, 0, 0], [i + 1.0, 0, 0]], AXIAL, label="x" * 40) for i in range(400)]
    report = insert_into_report(Report(), ms, table())
    assert len(json.dumps(report.tumor, ensure_ascii=False)) <= MAX_JSON_CHARS
    assert report.tumor["measurements"][-1]["values"]["length_mm"] == 400.0  # the newest are kept


def test_the_prior_report_diff_shows_the_inserted_text_not_the_json():
    from workstation.reading.report_diff import diff_reports

    prior = Report(findings="Right frontal mass.", tumor={"location": "right frontal"})
    current = insert_into_report(prior, [bidim(20, 14)], table(), "en")
    diffs = {d.field: d for d in diff_reports(prior, current)}
    tumor_text = "".join(p.text for p in diffs["tumor"].pieces)
    assert "size_mm: 20 x 14" in tumor_text and "{" not in tumor_text
    assert "Bidimensional" in "".join(p.text for p in diffs["findings"].pieces)
