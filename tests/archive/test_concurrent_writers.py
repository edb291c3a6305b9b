"""Two writers on one MariaDB archive (two workstations, or an import and a receiver): when the database
breaks a deadlock by rolling our batch back, the batch runs again and nothing is lost."""
from __future__ import annotations

import threading
import time

import pydicom
import pytest
from sqlalchemy import text

from tests.archive.helpers import copy_with_fresh_uids
from workstation.archive import Archive
from workstation.archive.prepare import prepare

pytestmark = pytest.mark.mariadb


def _series_updates_running(engine) -> int:
    """Statements of this test's user updating a series right now (the process list shows one's own)."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                 "WHERE INFO LIKE 'UPDATE archive_series%'")).scalar_one()


def test_a_batch_chosen_as_deadlock_victim_is_run_again(mariadb_url, shared_data, tmp_path):
    src = sorted((shared_data / "mr_ge_mr750_epi_axial/dicom").glob("*.dcm"))[:2]
    first, second = copy_with_fresh_uids(src, tmp_path / "in", copies=1)
    ds = pydicom.dcmread(second)  # same study and series as the first image, a patient not seen yet
    ds.PatientID = "NEW-PATIENT"
    ds.save_as(second, enforce_file_format=True)

    with Archive.open(tmp_path / "archive", mariadb_url) as archive:
        assert archive.ingest_bytes(first.read_bytes()).status == "stored"
        with archive.engine.connect() as conn:
            series_pk = conn.execute(text("SELECT id FROM archive_series")).scalar_one()

        other = archive.engine.connect()  # the other writer: a big transaction holding the series row
        other.begin()
        other.execute(text("INSERT INTO archive_meta (`key`, value) VALUES (:k, '')"),
                      [{"k": f"other-{i}"} for i in range(300)])
        other.execute(text("SELECT id FROM archive_series WHERE id = :pk FOR UPDATE"), {"pk": series_pk})

        outcomes, errors = [None], []

        def ours():  # inserts the new patient (locks it), then waits for the series row
            try:
                archive.writer.commit_rows([prepare(second.read_bytes(), "test")], outcomes)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=ours)
        thread.start()
        deadline = time.monotonic() + 20
        while _series_updates_running(archive.engine) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _series_updates_running(archive.engine) == 1, "our batch never waited for the series row"
        # the other writer now wants the patient our batch holds: a deadlock; ours is the smaller
        # transaction, so the database rolls it back and lets the other one go on
        other.execute(text("INSERT INTO archive_patient (patient_id, patient_name, birth_date, sex) "
                           "VALUES ('NEW-PATIENT', '', '', '')"))
        other.commit()
        other.close()
        thread.join(30)

        assert not errors, errors
        assert outcomes[0] is not None and outcomes[0].status == "stored"
        with archive.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM archive_instance")).scalar_one() == 2
            assert conn.execute(text("SELECT instance_count FROM archive_series")).scalar_one() == 2
            assert conn.execute(text("SELECT COUNT(*) FROM archive_patient "
                                     "WHERE patient_id = 'NEW-PATIENT'")).scalar_one() == 1
