"""Lesion tracking: the sum of products across studies, baseline and nadir, and the RANO category the
bidimensional criteria suggest (always labelled a suggestion)."""
from __future__ import annotations

from datetime import date

import pytest

from viewer.measure.measurement import measure
from workstation.measurements.lesions import Lesion, Visit, response_table, visits_from_measurements

A, B = Lesion("T1 right frontal"), Lesion("T2 left parietal")
NT = Lesion("NT1 corpus callosum", role="non-target")


def visit(uid, day, a, b, nt="present", new=False):
    return Visit(uid, date(2026, 1, day), {A.name: a, B.name: b}, {NT.name: nt}, new)


def test_partial_response_needs_half_the_baseline_sum():
    t = response_table([A, B, NT], [visit("s1", 1, (20, 10), (10, 10)), visit("s2", 20, (14, 7), (7, 7))])
    assert t.spd == (300.0, 147.0)
    assert t.change_from_baseline_pct == pytest.approx(-51.0)
    assert t.suggestion == "PR" and "not a diagnosis" in t.note


def test_progression_is_measured_from_the_nadir_not_the_baseline():
    visits = [visit("s1", 1, (20, 10), (10, 10)), visit("s2", 10, (10, 10), (5, 4)),
              visit("s3", 20, (12, 12), (5, 5))]  # 300 -> 120 (nadir) -> 169: -44 % from baseline, +41 % from nadir
    t = response_table([A, B, NT], list(reversed(visits)))  # order of the input does not matter: dates do
    assert [v.study_uid for v in t.visits] == ["s1", "s2", "s3"]
    assert t.nadir_index == 1 and t.change_from_nadir_pct == pytest.approx(40.83, abs=0.01)
    assert t.suggestion == "PD"


def test_stable_complete_new_lesion_and_non_target_progression():
    base = visit("s1", 1, (20, 10), (10, 10))
    assert response_table([A, B, NT], [base, visit("s2", 9, (19, 10), (10, 10))]).suggestion == "SD"
    gone = visit("s2", 9, (0, 0), (0, 0), nt="absent")
    assert response_table([A, B, NT], [base, gone]).suggestion == "CR"
    still_nt = visit("s2", 9, (0, 0), (0, 0), nt="present")
    assert response_table([A, B, NT], [base, still_nt]).suggestion == "PR"
    assert response_table([A, B, NT], [base, visit("s2", 9, (0, 0), (0, 0), nt="absent", new=True)]).suggestion == "PD"
    t = response_table([A, B, NT], [base, visit("s2", 9, (18, 10), (10, 10), nt="progressed")])
    assert t.suggestion == "PD" and "non-target" in t.reasons[0]


def test_a_missing_target_measurement_is_not_evaluable():
    t = response_table([A, B], [visit("s1", 1, (20, 10), (10, 10)), Visit("s2", date(2026, 2, 1), {A.name: (5, 5)})])
    assert t.spd[1] is None and t.suggestion == "NE"


def test_visits_from_stored_measurements_and_a_new_lesion():
    def bidim(study, lesion, long, short):
        return measure("bidimensional", [[0, 0, 0], [long, 0, 0], [long / 2, -short / 2, 0], [long / 2, short / 2, 0]],
                       [0, 0, 1], lesion=lesion, study_uid=study)
    c = Lesion("T3 new")
    ms = [bidim("s1", A.name, 20, 10), bidim("s1", B.name, 10, 10), bidim("s2", A.name, 20, 10),
          bidim("s2", B.name, 10, 10), bidim("s2", c.name, 8, 6)]
    visits = visits_from_measurements({"s1": date(2026, 1, 1), "s2": date(2026, 3, 1)}, ms, [A, B, c])
    assert visits[0].targets[A.name] == pytest.approx((20, 10)) and not visits[0].new_lesion
    assert visits[1].new_lesion
    t = response_table([A, B, c], visits)
    assert t.suggestion == "PD" and t.reasons == ("new lesion",)
    d = t.to_dict()
    assert d["rano_suggestion"] == "PD" and d["lesions"][0]["values"][0]["product_mm2"] == 200.0
