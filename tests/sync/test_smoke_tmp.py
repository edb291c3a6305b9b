import pytest
pytestmark = pytest.mark.mariadb

def test_smoke(deployment):
    with deployment.http("RIS") as c:
        r = c.get("/api/imaging/studies/", params={"ordering": "-study_date", "has_report": "false"})
        print(r.status_code, r.json()["count"], r.json()["results"][0])
        r = c.get("/api/ocs/", params={"page_size": 10})
        print(r.status_code, r.json()["next"], len(r.json()["results"]))
        r = c.post("/api/ocs/1/status/", json={"status": "ACCEPTED", "base_version": 1}, headers={"Idempotency-Key": "abcdefgh1"})
        print(r.status_code, r.json())
        r = c.post("/api/ocs/1/status/", json={"status": "ACCEPTED", "base_version": 1}, headers={"Idempotency-Key": "abcdefgh1"})
        print(r.status_code, r.headers.get("idempotent-replayed"))
        r = c.post("/api/ocs/1/status/", json={"status": "ACCEPTED", "base_version": 1}, headers={"Idempotency-Key": "abcdefgh2"})
        print(r.status_code, r.json())
    with deployment.http("NURSE") as c:
        print(c.get("/api/imaging/studies/30/").json())
