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
