"""Errors the service answers with: a status, a short machine code, a clear message, never a traceback."""
from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("sync.service")


class ApiError(Exception):
    """Raised by the logic layer; becomes ``{"detail", "code", ["current"]}`` with ``status``."""

    def __init__(self, status: int, code: str, detail: str, current: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.current, self.headers = status, code, detail, current, headers

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"detail": self.detail, "code": self.code}
        if self.current is not None:
            out["current"] = self.current
        return out


def _loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def _validation_body(exc: RequestValidationError) -> dict[str, Any]:
    # never echo the offending input back (it may be huge or hostile)
    errors = [{"loc": _loc(e.get("loc", ())), "msg": e.get("msg", "invalid"), "type": e.get("type", "")}
              for e in exc.errors()]
    summary = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
    return {"detail": f"invalid request: {summary}", "code": "invalid", "errors": errors}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError):
        return JSONResponse(_validation_body(exc), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "request refused"
        return JSONResponse({"detail": detail, "code": "http_%d" % exc.status_code},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    async def _db_down(_req: Request, exc: OperationalError):
        log.error("database unavailable: %s", exc.orig)
        return JSONResponse({"detail": "database unavailable, try again later", "code": "db_unavailable"},
                            status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(DBAPIError)
    async def _db_error(_req: Request, exc: DBAPIError):
        error_id = uuid.uuid4().hex[:12]
        log.error("database error %s: %s", error_id, exc.orig)
        return JSONResponse({"detail": f"the database refused the request (error {error_id})",
                             "code": "db_error"}, status_code=400)

    @app.exception_handler(Exception)
    async def _anything(_req: Request, exc: Exception):
        error_id = uuid.uuid4().hex[:12]
        log.exception("internal error %s", error_id)
        return JSONResponse({"detail": f"internal error {error_id}; the change was not applied",
                             "code": "internal"}, status_code=500)
