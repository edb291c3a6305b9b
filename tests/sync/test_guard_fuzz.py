"""Seeded fuzz of the service's front door over raw sockets: forged, missing and good tokens combined with
hostile framing (lengths that lie, are negative, huge or not numbers; chunk sizes that are huge, not hex or
cut; both Content-Length and chunked; bodies just over the cap). Every answer is a 4xx (or the connection is
closed), never a 5xx or a hang; the service stays up and its memory bounded."""
from __future__ import annotations

import random
import socket

import httpx
import pytest

from tests.sync.sqlite_deploy import deploy_sqlite, peak_rss_kib

CASES = 120


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    dep = deploy_sqlite(tmp_path_factory.mktemp("fuzz-svc"))
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def _request(rng: random.Random, good_token: str) -> tuple[bytes, bool]:
    """A hostile request; True when it carries a good token."""
    token = rng.choice([None, good_token, "nope", "x" * 300, good_token[:-1] + "A", "' OR 1=1 --"])
    path = rng.choice(["/api/ocs/5/status/", "/api/ocs/5/report/", "/api/auth/refresh/", "/api/audit/head/",
                       "/api/ocs/5/measurements/"])
    method = rng.choice(["POST", "PATCH", "PUT"])
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if token is not None:
        head.append(f"Authorization: {rng.choice(['Token', 'Bearer', 'Basic'])} {token}")
    body = b'{"status": "ACCEPTED", "base_version": 1}'
    kind = rng.choice(["cl_lie_short", "cl_lie_long", "cl_negative", "cl_text", "cl_huge", "chunk_bad_hex",
                       "chunk_huge", "chunk_over_cap", "both", "chunk_cut", "cl_over_cap"])
    if kind == "cl_lie_short":
        head.append(f"Content-Length: {len(body) // 2}")
    elif kind == "cl_lie_long":
        head.append(f"Content-Length: {len(body) + rng.randint(1, 5000)}")
    elif kind == "cl_negative":
        head.append("Content-Length: -5")
    elif kind == "cl_text":
        head.append("Content-Length: twelve")
    elif kind == "cl_huge":
        head.append(f"Content-Length: {rng.choice([2**31, 2**63, 10**30])}")
    elif kind == "cl_over_cap":
        body = b"{" + b" " * ((1 << 20) + rng.randint(1, 1000)) + b"}"
        head.append(f"Content-Length: {len(body)}")
    elif kind == "both":
        head += [f"Content-Length: {len(body)}", "Transfer-Encoding: chunked"]
        body = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    else:
        head.append("Transfer-Encoding: chunked")
        if kind == "chunk_bad_hex":
            body = b"zz\r\n" + body + b"\r\n0\r\n\r\n"
        elif kind == "chunk_huge":
            body = b"ffffffffffffffff\r\n" + body
        elif kind == "chunk_cut":
            body = b"%x\r\n" % (len(body) + 10) + body
        else:  # chunk_over_cap
            piece = b" " * 65536
            body = b"".join(b"%x\r\n" % len(piece) + piece + b"\r\n" for _ in range(18)) + b"0\r\n\r\n"
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body, token == good_token


def _send(port: int, raw: bytes) -> str:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        try:
            s.sendall(raw)
            s.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before taking it all
            pass
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        return data.split(b"\r\n", 1)[0].decode(errors="replace")
    finally:
        s.close()


def test_seeded_hostile_framing_is_answered_4xx_and_the_service_stays_up(svc):
    rng = random.Random(2311)
    pid = svc.service.proc.pid
    before = peak_rss_kib(pid)
    seen: dict[str, int] = {}
    for _ in range(CASES):
        raw, _authed = _request(rng, svc.tokens["RIS"])
        status = _send(svc.service.port, raw)
        code = status.split(" ")[1] if status.startswith("HTTP/1.1 ") else "closed"
        seen[code] = seen.get(code, 0) + 1
        assert code == "closed" or 400 <= int(code) < 500 or code == "200", status
    print(f"answers to {CASES} hostile requests: {dict(sorted(seen.items()))}")
    assert peak_rss_kib(pid) - before < 50 * 1024
    assert seen.get("401", 0) > 10 and seen.get("413", 0) > 0, seen  # both doors were exercised
    with svc.http("RIS") as c:
        assert c.get("/api/auth/me/").status_code == 200
    r = httpx.get(svc.url + "/api/ocs/5/", headers={"Authorization": f"Token {svc.tokens['RIS']}"})
    assert r.status_code == 200
