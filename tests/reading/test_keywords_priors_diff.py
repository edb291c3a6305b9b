"""Keyword spans (Korean and English), prior matching, report differences, templates."""
from __future__ import annotations

from datetime import date

from workstation.reading.keywords import find_keywords
from workstation.reading.priors import best_prior, matching_priors
from workstation.reading.records import Order, Patient, Report, Study
from workstation.reading.report_diff import diff_html, diff_reports, diff_text
from workstation.reading.templates import apply_template, load_templates


def test_korean_and_english_keywords_found_at_their_positions():
    text = "우측 전두엽 종양이 있고 부종과 괴사, 조영증강, 정중선 이동 5 mm. Enhancing tumour, oedema; no haemorrhage."
    spans = find_keywords(text)
    assert [(s.key, s.text) for s in spans] == [
        ("tumour", "종양"), ("oedema", "부종"), ("necrosis", "괴사"), ("enhancement", "조영증강"),
        ("midline_shift", "정중선 이동"), ("enhancement", "Enhancing"), ("tumour", "tumour"), ("oedema", "oedema"),
        ("haemorrhage", "haemorrhage")]
    assert all(text[s.start:s.start + s.length] == s.text for s in spans)


def test_american_spellings_and_no_false_hits_inside_words():
    assert [s.key for s in find_keywords("Tumors with edema and hemorrhagic foci")] == ["tumour", "oedema",
                                                                                      "haemorrhage"]
    assert find_keywords("The patient is cooperative; bedrooms; pretumoral") == []


def _o(i, d, modality="MR", body="BRAIN", pn="P1", signed=False, status="CONFIRMED"):
    return Order(i, Patient(pn, "x"), status, study=Study(f"1.{i}", d, modality, body),
                 report=Report(findings="f", confirmed=signed))


def test_priors_same_patient_same_region_earlier_newest_first():
    cur = _o(1, date(2020, 9, 29))
    hist = [cur, _o(2, date(2020, 3, 1), signed=True), _o(3, date(2019, 1, 1), "CT", "HEAD"),
            _o(4, date(2020, 5, 1), body="SPINE"), _o(5, date(2020, 6, 1), pn="P2"),
            _o(6, date(2020, 10, 1)), _o(7, date(2020, 8, 1), status="CANCELLED"), _o(8, date(2020, 7, 1))]
    assert [o.id for o in matching_priors(cur, hist)] == [8, 2, 3]  # HEAD matches BRAIN; MR before CT
    assert best_prior(cur, hist).id == 2  # newest signed


def test_report_diff_marks_changed_words():
    pieces = diff_text("Tumour 32 mm with oedema.", "Tumour 40 mm with oedema and necrosis.")
    assert ("delete", "32") in [(p.tag, p.text) for p in pieces]
    assert ("insert", "40") in [(p.tag, p.text) for p in pieces]
    d = diff_reports(Report(findings="종양 18 mm", impression="same"), Report(findings="종양 24 mm", impression="same"))
    assert d[0].changed and not d[1].changed
    html = diff_html(d, {"findings": "Findings", "impression": "Impression", "tumor": "Tumour"})
    assert "line-through" in html and "24" in html
    assert "Impression" in html and "Tumour" not in html   # no tumour fields in either: no empty heading


def test_templates_load_and_keep_typed_text():
    t = {x.id: x for x in load_templates()}
    assert {"brain_tumour_mr_en", "brain_tumour_mr_ko"} <= set(t)
    assert load_templates(language="ko") and all(x.language == "ko" for x in load_templates(language="ko"))
    r = apply_template(t["brain_tumour_mr_ko"], Report(findings="이미 쓴 글", tumor={"location": "left"}))
    assert r.findings.startswith("이미 쓴 글\n\n") and "조영증강" in r.findings and r.tumor["location"] == "left"


def test_broken_template_is_skipped(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"name": "x", "findings": "f"}', encoding="utf-8")
    assert [x.name for x in load_templates(tmp_path)] == ["x"]
