"""The bridge between the sync client and the reading repository, against the real service."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient
from workstation.reading.records import Report, WorklistFilter
from workstation.reading.repository import ReadingRepository
from workstation.syncing.bridge import SyncBridge

pytestmark = pytest.mark.mariadb


@pytest.fixture
def bridge(deployment, tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    repo = ReadingRepository.open(url)
    client = SyncClient(repo.engine, deployment.url, deployment.tokens["RIS"], backoff=Backoff(base=0.01))
    b = SyncBridge(repo, client)
    yield b
    b.close()
    client.close()


def server(dep, order_id):
    with dep.engine.connect() as c:
        row = c.execute(text("SELECT status, version, worker_result FROM ocs WHERE id=:i"), {"i": order_id}).one()
    return row.status, row.version, json.loads(row.worker_result)


def test_pull_fills_the_reading_store(bridge, deployment):
    outcomes = bridge.pull()
    assert outcomes["created"] == 33
    orders = bridge.repo.orders()
    assert len(orders) == 33 and all(o.remote_id and o.remote_version == 1 for o in orders)
    drafts = [o for o in orders if o.report.findings and not o.report.confirmed]
    assert len(drafts) == 10
    with_study = [o for o in orders if o.study]
    assert len(with_study) == 33 and all(o.study.study_uid.startswith("1.2.826.") for o in with_study)
    assert bridge.pull().total() == 0  # nothing changed since


def test_local_draft_and_signature_reach_the_cdss(bridge, deployment):
    bridge.pull()
    order = next(o for o in bridge.repo.orders() if o.status == "ACCEPTED")
    bridge.repo.save_draft(order.id, Report(findings="우측 전두엽 35 mm 종양", impression="glioma"), by="ris.park")
    assert bridge.client.state().pending == 2  # ACCEPTED → IN_PROGRESS, then the report
    report = bridge.drain()
    assert (report.applied, report.conflicts, report.failed) == (2, 0, 0)
    status, version, wr = server(deployment, int(order.remote_id))
    assert status == "IN_PROGRESS" and wr["findings"] == "우측 전두엽 35 mm 종양"
    local = bridge.repo.get_order(order.id)
    assert not local.dirty and local.remote_version == version
    bridge.repo.sign(order.id, by="ris.park")
    assert bridge.drain().applied == 1
    status, _, wr = server(deployment, int(order.remote_id))
    assert status == "CONFIRMED" and wr["_confirmed"] is True


def test_concurrent_edit_becomes_a_conflict_the_user_settles(bridge, deployment):
    bridge.pull()
    order = next(o for o in bridge.repo.orders(WorklistFilter()) if o.status == "IN_PROGRESS" and o.report.findings)
    rid = int(order.remote_id)
    with deployment.http("RIS") as other:  # a colleague edits the same draft in the CDSS first
        r = other.patch(f"/api/ocs/{rid}/report/", json={"findings": "colleague's words",
                                                        "base_version": order.remote_version})
        assert r.status_code == 200
    bridge.repo.save_draft(order.id, Report(findings="my words", impression="mine"), by="ris.park")
    assert bridge.drain().conflicts == 1
    assert server(deployment, rid)[2]["findings"] == "colleague's words"
    assert bridge.repo.get_order(order.id).dirty  # not marked synced
    assert bridge.pull()["conflict"] == 1
    [c] = bridge.repo.conflicts()
    assert c.local["findings"] == "my words" and c.remote["findings"] == "colleague's words"
    bridge.resolve_conflict(order.id, "local", by="ris.park")
    assert bridge.drain().applied == 1
    assert server(deployment, rid)[2]["findings"] == "my words"
    assert not bridge.repo.get_order(order.id).dirty


def test_measurement_reaches_the_cdss_in_patient_coordinates(bridge, deployment):
    bridge.pull()
    order = next(o for o in bridge.repo.orders() if o.status == "IN_PROGRESS")
    # a lesion on the patient's LEFT: +x in LPS. It must arrive as measured, never mirrored.
    left = [(62.5, -10.0, 31.0), (80.0, -12.5, 31.0)]
    bridge.queue_measurement(order.id, "length", 17.7, "mm", left, label="left temporal lesion",
                             series_uid="1.2.826.0.1.3680043.10.1234.5")
    assert bridge.drain().applied == 1
    [m] = server(deployment, int(order.remote_id))[2]["measurements"]
    assert m["points_lps"] == [list(p) for p in left] and m["points_lps"][0][0] > 0
    assert (m["kind"], m["value"], m["unit"], m["by"]) == ("length", 17.7, "mm", "ris.park")
