"""The AI results panel (issue 19): the reading context patient's genetic (MG) and multimodal (MM) results
from the real sync service, read-only, never another patient's; synthetic-data models say so; offline the
results last fetched are shown. Screenshot ``docs/screenshots/ai-results.png`` with CDSS_WRITE_SCREENSHOTS=1."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient
from tests.sync.service_proc import ServiceProcess
from workstation.ai_review.backend_results import BackendResults
from workstation.reading.repository import ReadingRepository
from workstation.syncing.bridge import SyncBridge

pytestmark = [pytest.mark.gui, pytest.mark.mariadb]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def deployment(mariadb, tmp_path_factory):
    from tests.sync.conftest import deploy

    dep = deploy(mariadb, tmp_path_factory)
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def result_ids(dep, patient_id):
    with dep.engine.connect() as c:
        return set(c.execute(text("SELECT ai_inference_result.id FROM ai_inference_result JOIN ai_inference_request "
                                  "ON ai_inference_request.id = request_id WHERE patient_id=:p"),
                             {"p": patient_id}).scalars())


def top_rows(panel):
    t = panel.tree
    return [[t.topLevelItem(i).text(c) for c in range(4)] for i in range(t.topLevelItemCount())]


def children(panel, row):
    item = panel.tree.topLevelItem(row)
    return [item.child(i).text(2) for i in range(item.childCount())]


def test_the_panel_shows_the_open_patients_mg_and_mm_results_only(qtbot, deployment, tmp_path):
    """Built by its factory as the window builds it; the reading hub's context (real orders pulled from the
    CDSS through the bridge) decides the patient."""
    from types import SimpleNamespace

    from workstation.reading.audit import AuditLog
    from workstation.reading.records import User
    from workstation.reading.service import ReadingService
    from workstation.ui.ai_results_panel import make_panel
    from workstation.ui.reading.hub import ReadingHub

    svc = ServiceProcess(deployment.database_url, tmp_path / "svc.log").start()
    client = SyncClient(f"sqlite:///{tmp_path / 'sync.sqlite'}", svc.url, deployment.tokens["DOCTOR"],
                        backoff=Backoff(base=0.01, cap=0.05))
    repo = ReadingRepository.open(f"sqlite:///{tmp_path / 'reading.sqlite'}")
    bridge = SyncBridge(repo, client)
    bridge.pull()
    reading = ReadingService(repo, AuditLog(repo.session_factory, "ws"), User("dr.kim", "DOCTOR"))
    hub = ReadingHub(reading)
    session = SimpleNamespace(reading=reading, sync=SimpleNamespace(client=client))
    assert make_panel(SimpleNamespace(session=SimpleNamespace(reading=ReadingService(
        repo, AuditLog(repo.session_factory, "ws"), User("nurse.lee", "NURSE")), sync=None), hub=hub)) is None

    def open_patient(number):  # the reading context moves to this CDSS patient's first order
        hub.select_order(repo.patient_orders(number)[0].id)

    panel = make_panel(SimpleNamespace(session=session, hub=hub))
    qtbot.addWidget(panel)
    panel.resize(760, 420)
    panel.show()
    try:
        open_patient("P20260001")  # 김하늘: an MG genetic profile and an M1 segmentation
        qtbot.waitUntil(lambda: not panel.shown.offline and bool(panel.shown.lines), timeout=30000)
        rows = top_rows(panel)
        assert [r[0] for r in rows] == ["Genetic (MG)", "MRI segmentation (M1)"]
        assert "IDH1 mutant" in rows[0][2] and rows[0][3] == "not reviewed"
        assert "IDH1: mutant (87 %)" in children(panel, 0)
        assert children(panel, 0)[-1] == "Trained on synthetic data — not for clinical use"
        assert children(panel, 1)[-1] == "Trained on synthetic data — not for clinical use"  # the demo M1 too
        assert {ln.result_id for ln in panel.shown.lines} == result_ids(deployment, 1)
        assert "김하늘" in panel.heading.text()
        if os.environ.get("CDSS_WRITE_SCREENSHOTS") == "1":
            panel.grab().save(str(SHOTS / "ai-results.png"))
        panel.grab().save(str(tmp_path / "ai-results.png"))

        open_patient("P20260003")  # another patient: an MM prognosis; nothing of 김하늘 stays
        stale = BackendResults(lambda: client).fetch(1)
        qtbot.waitUntil(lambda: not panel.shown.offline and panel.shown.patient_id == 3, timeout=30000)
        panel.show_results(stale)  # a late reply for the previous patient is dropped
        assert {ln.result_id for ln in panel.shown.lines} == result_ids(deployment, 3)
        assert "Multimodal (MM)" in [r[0] for r in top_rows(panel)]
        assert "Genetic (MG)" not in [r[0] for r in top_rows(panel)]
        assert not any("IDH1" in r[2] for r in top_rows(panel))

        svc.stop()  # offline: the results last fetched, said so
        open_patient("P20260001")
        qtbot.waitUntil(lambda: panel.shown.patient_id == 1 and panel.shown.problem != "", timeout=30000)
        assert panel.shown.offline and [r[0] for r in top_rows(panel)] == ["Genetic (MG)", "MRI segmentation (M1)"]
        assert panel.status.text().startswith("Offline")
    finally:
        panel.shutdown()
        bridge.close()
        client.close()
        svc.stop()
