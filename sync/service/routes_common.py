"""Helpers shared by the routes: sessions, paging limits, the idempotent write runner."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.service.auth import Principal
from sync.service.errors import ApiError
from sync.service.idempotency import check_key, remember, replay, request_hash

MAX_PAGE_SIZE = 1000
MAX_ID = 2**31 - 1


def sessions(request: Request):
    return request.app.state.sessions()


def naive_utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def run_write(request: Request, user: Principal, key: str | None, payload: BaseModel,
              lock: Callable[[Session], Any], apply: Callable[[Session, Any], dict[str, Any]],
              status_code: int = 200) -> JSONResponse:
    """Lock the entity, replay a known Idempotency-Key, else apply and remember, all in one transaction."""
    check_key(key)
    req_hash = request_hash(request.method, request.url.path, payload.model_dump(mode="json"))
    try:
        with sessions(request) as s, s.begin():
            entity = lock(s)
            replayed = replay(s, key, user, req_hash)
            if replayed is not None:
                return replayed
            body = apply(s, entity)
            remember(s, key, user, req_hash, status_code, body)
    except IntegrityError:
        with sessions(request) as s:
            replayed = replay(s, key, user, req_hash)
        if replayed is not None:
            return replayed
        raise ApiError(409, "conflict", "the change collided with another write; fetch and retry") from None
    return JSONResponse(body, status_code=status_code)
