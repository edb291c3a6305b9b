"""The measurement tables on SQLite and on the harness's MariaDB: save, edit in place, list by study and
patient, delete, lesions unique per patient, non-target states, key images."""
from __future__ import annotations

import pytest

from viewer.measure.measurement import measure
from workstation.db.database import LocalDatabase
from workstation.db.engine import sqlite_url
from workstation.measurements.lesions import Lesion
from workstation.measurements.store import MeasurementStore


@pytest.fixture(params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def store(request, tmp_path):
    url = sqlite_url(tmp_path / "m.db") if request.param == "sqlite" else request.getfixturevalue("mariadb_url")
    db = LocalDatabase.open(url)
    yield MeasurementStore(db.engine)
    db.close()


def test_measurements_lesions_states_and_key_images(store):
    a = measure("length", [[0, 0, 0], [10, 0, 0]], [0, 0, 1], study_uid="1.2.3", label="노트 ✓")
    b = measure("ellipse", [[-4, 0, 0], [4, 0, 0], [0, -2, 0], [0, 2, 0]], [0, 0, 1], study_uid="1.2.4")
    store.save(a, "P1", "kim")
    store.save(b, "P1", "kim")
    longer = a.__class__.from_dict({**a.to_dict(), "points": [[0, 0, 0], [25, 0, 0]]}).computed()
    store.save(longer, "P1", "lee")  # an edit: same id, updated
    assert [m.values for m in store.list(study_uid="1.2.3")] == [{"length_mm": 25.0}]
    assert store.get(a.id).label == "노트 ✓"
    assert {m.id for m in store.list(patient_id="P1")} == {a.id, b.id}
    assert store.delete(b.id) and not store.delete(b.id)
    assert store.list(study_uid="1.2.4") == []

    store.add_lesion("P1", Lesion("T1 frontal"))
    store.add_lesion("P1", Lesion("T1 frontal", location="right frontal"))  # same name: updated, not doubled
    store.add_lesion("P1", Lesion("NT1", "non-target"))
    store.add_lesion("P2", Lesion("T1 frontal"))
    assert [(l.name, l.role, l.location) for l in store.lesions("P1")] == [
        ("T1 frontal", "target", "right frontal"), ("NT1", "non-target", "")]
    store.set_state("P1", "NT1", "1.2.3", "present")
    store.set_state("P1", "NT1", "1.2.3", "progressed")
    assert store.states("P1") == {("1.2.3", "NT1"): "progressed"}
    with pytest.raises(ValueError):
        store.set_state("P1", "NT1", "1.2.3", "bigger")
    with pytest.raises(KeyError):
        store.set_state("P1", "nope", "1.2.3", "absent")

    store.add_key_image("1.2.3", "1.2.3.9", "1.2.3.1")
    store.add_key_image("1.2.3", "1.2.3.9", "1.2.3.1", note="twice")
    store.add_key_image("1.2.3", "1.2.3.10")
    assert store.key_images("1.2.3") == ["1.2.3.9", "1.2.3.10"]
    store.remove_key_image("1.2.3", "1.2.3.9")
    assert store.key_images("1.2.3") == ["1.2.3.10"]
