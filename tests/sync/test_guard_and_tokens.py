"""The service on its embedded default (SQLite): the token is checked before a body is read and every body
is capped (chunked or not, over a raw socket), tokens expire, refresh, and are revoked on logout, role
change and disabling; the status machine holds there too."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.orm import Session

from tests.harness.peers import free_port, stop_process, wait_until
from tests.sync.service_proc import ROOT
from tests.sync.sqlite_deploy import deploy_sqlite, peak_rss_kib

CHUNK = b"x" * 65536


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    dep = deploy_sqlite(tmp_path_factory.mktemp("sqlite-svc"))
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def _chunked_upload(port: int, token: str | None, total: int, path: str = "/api/ocs/5/status/"):
    """Send a chunked POST of up to ``total`` bytes; stop when the server answers or stops reading.
    Returns (bytes accepted by the socket, the answer's status line, seconds until the answer)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(2.0)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += f"Authorization: Token {token}\r\n" if token else ""
    s.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
    start, sent, answer = time.monotonic(), 0, b""
    frame = b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n"
    try:
        while sent < total:
            s.setblocking(False)
            try:
                answer = s.recv(4096)
            except BlockingIOError:
                answer = b""
            s.settimeout(2.0)
            if answer:
                break
            s.sendall(frame)  # blocks (then times out) once the server stops reading
            sent += len(CHUNK)
    except (socket.timeout, ConnectionError, BrokenPipeError):
        pass
    if not answer:
        s.settimeout(10.0)
        try:
            answer = s.recv(4096)
        except (socket.timeout, ConnectionError):
            answer = b""
    elapsed = time.monotonic() - start
    s.close()
    return sent, answer.split(b"\r\n", 1)[0].decode(errors="replace"), elapsed


def test_huge_chunked_body_without_token_is_refused_before_it_is_read(svc):
    pid = svc.service.proc.pid
    before = peak_rss_kib(pid)
    sent, status, elapsed = _chunked_upload(svc.service.port, None, 1 << 30)  # offers 1 GiB
    assert status.startswith("HTTP/1.1 401"), status
    assert elapsed < 10 and sent < 64 << 20, (elapsed, sent)  # the server stopped reading almost at once
    assert peak_rss_kib(pid) - before < 20 * 1024  # < 20 MiB more than before, for a 1 GiB offer
    with svc.http("RIS") as c:  # and the service still answers
        assert c.get("/api/auth/me/").status_code == 200


def test_chunked_body_over_the_cap_with_token_is_413_and_bounded(svc):
    pid = svc.service.proc.pid
    before = peak_rss_kib(pid)
    sent, status, _ = _chunked_upload(svc.service.port, svc.tokens["RIS"], 256 << 20)
    assert status.startswith("HTTP/1.1 413"), status
    assert sent < 64 << 20
    assert peak_rss_kib(pid) - before < 20 * 1024
    with svc.http("RIS") as c:  # a declared length over the cap: 413 without reading; no token: 401 first
        big = b"{" + b" " * (2 << 20) + b"}"
        assert c.post("/api/ocs/5/status/", content=big).status_code == 413
    with svc.http(None) as anon:
        assert anon.post("/api/ocs/5/status/", content=big).status_code == 401


def test_small_chunked_body_with_token_is_served(svc):
    with svc.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "ORDERED"}).json()["results"][0]
        body = b'{"status": "ACCEPTED", "base_version": %d}' % order["version"]
        r = c.post(f"/api/ocs/{order['id']}/status/", content=iter([body[:10], body[10:]]),
                   headers={"Content-Type": "application/json"})  # chunked
        assert r.status_code == 200 and r.json()["status"] == "ACCEPTED", r.text


def test_status_machine_on_sqlite_signing_only_confirms(svc):
    with svc.http("RIS") as c:
        order = c.get("/api/ocs/", params={"job_role": "RIS", "status": "RESULT_READY"}).json()["results"][0]
        r = c.post(f"/api/ocs/{order['id']}/status/", json={"status": "CONFIRMED", "base_version": order["version"]})
        assert r.status_code == 409 and "only signing" in r.json()["detail"]
        signed = c.patch(f"/api/ocs/{order['id']}/report/", json={"impression": "Meningioma.", "sign": True,
                                                                   "base_version": order["version"]})
        assert signed.status_code == 200 and signed.json()["status"] == "CONFIRMED"


