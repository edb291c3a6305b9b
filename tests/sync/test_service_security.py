"""Server-side role enforcement on every endpoint for every role, no anonymous access, and malformed or
hostile input answered with a clear 4xx while the database stays unchanged."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from sync.schema.vocab import ROLES
from sync.service.permissions import ENDPOINT_ROLES

pytestmark = pytest.mark.mariadb

TABLES = ("patient", "encounter", "ocs", "ocs_history", "imaging_study", "ai_model", "ai_inference_request",
          "ai_inference_result", "ai_inference_log", "sync_idempotency", "api_user", "api_token",
          "workstation_audit_head")

# one valid-looking call per operation (path ids exist in the seed). Writes carry a stale base_version so
# an allowed role gets 409 and nothing changes; a refused role must get 403 before that.
STALE = 999_999
CALLS = {
    "me": ("GET", "/api/auth/me/", None, None),
    # token and account calls that would change something get a body the service refuses (422) or a user
    # that does not exist (404), or change a role to the one it has (nothing changes)
    "refresh_token": ("POST", "/api/auth/refresh/", None, {"unknown": 1}),
    "logout": ("POST", "/api/auth/logout/", None, {"unknown": 1}),
    "change_role": ("POST", "/api/users/admin/role/", None, {"role": "SYSTEMMANAGER"}),
    "disable_user": ("POST", "/api/users/no.such.user/disable/", None, None),
    "report_audit_head": ("POST", "/api/audit/head/", None, {"workstation": "ws", "last_row_id": 1,
                                                              "row_count": 1, "head_hash": "not-a-hash"}),
    "last_audit_head": ("GET", "/api/audit/head/", {"workstation": "ws"}, None),
    "list_audit_heads": ("GET", "/api/audit/heads/", None, None),
    "list_patients": ("GET", "/api/patients/", None, None),
    "get_patient": ("GET", "/api/patients/1/", None, None),
    "list_orders": ("GET", "/api/ocs/", {"job_role": "RIS"}, None),
    "get_order": ("GET", "/api/ocs/40/", None, None),  # a LIS order (LIS staff may see it)
    "order_history": ("GET", "/api/ocs/40/history/", None, None),
    "change_status": ("POST", "/api/ocs/40/status/", None, {"status": "CANCELLED", "base_version": STALE,
                                                             "reason": "r"}),
    "update_report": ("PATCH", "/api/ocs/20/report/", None, {"findings": "f", "base_version": STALE}),
    "add_measurement": ("POST", "/api/ocs/20/measurements/", None,
                        {"uuid": "b" * 32, "kind": "length", "value": 1.0, "unit": "mm", "base_version": STALE}),
    "list_studies": ("GET", "/api/imaging/studies/", {"has_report": "false"}, None),
    "get_study": ("GET", "/api/imaging/studies/1/", None, None),
    "list_ai_models": ("GET", "/api/ai/models/", None, None),
    "available_ai_models": ("GET", "/api/ai/models/available/", {"patient_id": 1}, None),
    "list_ai_requests": ("GET", "/api/ai/requests/", None, None),
    # patient 2 has CT studies only: an allowed role gets 422 (missing MRI), nothing is created
    "request_ai_run": ("POST", "/api/ai/requests/", None, {"patient_id": 2, "model": "M1"}),
    "get_ai_result": ("GET", "/api/ai/results/1/", None, None),
    "review_ai_result": ("POST", "/api/ai/results/1/review/", None, {"decision": "accepted", "base_version": STALE}),
    # request 1 has COMPLETED: recording it as FAILED is a 409 for an allowed role, nothing changes
    "record_ai_result": ("POST", "/api/ai/requests/1/result/", None, {"status": "FAILED", "error": "x"}),
    "list_ai_results": ("GET", "/api/ai/results/", {"patient_id": 1}, None),
}


# the policy, written out independently of the service's table: who may call what
ALL = set(ROLES)
READERS = {"DOCTOR", "RIS", "SYSTEMMANAGER"}
EXPECTED = {
    "me": ALL, "refresh_token": ALL, "logout": ALL, "report_audit_head": ALL, "last_audit_head": ALL,
    "change_role": {"SYSTEMMANAGER"}, "disable_user": {"SYSTEMMANAGER"}, "list_audit_heads": {"SYSTEMMANAGER"}, "list_patients": ALL, "get_patient": ALL, "list_orders": ALL, "get_order": ALL,
    "order_history": READERS | {"LIS"},
    "change_status": {"DOCTOR", "RIS", "LIS"},
    "update_report": {"RIS"},
    "add_measurement": {"DOCTOR", "RIS"},
    "list_studies": READERS | {"NURSE"}, "get_study": READERS | {"NURSE"},
    "list_ai_models": READERS, "available_ai_models": READERS, "list_ai_requests": READERS,
    "get_ai_result": READERS, "review_ai_result": {"DOCTOR", "RIS"}, "request_ai_run": {"DOCTOR", "RIS"},
    "record_ai_result": {"DOCTOR", "RIS"}, "list_ai_results": READERS,
}


#: calls whose matrix body an allowed role gets refused with 422 (so that nothing changes)
REFUSED_BODY = {"request_ai_run", "refresh_token", "logout", "report_audit_head"}


def snapshot(dep) -> dict[str, int]:
    with dep.engine.connect() as c:
        return {t: c.execute(text(f"CHECKSUM TABLE `{t}`")).one()[1] for t in TABLES}


def test_every_operation_is_covered(deployment):
    with deployment.http(None) as anon:
        ops = {op["operationId"] for ops in anon.get("/openapi.json").json()["paths"].values() for op in ops.values()}
    assert ops == set(CALLS) == set(ENDPOINT_ROLES) == set(EXPECTED)
    assert {k: set(v) for k, v in ENDPOINT_ROLES.items()} == EXPECTED


@pytest.mark.parametrize("role", ROLES)
def test_roles_enforced_on_every_endpoint(deployment, role):
    before = snapshot(deployment)
    with deployment.http(role) as c:
        for name, (method, path, params, body) in CALLS.items():
            r = c.request(method, path, params=params, json=body)
            if role in EXPECTED[name]:
                assert r.status_code in (200, 404, 409, 422), (role, name, r.status_code, r.text)
                assert r.status_code != 422 or name in REFUSED_BODY, (role, name, r.text)
                assert r.status_code != 404 or name == "disable_user", (role, name, r.text)
            else:
                assert r.status_code == 403, (role, name, r.status_code, r.text)
                assert role in r.json()["detail"]
    assert snapshot(deployment) == before


def test_nurse_gets_the_report_summary_only(deployment):
    with deployment.http("NURSE") as c:
        study = c.get("/api/imaging/studies/30/").json()
        order = c.get("/api/ocs/30/").json()
        orders = c.get("/api/ocs/", params={"job_role": "RIS"}).json()["results"]
    assert study["impression"] and study["report_status"] == "signed"
    for hidden in ("findings", "tumor", "work_notes", "study_uid", "series_count"):
        assert hidden not in study
    assert order["worker_result"] == {"impression": study["impression"]}
    assert all(set(o["worker_result"]) <= {"impression"} for o in orders)


def test_lis_staff_see_lab_orders_only(deployment):
    with deployment.http("LIS") as c:
        jobs = {o["job_role"] for o in c.get("/api/ocs/").json()["results"]}
        assert jobs == {"LIS"}
        assert c.get("/api/ocs/1/").status_code == 404
        assert c.post("/api/ocs/1/status/", json={"status": "ACCEPTED", "base_version": 1}).status_code == 404


@pytest.mark.parametrize("auth", [None, "", "Token", "Token nope", "Bearer ' OR '1'='1", "Basic dGVzdDp0ZXN0",
                                  "Token " + "x" * 5000])
def test_no_anonymous_or_forged_access(deployment, auth):
    headers = {"Authorization": auth} if auth is not None else {}
    with deployment.http(None) as c:
        for name, (method, path, params, body) in CALLS.items():
            r = c.request(method, path, params=params, json=body, headers=headers)
            assert r.status_code == 401, (name, auth, r.status_code)
            assert "token" in r.json()["detail"].lower() or "authentication" in r.json()["detail"].lower()


HOSTILE = [
    ("POST", "/api/ocs/5/status/", {"status": 1, "base_version": 1}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": "1"}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED'; DROP TABLE ocs; --", "base_version": 1}),
    ("POST", "/api/ocs/5/status/", {"status": "accepted", "base_version": 1}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": 1, "version": 99}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED"}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": -1}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": 2**70}),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": 1.5}),
    ("POST", "/api/ocs/5/status/", ["ACCEPTED", 1]),
    ("POST", "/api/ocs/5/status/", None),
    ("POST", "/api/ocs/5/status/", "not json{"),
    ("POST", "/api/ocs/5/status/", {"status": "ACCEPTED", "base_version": 1, "reason": "r" * 501}),
    ("POST", "/api/ocs/1;DROP TABLE ocs/status/", {"status": "ACCEPTED", "base_version": 1}),
    ("POST", "/api/ocs/99999999999999999999/status/", {"status": "ACCEPTED", "base_version": 1}),
    ("POST", "/api/ocs/0/status/", {"status": "ACCEPTED", "base_version": 1}),
    ("POST", "/api/ocs/424242/status/", {"status": "ACCEPTED", "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"findings": "x" * 20_001, "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"findings": "x" * 2_000_000, "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"findings": ["a"], "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"findings": {"$gt": ""}, "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"tumor": {"k": "v" * 30_000}, "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"tumor": "big", "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"work_notes": ["n"] * 101, "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"work_notes": ["n" * 2001], "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"sign": "yes", "base_version": 1}),
    ("PATCH", "/api/ocs/20/report/", {"findings": "\x00\x01 null bytes", "base_version": STALE}),
    ("PATCH", "/api/ocs/41/report/", {"findings": "a lab order has no imaging report", "base_version": 1}),
    ("POST", "/api/ocs/20/measurements/", {"uuid": "c" * 32, "kind": "length", "value": "NaN", "unit": "mm"}),
    ("POST", "/api/ocs/20/measurements/", {"uuid": "c" * 32, "kind": "length", "value": 1, "unit": "mm",
                                           "points_lps": [[1, 2]]}),
    ("POST", "/api/ocs/20/measurements/", {"uuid": "'; DELETE FROM ocs; --", "kind": "length", "value": 1,
                                           "unit": "mm"}),
    ("POST", "/api/ocs/20/measurements/", {"uuid": "c" * 32, "kind": "bogus", "value": 1, "unit": "mm"}),
    ("POST", "/api/ai/results/1/review/", {"decision": "maybe", "base_version": 1}),
    ("POST", "/api/ai/results/1/review/", {"decision": "accepted", "comment": "c" * 2001, "base_version": 1}),
    ("POST", "/api/ai/results/77/review/", {"decision": "accepted", "base_version": 1}),
    ("GET", "/api/imaging/studies/?patient_id=1%20OR%201=1", None),
    ("GET", "/api/imaging/studies/?ordering=-study_date;DROP%20TABLE%20ocs", None),
    ("GET", "/api/imaging/studies/?report_status=final", None),
    ("GET", "/api/imaging/studies/?page_size=100000", None),
    ("GET", "/api/imaging/studies/?page=0", None),
    ("GET", "/api/imaging/studies/abc/", None),
    ("GET", "/api/ocs/?updated_since=yesterday", None),
    ("GET", "/api/ocs/?status=DONE", None),
    ("GET", "/api/ai/models/available/", None),
    ("PATCH", "/api/ocs/20/report/", '{"tumor": ' + "[" * 100_000 + "]" * 100_000 + ', "base_version": 1}'),
    ("PATCH", "/api/ocs/20/report/", '{"tumor": ' + '{"a":' * 5_000 + "1" + "}" * 5_000 + ', "base_version": 1}'),
    ("PATCH", "/api/ocs/20/report/", r'{"findings": "\ud800", "base_version": 1}'),
]


def test_hostile_input_gets_4xx_and_changes_nothing(deployment):
    before = snapshot(deployment)
    with deployment.http("RIS") as c:
        for method, path, body in HOSTILE:
            kw = {"content": body, "headers": {"Content-Type": "application/json"}} if isinstance(body, str) \
                else {"json": body}
            r = c.request(method, path, **kw)
            assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text[:300])
            data = r.json()
            assert isinstance(data["detail"], str) and "Traceback" not in r.text
            assert len(r.content) < 20_000  # the offending input is not echoed back
        r = c.post("/api/ocs/5/status/", json={"status": "ACCEPTED", "base_version": 1},
                   headers={"Idempotency-Key": "x' OR 1=1 --"})
        assert r.status_code == 400 and "Idempotency-Key" in r.json()["detail"]
    assert snapshot(deployment) == before


def test_clear_messages_for_common_mistakes(deployment):
    with deployment.http("RIS") as c:
        r = c.patch("/api/ocs/20/report/", json={"findings": "x" * 20_001, "base_version": 1})
        assert r.status_code == 422 and "body.findings" in r.json()["detail"] and "20000" in r.json()["detail"]
        r = c.post("/api/ocs/5/status/", json={"status": "DONE", "base_version": 1})
        assert "body.status" in r.json()["detail"] and "ACCEPTED" in r.json()["detail"]
        r = c.patch("/api/ocs/20/report/", json={"findings": "x" * 2_000_000, "base_version": 1})
        assert r.status_code == 413 and "larger than" in r.json()["detail"]
