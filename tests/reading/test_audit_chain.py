"""The audit log is a hash chain: `audit verify` passes on an untouched log and names the first broken link
after tampering with the database file directly (trigger dropped then a row deleted or changed, a role
promoted by an SQL UPDATE); role changes are rows of the chain; racing writers keep it intact."""
from __future__ import annotations

import io
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from workstation.cli.main import main
from workstation.db.engine import sqlite_url
from workstation.db.migrate import alembic_config
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.repository import ReadingRepository
from tests.reading.conftest import FAST_HASHER


def cli(argv, monkeypatch, capsys, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def archive(tmp_path):
    """An archive folder whose reading database has users and some audited activity."""
    folder = tmp_path / "arch"
    folder.mkdir()
    repo = ReadingRepository.open(sqlite_url(folder / "archive.db"))
    audit = AuditLog(repo.session_factory, "ws-1")
    users = UserStore(repo.session_factory, audit, hasher=FAST_HASHER)
    users.create_user("it.park", "admin-password", "SYSTEMMANAGER", by="setup")
    users.create_user("nurse.lee", "nurse-password", "NURSE", by="it.park")
    for i in range(10):
        audit.append("dr.kim", "open_study", f"study 1.2.{i}", f"P{i:03d}")
    repo.engine.dispose()
    return folder


def sql(folder: Path, *statements: str) -> None:
    """Tamper with the database file as the OS account could (plain sqlite3, no application code)."""
    con = sqlite3.connect(folder / "archive.db")
    for st in statements:
        con.execute(st)
    con.commit()
    con.close()


def verify(folder, monkeypatch, capsys):
    return cli(["audit", "verify", "--archive", str(folder)], monkeypatch, capsys)


def test_untouched_log_verifies(archive, monkeypatch, capsys):
    rc, out, err = verify(archive, monkeypatch, capsys)
    assert rc == 0, err
    assert "intact: 12 rows" in out


def test_deleting_a_row_after_dropping_the_trigger_is_named(archive, monkeypatch, capsys):
    sql(archive, "DROP TRIGGER reading_audit_no_delete", "DELETE FROM reading_audit WHERE id = 7")
    rc, _, err = verify(archive, monkeypatch, capsys)
    assert rc == 1
    assert "BROKEN at row 8" in err and "row 8: its link to the row before does not match" in err
    assert "triggers are missing: reading_audit_no_delete" in err


def test_changing_a_row_is_named(archive, monkeypatch, capsys):
    sql(archive, "DROP TRIGGER reading_audit_no_update",
        "UPDATE reading_audit SET patient_number = 'P999' WHERE id = 5")
    rc, _, err = verify(archive, monkeypatch, capsys)
    assert rc == 1 and "BROKEN at row 5" in err and "does not match its hash" in err


def test_rewriting_hashes_without_the_chain_is_named(archive, monkeypatch, capsys):
    """Changing a row and its own hash still breaks the next row's link."""
    repo = ReadingRepository.open(sqlite_url(archive / "archive.db"))
    from workstation.reading import audit_chain
    from workstation.reading.models import AuditRow
    with repo.session_factory() as s:
        row = s.get(AuditRow, 5)
        row.patient_number = "P999"
        new_hash = audit_chain.row_hash(row)
        s.rollback()
    repo.engine.dispose()
    sql(archive, "DROP TRIGGER reading_audit_no_update",
        f"UPDATE reading_audit SET patient_number = 'P999', row_hash = '{new_hash}' WHERE id = 5")
    rc, _, err = verify(archive, monkeypatch, capsys)
    assert rc == 1 and "BROKEN at row 6" in err


def test_promoting_a_nurse_by_sql_update_is_named(archive, monkeypatch, capsys):
    sql(archive, "UPDATE reading_users SET role = 'RIS' WHERE username = 'nurse.lee'")
    rc, _, err = verify(archive, monkeypatch, capsys)
    assert rc == 1
    assert "user nurse.lee: stored 'role=RIS" in err and "differs from audit row 2" in err


def test_a_user_inserted_by_sql_is_named(archive, monkeypatch, capsys):
    sql(archive, "INSERT INTO reading_users (username, display_name, role, password_hash, active, created_at) "
                 "VALUES ('mallory', 'm', 'SYSTEMMANAGER', 'x', 1, '2026-01-01 00:00:00')")
    rc, _, err = verify(archive, monkeypatch, capsys)
    assert rc == 1 and "user mallory: role SYSTEMMANAGER has no audit row" in err


def test_role_changes_through_the_workstation_are_chain_rows(archive, monkeypatch, capsys):
    rc, out, err = cli(["users", "set-role", "nurse.lee", "DOCTOR", "--admin", "it.park", "--password-stdin",
                        "--archive", str(archive)], monkeypatch, capsys, "admin-password\n")
    assert rc == 0, err
    repo = ReadingRepository.open(sqlite_url(archive / "archive.db"))
    rows = AuditLog(repo.session_factory).entries(action="user_state")
    assert rows[0].target == "user nurse.lee" and rows[0].detail.startswith("role=DOCTOR active=yes")
    assert rows[0].username == "it.park"
    repo.engine.dispose()
    assert verify(archive, monkeypatch, capsys)[0] == 0


def test_racing_writers_keep_the_chain_intact(tmp_path):
    repo = ReadingRepository.open(sqlite_url(tmp_path / "race.db"))
    logs = [AuditLog(repo.session_factory, f"ws-{i}") for i in range(3)]

    def write(log):
        for n in range(30):
            log.append("u", "open_study", f"study {n}")

    threads = [threading.Thread(target=write, args=(log,)) for log in logs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rep = logs[0].verify()
    assert rep.ok, rep.problems
    assert rep.rows == 90 and rep.head_id == 90


def test_migration_chains_an_existing_log(tmp_path):
    """A database from before the chain: its rows get hashes, its users a baseline row, and it verifies."""
    from workstation.db.engine import make_engine
    engine = make_engine(sqlite_url(tmp_path / "old.db"))
    cfg = alembic_config(engine)
    command.upgrade(cfg, "reading_0002")
    with engine.begin() as c:
        c.execute(text("INSERT INTO reading_users (username, display_name, role, password_hash, active, created_at) "
                       "VALUES ('old.admin', 'o', 'SYSTEMMANAGER', 'h', 1, '2026-01-01 00:00:00')"))
        for i in range(3):
            c.execute(text("INSERT INTO reading_audit (at, username, action, target, patient_number, detail, "
                           "workstation) VALUES ('2026-01-01 10:00:00.123456', 'u', 'open_study', :t, '', '', 'ws')"),
                      {"t": f"study {i}"})
    command.upgrade(cfg, "heads")
    repo = ReadingRepository(engine)
    audit = AuditLog(repo.session_factory)
    audit.append("u", "open_report", "order 1")
    rep = audit.verify()
    assert rep.ok, rep.problems
    assert rep.rows == 5  # 3 old rows, the admin's baseline, the new one
    with pytest.raises(Exception, match="append-only"):  # the triggers are back
        with engine.begin() as c:
            c.execute(text("DELETE FROM reading_audit"))


@pytest.mark.mariadb
def test_chain_verifies_on_mariadb(mariadb_url):
    repo = ReadingRepository.open(mariadb_url)
    audit = AuditLog(repo.session_factory, "ws")
    users = UserStore(repo.session_factory, audit, hasher=FAST_HASHER)
    users.create_user("it.park", "admin-password", "SYSTEMMANAGER")
    for i in range(5):
        audit.append("u", "open_study", f"study {i}", "P1", "détail 한국어")
    assert audit.verify().ok, audit.verify().problems
    with repo.engine.begin() as c:
        c.execute(text("UPDATE reading_users SET role = 'RIS'"))
    rep = audit.verify()
    assert not rep.ok and "user it.park" in rep.problems[0]
    repo.engine.dispose()


def test_reading_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workstation.db.base import load_all_models

    repo = ReadingRepository.open(sqlite_url(tmp_path / "m.db"))
    with repo.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), load_all_models())
    flat = [d[0] if isinstance(d, list) else d for d in diff]
    assert [d for d in flat if "reading_" in " ".join(str(getattr(x, "name", x)) for x in d[1:] if x is not None)] == []
