"""Applied-write memory: a key is stored with its response in the SAME transaction as the change.

A retry with the same ``Idempotency-Key`` (e.g. after the service died between commit and reply) gets the
stored response and changes nothing. Routes take the entity's row lock first and look the key up
afterwards (READ COMMITTED), so a retry racing its original waits and then replays.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.service.auth import Principal
from sync.service.errors import ApiError
from sync.service.models_access import IdempotencyRecord

KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


def check_key(key: str | None) -> str | None:
    if key is not None and not KEY_RE.match(key):
        raise ApiError(400, "bad_idempotency_key",
                       "Idempotency-Key must be 8-64 characters of letters, digits, '-', '_', '.', ':'")
    return key


def request_hash(method: str, path: str, body: dict[str, Any]) -> str:
    canon = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def replay(session: Session, key: str | None, user: Principal, req_hash: str) -> JSONResponse | None:
    """The stored response for ``key``, or None when the key is new."""
    if key is None:
        return None
    rec = session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.idem_key == key))
    if rec is None:
        return None
    if rec.user_id != user.id or rec.request_hash != req_hash:
        raise ApiError(422, "idempotency_key_reused",
                       "this Idempotency-Key was already used for a different request")
    return JSONResponse(rec.response, status_code=rec.status_code, headers={"Idempotent-Replayed": "true"})


def remember(session: Session, key: str | None, user: Principal, req_hash: str, status: int,
             body: dict[str, Any]) -> None:
    if key is not None:
        session.add(IdempotencyRecord(idem_key=key, user_id=user.id, request_hash=req_hash,
                                      status_code=status, response=body))
