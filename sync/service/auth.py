"""Token authentication and server-side role checks.

A token belongs to one user and the user has one role (see ``sync.schema.vocab.ROLES``). Tokens are
stored as SHA-256 hashes. Requests carry ``Authorization: Token <t>`` (DRF style) or ``Bearer <t>``.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.schema.vocab import ROLES
from sync.service.errors import ApiError
from sync.service.models_access import ApiToken, ApiUser


#: a checked token is trusted this long before the database is asked again (revocation delay)
TOKEN_CACHE_SECONDS = 10.0


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    role: str
    display_name: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, username: str, role: str, display_name: str | None = None,
                token: str | None = None) -> str:
    """Create the user if needed and give it a new token; return the token (shown once)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    user = session.scalar(select(ApiUser).where(ApiUser.username == username))
    if user is None:
        user = ApiUser(username=username, role=role, display_name=display_name or username)
        session.add(user)
        session.flush()
    token = token or secrets.token_urlsafe(32)
    session.add(ApiToken(token_sha256=hash_token(token), user_id=user.id))
    return token


def _unauthorized(msg: str) -> ApiError:
    return ApiError(401, "unauthenticated", msg, headers={"WWW-Authenticate": "Token"})


def current_user(request: Request, authorization: str | None = Header(default=None)) -> Principal:
    if not authorization:
        raise _unauthorized("authentication required: send 'Authorization: Token <token>'")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() not in ("token", "bearer") or not token or len(token) > 256:
        raise _unauthorized("malformed Authorization header: expected 'Token <token>'")
    digest = hash_token(token)
    cache: dict[str, tuple[float, Principal]] = request.app.state.token_cache
    hit = cache.get(digest)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    with request.app.state.sessions() as s:
        row = s.execute(
            select(ApiUser).join(ApiToken, ApiToken.user_id == ApiUser.id).where(ApiToken.token_sha256 == digest)
        ).scalar_one_or_none()
    if row is None or not row.is_active:
        cache.pop(digest, None)
        raise _unauthorized("invalid or revoked token")
    principal = Principal(row.id, row.username, row.role, row.display_name)
    if len(cache) > 1000:
        cache.clear()
    cache[digest] = (time.monotonic() + TOKEN_CACHE_SECONDS, principal)
    return principal


def require(*roles: str):
    """Dependency: the caller must hold one of ``roles`` (403 otherwise)."""
    allowed = frozenset(roles)

    def _check(user: Principal = Depends(current_user)) -> Principal:
        if user.role not in allowed:
            raise ApiError(403, "forbidden", f"role {user.role} may not do this "
                                             f"(allowed: {', '.join(sorted(allowed))})")
        return user

    return _check