def _token(svc, username: str, role: str, lifetime=timedelta(hours=1)) -> str:
    from sync.service.auth import issue_token

    with Session(svc.engine) as s, s.begin():
        return issue_token(s, username, role, lifetime=lifetime)


def _me(svc, token: str) -> httpx.Response:
    return httpx.get(svc.url + "/api/auth/me/", headers={"Authorization": f"Token {token}"}, timeout=10)


def test_tokens_expire(svc):
    expired = _token(svc, "ris.park", "RIS", lifetime=timedelta(seconds=-1))
    r = _me(svc, expired)
    assert r.status_code == 401 and r.json()["code"] == "token_expired"
    fresh = _token(svc, "ris.park", "RIS")
    body = _me(svc, fresh).json()
    assert body["username"] == "ris.park" and body["expires_at"] is not None


def test_refresh_gives_a_new_token_and_revokes_the_old(svc):
    old = _token(svc, "dr.kim", "DOCTOR")
    r = httpx.post(svc.url + "/api/auth/refresh/", headers={"Authorization": f"Token {old}"}, timeout=10)
    assert r.status_code == 200
    new = r.json()["token"]
    assert new != old and _me(svc, new).json()["role"] == "DOCTOR"
    assert _me(svc, old).status_code == 401


def test_logout_revokes_at_once(svc):
    tok = _token(svc, "nurse.lee", "NURSE")
    assert _me(svc, tok).status_code == 200  # now cached in the service
    r = httpx.post(svc.url + "/api/auth/logout/", headers={"Authorization": f"Token {tok}"}, timeout=10)
    assert r.status_code == 200
    assert _me(svc, tok).status_code == 401


def test_role_change_and_disabling_revoke_every_token(svc):
    a, b = _token(svc, "temp.user", "NURSE"), _token(svc, "temp.user", "NURSE")
    assert _me(svc, a).json()["role"] == "NURSE"
    with svc.http("RIS") as ris:  # only SYSTEMMANAGER changes roles
        assert ris.post("/api/users/temp.user/role/", json={"role": "RIS"}).status_code == 403
    with svc.http("SYSTEMMANAGER") as admin:
        r = admin.post("/api/users/temp.user/role/", json={"role": "RIS"})
        assert r.status_code == 200 and r.json()["role"] == "RIS"
        assert _me(svc, a).status_code == 401 and _me(svc, b).status_code == 401  # no token keeps NURSE
        c = _token(svc, "temp.user", "RIS")
        assert _me(svc, c).json()["role"] == "RIS"
        assert admin.post("/api/users/temp.user/disable/").status_code == 200
        assert _me(svc, c).status_code == 401


def test_client_refreshes_a_token_close_to_expiry(svc, tmp_path):
    from sync.client import SyncClient

    tok = _token(svc, "ris.park", "RIS", lifetime=timedelta(minutes=30))
    seen: list[str] = []
    client = SyncClient(f"sqlite:///{tmp_path / 'local.db'}", svc.url, tok)
    client.tokens.on_token = seen.append
    client.drain()  # 30 min left < the 2 h margin: refreshed first
    assert len(seen) == 1 and _me(svc, seen[0]).status_code == 200 and _me(svc, tok).status_code == 401
    assert client.pull_patients()  # the client goes on with the new token
    client.tokens.logout()
    assert _me(svc, seen[0]).status_code == 401
    client.close()


def test_sync_service_command_runs_on_the_embedded_default(tmp_path):
    """``cdss-workstation sync-service --seed`` with no --database: SQLite in $CDSS_SYNC_HOME."""
    port = free_port()
    env = {**os.environ, "CDSS_SYNC_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "sync-service", "--seed", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        lines = [proc.stdout.readline().decode() for _ in range(5)]
        tokens = {ln.split()[0]: ln.split()[2] for ln in lines if len(ln.split()) == 3}
        assert set(tokens) == {"DOCTOR", "RIS", "LIS", "NURSE", "SYSTEMMANAGER"}, lines
        url = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                return httpx.get(url + "/openapi.json", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(up, timeout=60, what="the sync service on SQLite")
        r = httpx.get(url + "/api/ocs/", params={"job_role": "RIS"}, headers={"Authorization": f"Token {tokens['RIS']}"})
        assert r.status_code == 200 and len(r.json()["results"]) == 33
        assert (tmp_path / "cdss-sync.db").exists()
    finally:
        stop_process(proc)
