"""The audit chain's head goes to the CDSS service with each sync: a log rewritten locally so that it still
verifies (rows cut off its end, or a row removed and every later hash recomputed) shows at the service."""
from __future__ import annotations

import sqlite3

import httpx
import pytest

from sync.client import SyncClient
from workstation.db.engine import sqlite_url
from workstation.reading import audit_chain
from workstation.reading.audit import AuditLog
from workstation.reading.models import AuditRow
from workstation.reading.repository import ReadingRepository
from tests.sync.sqlite_deploy import deploy_sqlite


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    dep = deploy_sqlite(tmp_path_factory.mktemp("svc"))
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def heads(svc, workstation):
    r = httpx.get(svc.url + "/api/audit/heads/", params={"workstation": workstation},
                  headers={"Authorization": f"Token {svc.tokens['SYSTEMMANAGER']}"})
    assert r.status_code == 200
    return r.json()["results"]


def rechain(db, drop_id: int) -> None:
    """What someone with write access to the file can do: remove a row and recompute every later hash."""
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER reading_audit_no_update")
    con.execute("DROP TRIGGER reading_audit_no_delete")
    con.execute("DELETE FROM reading_audit WHERE id = ?", (drop_id,))
    con.commit()
    con.close()
    repo = ReadingRepository.open(sqlite_url(db))
    with repo.session_factory.begin() as s:
        prev = audit_chain.GENESIS
        for row in s.query(AuditRow).order_by(AuditRow.id):
            row.prev_hash = prev
            row.row_hash = audit_chain.row_hash(row)
            prev = row.row_hash
    repo.engine.dispose()
    con = sqlite3.connect(db)  # and put the triggers back, as a careful attacker would
    for verb in ("UPDATE", "DELETE"):
        con.execute(f"CREATE TRIGGER reading_audit_no_{verb.lower()} BEFORE {verb} ON reading_audit "
                    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    con.commit()
    con.close()


@pytest.mark.parametrize("tamper", ["cut_tail", "rechain"])
def test_local_rewrite_that_still_verifies_shows_at_the_service(svc, tmp_path, tamper):
    db = tmp_path / "ws.db"
    repo = ReadingRepository.open(sqlite_url(db))
    ws = f"ws-{tamper}"
    audit = AuditLog(repo.session_factory, ws)
    for i in range(8):
        audit.append("dr.kim", "open_study", f"study {i}", f"P{i}")
    client = SyncClient(repo.engine, svc.url, svc.tokens["RIS"])
    client.audit_source = audit.chain_source()
    client.drain()
    assert client.last_audit_report["anchor_ok"] and client.last_audit_report["last_row_id"] == 8
    audit.append("dr.kim", "open_report", "order 3", "P3")
    client.drain()
    assert client.last_audit_report["anchor_ok"], client.last_audit_report
    client.drain()  # nothing new: no new record
    assert len(heads(svc, ws)) == 2
    client.close()
    repo.engine.dispose()

    if tamper == "cut_tail":
        con = sqlite3.connect(db)
        con.execute("DROP TRIGGER reading_audit_no_delete")
        con.execute("DELETE FROM reading_audit WHERE id >= 8")
        con.commit()
        con.close()
    else:
        rechain(db, drop_id=4)

    repo = ReadingRepository.open(sqlite_url(db))
    audit = AuditLog(repo.session_factory, ws)
    local = audit.verify()
    assert [p for p in local.problems if "trigger" not in p] == []  # the rewrite is locally consistent
    client = SyncClient(repo.engine, svc.url, svc.tokens["RIS"])
    client.audit_source = audit.chain_source()
    client.drain()
    report = client.last_audit_report
    assert report["anchor_ok"] is False
    assert "row 9 no longer has the hash" in report["problem"] or "shorter" in report["problem"]
    listed = heads(svc, ws)
    assert [h["anchor_ok"] for h in listed] == [False, True, True]  # newest first: the service keeps the record
    client.close()
    repo.engine.dispose()


def test_a_forged_anchor_is_caught_by_verify_against_the_service(svc, tmp_path, monkeypatch, capsys):
    """Someone who can write the database AND holds a service token rewrites the log and reports a head
    claiming the old anchor: the service believes that report, but every head it recorded before stays, and
    `audit verify --service` finds those rows changed."""
    import io
    import sys

    from workstation.cli.main import main

    db = tmp_path / "ws.db"
    repo = ReadingRepository.open(sqlite_url(db))
    ws = "ws-forged"
    audit = AuditLog(repo.session_factory, ws)
    for i in range(9):
        audit.append("dr.kim", "open_study", f"study {i}", f"P{i}")
    client = SyncClient(repo.engine, svc.url, svc.tokens["RIS"])
    client.audit_source = audit.chain_source()
    client.drain()
    client.close()
    repo.engine.dispose()
    rechain(db, drop_id=4)
    repo = ReadingRepository.open(sqlite_url(db))
    forged = AuditLog(repo.session_factory, ws).chain_source().head(None)
    prev = httpx.get(svc.url + "/api/audit/head/", params={"workstation": ws},
                     headers={"Authorization": f"Token {svc.tokens['RIS']}"}).json()["head"]
    forged.update(workstation=ws, anchor_row_id=prev["last_row_id"], anchor_hash=prev["head_hash"])  # the lie
    r = httpx.post(svc.url + "/api/audit/head/", json=forged, headers={"Authorization": f"Token {svc.tokens['RIS']}"})
    assert r.status_code == 200
    repo.engine.dispose()

    def verify(*extra, token=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(token + "\n"))
        rc = main(["audit", "verify", "--database", sqlite_url(db), *extra])
        out = capsys.readouterr()
        return rc, out.out + out.err

    rc, text = verify()
    assert rc == 0 and "intact: 8 rows" in text, text  # locally consistent: the rewrite alone cannot be seen
    rc, text = verify("--service", svc.url, "--token-stdin", "--workstation", ws, token=svc.tokens["SYSTEMMANAGER"])
    assert rc == 1 and "row 9: the service recorded hash" in text, text
