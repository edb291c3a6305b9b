"""The service's front door (an ASGI middleware): the token is checked BEFORE any of the request body is
read, and every body, ``Content-Length`` or chunked, is capped.

- ``/api/…`` without a valid token: 401 at once; not one byte of the body is read (uvicorn stops reading
  the socket when its small buffer fills and closes the connection after the answer), so a huge chunked
  upload without a token costs nothing.
- A declared ``Content-Length`` over the cap: 413 before reading. A chunked body is read up to the cap
  and answered 413 as soon as it passes it. At most ``max_body`` bytes are ever held per request.
- Other paths (``/openapi.json``, ``/docs``) need no token and hold no data; their bodies are capped too.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import anyio
from sqlalchemy.exc import OperationalError

from sync.service.auth import authenticate, cached_principal
from sync.service.errors import ApiError

log = logging.getLogger("sync.service")


async def _answer(send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    raw = json.dumps(body).encode("utf-8")
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()),
            (b"connection", b"close")]
    hdrs += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": raw})


def _too_large(max_body: int) -> dict[str, str]:
    return {"detail": f"request body larger than {max_body} bytes", "code": "too_large"}


class RequestGuard:
    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if scope["path"].startswith("/api/"):
            auth = headers.get(b"authorization")
            header = auth.decode("latin-1") if auth is not None else None
            try:  # a recently checked token without a thread hop; else the database, off the event loop
                principal = cached_principal(scope["app"].state, header) or await anyio.to_thread.run_sync(
                    authenticate, scope["app"].state, header)
            except ApiError as exc:
                return await _answer(send, exc.status, exc.body(), exc.headers)
            except OperationalError as exc:
                log.error("database unavailable: %s", exc.orig)
                return await _answer(send, 503, {"detail": "database unavailable, try again later",
                                                 "code": "db_unavailable"}, {"Retry-After": "2"})
            scope.setdefault("state", {})["principal"] = principal
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _answer(send, 413, _too_large(self.max_body))
        if length is None and b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            return await self.app(scope, receive, send)  # no body
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.max_body:
                return await _answer(send, 413, _too_large(self.max_body))
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)
