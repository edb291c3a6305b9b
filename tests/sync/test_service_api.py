"""The service over real HTTP: CDSS paths and filters, status machine with history, versions, idempotency,
AI review, OpenAPI document."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sync.schema.vocab import ORDER_STATUSES, TRANSITIONS

pytestmark = pytest.mark.mariadb


def history(dep, order_id):
    with dep.engine.connect() as c:
        return c.execute(text("SELECT action, from_status, to_status, actor, version FROM ocs_history "
                              "WHERE ocs_id=:i ORDER BY id"), {"i": order_id}).all()


def test_openapi_document_describes_the_cdss_paths(deployment):
    with deployment.http(None) as anon:
        doc = anon.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/imaging/studies/", "/api/imaging/studies/{study_id}/", "/api/ocs/{order_id}/status/",
                 "/api/ocs/{order_id}/report/", "/api/ai/results/{result_id}/review/"):
        assert path in doc["paths"]
    params = {p["name"]: p for p in doc["paths"]["/api/imaging/studies/"]["get"]["parameters"]}
    assert {"patient_id", "ordering", "has_report", "report_status", "authorization"} <= set(params)
    status_schema = doc["components"]["schemas"]["StatusChange"]["properties"]["status"]
    assert set(status_schema["enum"]) == set(ORDER_STATUSES)
    # every operation under /api takes the Authorization header
    for path, ops in doc["paths"].items():
        for op in ops.values():
            assert "authorization" in {p["name"].lower() for p in op.get("parameters", [])}, path


def test_study_filters_and_ordering(deployment):
    with deployment.http("DOCTOR") as c:
        hist = c.get("/api/imaging/studies/", params={"patient_id": 2, "ordering": "-study_date"}).json()
        assert hist["count"] == 3 and {s["patient_id"] for s in hist["results"]} == {2}
        dates = [s["study_date"] for s in hist["results"]]
        assert dates == sorted(dates, reverse=True)
        unread = c.get("/api/imaging/studies/", params={"has_report": "false"}).json()
        assert unread["count"] == 17 and {s["report_status"] for s in unread["results"]} == {"none"}
        assert c.get("/api/imaging/studies/", params={"has_report": "true"}).json()["count"] == 16
        signed = c.get("/api/imaging/studies/", params={"report_status": "signed"}).json()["results"]
        assert len(signed) == 6 and all(s["order_status"] == "CONFIRMED" for s in signed)
        page = c.get("/api/imaging/studies/", params={"page_size": 10, "page": 4}).json()
        assert page["count"] == 33 and len(page["results"]) == 3 and page["next"] is None
        detail = c.get(f"/api/imaging/studies/{signed[0]['id']}/").json()
        assert detail["findings"] and detail["study_uid"].startswith("1.2.826.")
        assert c.get("/api/imaging/studies/999/").status_code == 404


def test_status_machine_writes_history_and_refuses_illegal_moves(deployment):
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "ORDERED"}).json()["results"][0]
        oid, v = order["id"], order["version"]
        bad = c.post(f"/api/ocs/{oid}/status/", json={"status": "CONFIRMED", "base_version": v})
        assert bad.status_code == 409 and bad.json()["code"] == "illegal_transition"
        assert "ORDERED to CONFIRMED" in bad.json()["detail"]
        for step in ("ACCEPTED", "IN_PROGRESS", "RESULT_READY"):
            r = c.post(f"/api/ocs/{oid}/status/", json={"status": step, "base_version": v})
            assert r.status_code == 200, r.text
            assert r.json()["status"] == step and r.json()["version"] == v + 1
            v += 1
        # a report nobody signed is never confirmed by a status change
        unsigned = c.post(f"/api/ocs/{oid}/status/", json={"status": "CONFIRMED", "base_version": v})
        assert unsigned.status_code == 409 and unsigned.json()["code"] == "illegal_transition"
        assert "only signing" in unsigned.json()["detail"]
        assert c.get(f"/api/ocs/{oid}/").json()["status"] == "RESULT_READY"
        back = c.post(f"/api/ocs/{oid}/status/", json={"status": "ORDERED", "base_version": v})
        assert back.status_code == 409
    rows = history(deployment, oid)
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("ORDERED", "ACCEPTED"), ("ACCEPTED", "IN_PROGRESS"), ("IN_PROGRESS", "RESULT_READY")]
    assert {r.actor for r in rows} == {"ris.park"} and [r.version for r in rows] == [2, 3, 4]
    assert all(TRANSITIONS[a].__contains__(b) for a, b in [(r.from_status, r.to_status) for r in rows])


def test_signing_an_ordered_order_walks_it_to_confirmed(deployment):
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "ORDERED"}).json()["results"][-1]
        oid, v = order["id"], order["version"]
        r = c.patch(f"/api/ocs/{oid}/report/", json={"impression": "No tumour.", "sign": True, "base_version": v})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "CONFIRMED" and r.json()["worker_result"]["_confirmed"] is True
    rows = history(deployment, oid)
    assert [(r.action, r.from_status, r.to_status) for r in rows] == [
        ("RESULT", "ORDERED", "ORDERED"), ("SIGN", "ORDERED", "ACCEPTED"), ("SIGN", "ACCEPTED", "IN_PROGRESS"),
        ("SIGN", "IN_PROGRESS", "RESULT_READY"), ("SIGN", "RESULT_READY", "CONFIRMED")]
    assert all(b in TRANSITIONS[a] for _, a, b in [(r.action, r.from_status, r.to_status) for r in rows[1:]])


def test_lab_orders_confirm_by_status_change(deployment):
    with deployment.http("LIS") as c:
        o = c.get("/api/ocs/", params={"job_role": "LIS", "status": "RESULT_READY"}).json()["results"][0]
        r = c.post(f"/api/ocs/{o['id']}/status/", json={"status": "CONFIRMED", "base_version": o["version"]})
        assert r.status_code == 200 and r.json()["status"] == "CONFIRMED"


def test_cancel_needs_a_reason_and_doctor_may_cancel(deployment):
    with deployment.http("DOCTOR") as c:
        order = c.get("/api/ocs/", params={"job_role": "LIS", "status": "ORDERED"}).json()["results"][0]
        r = c.post(f"/api/ocs/{order['id']}/status/", json={"status": "CANCELLED", "base_version": order["version"]})
        assert r.status_code == 422 and "reason" in r.json()["detail"]
        r = c.post(f"/api/ocs/{order['id']}/status/",
                   json={"status": "CANCELLED", "base_version": order["version"], "reason": "patient transferred"})
        assert r.status_code == 200 and r.json()["cancel_reason"] == "patient transferred"


def test_stale_write_gets_409_with_the_server_copy(deployment):
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "IN_PROGRESS"}).json()["results"][-1]
        oid, v = order["id"], order["version"]
        ok = c.patch(f"/api/ocs/{oid}/report/", json={"findings": "first reader", "base_version": v})
        assert ok.status_code == 200 and ok.json()["report_status"] == "draft"
        stale = c.patch(f"/api/ocs/{oid}/report/", json={"findings": "second reader", "base_version": v})
        assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
        current = stale.json()["current"]
        assert current["version"] == v + 1 and current["worker_result"]["findings"] == "first reader"
        assert c.get(f"/api/ocs/{oid}/").json()["worker_result"]["findings"] == "first reader"


def test_signing_confirms_and_locks_the_report(deployment):
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "RESULT_READY"}).json()["results"][0]
        oid, v = order["id"], order["version"]
        r = c.patch(f"/api/ocs/{oid}/report/", json={"impression": "GBM, IDH wild-type suspected", "sign": True,
                                                     "base_version": v})
        assert r.status_code == 200
        body = r.json()
        assert body["status"] == "CONFIRMED" and body["report_status"] == "signed"
        assert body["worker_result"]["_confirmed"] is True and body["worker_result"]["signed_by"] == "ris.park"
        again = c.patch(f"/api/ocs/{oid}/report/", json={"findings": "late edit", "base_version": body["version"]})
        assert again.status_code == 409 and again.json()["code"] == "closed"
    assert [r.action for r in history(deployment, oid)][-2:] == ["RESULT", "SIGN"]


def test_idempotency_key_replays_and_rejects_reuse(deployment):
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "ACCEPTED"}).json()["results"][-1]
        oid, v = order["id"], order["version"]
        before = len(history(deployment, oid))
        body = {"status": "IN_PROGRESS", "base_version": v}
        first = c.post(f"/api/ocs/{oid}/status/", json=body, headers={"Idempotency-Key": "key-0001-abcd"})
        second = c.post(f"/api/ocs/{oid}/status/", json=body, headers={"Idempotency-Key": "key-0001-abcd"})
        assert first.status_code == second.status_code == 200 and first.json() == second.json()
        assert second.headers["Idempotent-Replayed"] == "true"
        other = c.post(f"/api/ocs/{oid}/status/", json={"status": "CANCELLED", "base_version": v + 1, "reason": "x"},
                       headers={"Idempotency-Key": "key-0001-abcd"})
        assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert len(history(deployment, oid)) == before + 1


def test_ai_models_available_and_review(deployment):
    with deployment.http("DOCTOR") as c:
        assert [m["code"] for m in c.get("/api/ai/models/").json()["results"]] == ["M1", "MG", "MM"]
        reqs = c.get("/api/ai/requests/").json()["results"]
        assert len(reqs) == 10
        done = [r for r in reqs if r["result_id"]]
        avail = c.get("/api/ai/models/available/", params={"patient_id": done[0]["patient_id"]}).json()
        assert "MRI" in avail["patient_inputs"] and "M1" in [m["code"] for m in avail["results"]]
        ct_only = c.get("/api/ai/models/available/", params={"patient_id": 2}).json()  # CT studies only
        assert "MRI" not in ct_only["patient_inputs"] and "M1" not in [m["code"] for m in ct_only["results"]]
        rid = done[0]["result_id"]
        res = c.get(f"/api/ai/results/{rid}/").json()
        assert res["review_status"] == "pending"
        r = c.post(f"/api/ai/results/{rid}/review/", json={"decision": "rejected", "comment": "mask leaks into "
                                                           "the ventricle", "base_version": res["version"]})
        assert r.status_code == 200 and r.json()["review_status"] == "rejected" and r.json()["reviewer"] == "dr.kim"
        stale = c.post(f"/api/ai/results/{rid}/review/", json={"decision": "accepted", "base_version": res["version"]})
        assert stale.status_code == 409 and stale.json()["current"]["review_status"] == "rejected"
    with deployment.engine.connect() as conn:
        logs = conn.execute(text("SELECT message FROM ai_inference_log WHERE message LIKE 'result %'")).scalars().all()
    assert logs == ["result rejected by dr.kim"]


def test_sql_in_free_text_is_stored_verbatim(deployment):
    evil = "x'); DROP TABLE ocs; -- 종양 \" \\ %"
    with deployment.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "IN_PROGRESS"}).json()["results"][0]
        r = c.patch(f"/api/ocs/{order['id']}/report/", json={"findings": evil, "base_version": order["version"]})
        assert r.status_code == 200
    with deployment.engine.connect() as conn:
        stored = json.loads(conn.execute(text("SELECT worker_result FROM ocs WHERE id=:i"), {"i": order["id"]}).scalar())
        assert stored["findings"] == evil
        assert conn.execute(text("SELECT COUNT(*) FROM ocs")).scalar() == 54


def test_ai_run_requested_only_with_the_models_inputs(deployment):
    with deployment.http("DOCTOR") as c:
        refused = c.post("/api/ai/requests/", json={"patient_id": 2, "model": "M1"})
        assert refused.status_code == 422 and "MRI" in refused.json()["detail"]
        body = {"patient_id": 1, "model": "M1"}
        made = c.post("/api/ai/requests/", json=body, headers={"Idempotency-Key": "run-0001-xyz"})
        again = c.post("/api/ai/requests/", json=body, headers={"Idempotency-Key": "run-0001-xyz"})
        assert made.status_code == again.status_code == 201 and made.json() == again.json()
        assert made.json()["status"] == "PENDING" and made.json()["model"] == "M1"
        mine = [r for r in c.get("/api/ai/requests/", params={"patient_id": 1}).json()["results"]
                if r["request_number"] == made.json()["request_number"]]
        assert len(mine) == 1
