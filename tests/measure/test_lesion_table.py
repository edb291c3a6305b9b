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


def test_measurements_persist_and_the_table_comes_from_the_archive(tmp_path):
    from tests.measure.dicom_series import write_series
    from tests.measure.phantoms import empty_volume
    from viewer.io.scan import load_path
    from workstation.archive import Archive
    from workstation.measurements.store import MeasurementStore
    from workstation.measurements.study_sets import StudySets, lesion_table

    vols = []
    for i, (day, long, short) in enumerate((("20260105", 30, 20), ("20260402", 20, 14))):
        v = empty_volume((20, 20, 5), (1, 1, 1), [[1, 0, 0], [0, 1, 0], [0, 0, 1]], (0, 0, 0))
        write_series(v, tmp_path / f"s{i}", patient_id="P-7", study_date=day)
        vols.append((load_path(tmp_path / f"s{i}").volumes[0], long, short))
    with Archive.open(tmp_path / "archive") as archive:
        for i in range(2):
            for p in sorted((tmp_path / f"s{i}").iterdir()):
                archive.ingest_file(p)
        store = MeasurementStore.of(archive)
        store.add_lesion("P-7", Lesion("T1 right frontal"))
        sets = StudySets(store, author="kim")
        for vol, long, short in vols:
            s = sets.of(vol.study_instance_uid, "P-7")
            s.add(measure("bidimensional", [[0, 0, 0], [long, 0, 0], [long / 2, -short / 2, 0], [long / 2, short / 2, 0]],
                          [0, 0, 1], vol, lesion="T1 right frontal"))
            s.add(measure("length", [[0, 0, 0], [5, 0, 0]], [0, 0, 1], vol))
        s.undo()  # the last length is removed from the store too
        table = lesion_table(store, archive, "P-7")
    with Archive.open(tmp_path / "archive") as archive:  # a restart: everything is still there
        store = MeasurementStore.of(archive)
        assert len(store.list(study_uid=vols[0][0].study_instance_uid)) == 2
        assert len(store.list(study_uid=vols[1][0].study_instance_uid)) == 1
    assert [v.study_date for v in table.visits] == [date(2026, 1, 5), date(2026, 4, 2)]
    assert table.spd == pytest.approx((600.0, 280.0)) and table.suggestion == "PR"
