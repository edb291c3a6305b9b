"""Audit: a row for every audited action (who, when, what, workstation); the log is append-only."""
from __future__ import annotations

import csv

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from workstation.reading.audit import AuditLog
from workstation.reading.errors import LoginFailed
from workstation.reading.records import Report
from workstation.reading.repository import ReadingRepository
from workstation.reading.roles import Role


def test_each_audited_action_writes_a_row(service_for, repo, order, audit, tmp_path):
    ris, admin = service_for(Role.RIS, "dr.kim"), service_for(Role.SYSTEMMANAGER, "it.park")
    ris.open_study(order.id)
    ris.open_report(order.id)
    ris.patient_history("P001")
    ris.save_draft(order.id, Report(findings="Tumour with oedema."))
    ris.sign(order.id)
    ris.add_addendum(order.id, "Addendum: no haemorrhage.")
    ris.export_report(order.id, tmp_path / "rep.json")
    admin.export_audit(tmp_path / "audit.csv")
    rows = list(reversed(audit.entries()))
    got = [(r.username, r.action) for r in rows]
    assert got == [("dr.kim", "open_study"), ("dr.kim", "open_report"), ("dr.kim", "open_history"),
                   ("dr.kim", "report_draft"), ("dr.kim", "report_sign"), ("dr.kim", "report_addendum"),
                   ("dr.kim", "export_report"), ("it.park", "export_audit")]
    assert all(r.workstation == "ws-test" and r.at is not None for r in rows)
    assert rows[0].patient_number == "P001" and "1.2.826.0.1.1" in rows[0].target
    assert rows[5].detail == "version 2"


def test_failed_and_good_logins_are_audited(users, audit):
    users.create_user("dr.kim", "correct horse", "RIS")
    with pytest.raises(LoginFailed, match="wrong user name or password"):
        users.authenticate("dr.kim", "wrong", workstation="ws-7")
    with pytest.raises(LoginFailed, match="wrong user name or password"):  # same message: no user probing
        users.authenticate("nobody", "whatever", workstation="ws-7")
    assert users.authenticate("dr.kim", "correct horse").role == "RIS"
    rows = [r for r in reversed(audit.entries()) if r.action != "user_state"]  # the creation is a row too
    assert [(r.username, r.action, r.workstation) for r in rows] == [
        ("dr.kim", "login_failed", "ws-7"), ("nobody", "login_failed", "ws-7"), ("dr.kim", "login", "ws-test")]


def test_audit_log_refuses_update_and_delete_in_the_database(repo, audit):
    audit.append("u", "open_study", "study 1")
    for sql in ("UPDATE reading_audit SET username = 'x'", "DELETE FROM reading_audit"):
        with pytest.raises(DatabaseError, match="append-only"):
            with repo.engine.begin() as c:
                c.execute(text(sql))
    assert [(e.username, e.action) for e in audit.entries()] == [("u", "open_study")]
    assert not any(hasattr(AuditLog, n) for n in ("update", "delete", "remove", "clear"))


def test_audit_export_csv_has_every_row(service_for, audit, tmp_path):
    audit.append("a", "open_report", "order 1", "P9", "version 0")
    audit.append("b", "login_failed", detail="wrong user name or password")
    n = service_for(Role.SYSTEMMANAGER).export_audit(tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert n == 2 and [r["username"] for r in rows] == ["a", "b"]
    assert rows[0]["patient_number"] == "P9" and rows[1]["action"] == "login_failed"


@pytest.mark.mariadb
def test_repository_and_append_only_audit_on_mariadb(mariadb_url):
    repo = ReadingRepository.open(mariadb_url)
    audit = AuditLog(repo.session_factory, "ws")
    from workstation.reading.records import Patient, Study
    o = repo.create_order(Patient("M1", "이서연"), study=Study("1.2.3", None, "MR", "BRAIN"))
    repo.save_draft(o.id, Report(findings="종양 주변 부종."), "r")
    assert repo.sign(o.id, "r").report.findings == "종양 주변 부종."
    audit.append("u", "open_report", "order 1")
    for sql in ("UPDATE reading_audit SET username = 'x'", "DELETE FROM reading_audit"):
        with pytest.raises(DatabaseError, match="append-only"):
            with repo.engine.begin() as c:
                c.execute(text(sql))
    assert len(audit.entries()) == 1
    repo.engine.dispose()
