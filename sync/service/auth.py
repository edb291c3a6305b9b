"""Token authentication and server-side role checks.

A token belongs to one user and the user has one role (see ``sync.schema.vocab.ROLES``). Tokens are
stored as SHA-256 hashes, live ``TOKEN_LIFETIME`` (``--token-lifetime``), are exchanged for a fresh one by
``POST /api/auth/refresh/`` (the old one is revoked), and are revoked by ``POST /api/auth/logout/`` and, all
of a user's at once, by a role change or disabling the user. Requests carry ``Authorization: Token <t>``
(DRF style) or ``Bearer <t>``. The token is checked before the request body is read (``sync.service.guard``).
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Depends, Header, Request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sync.schema.vocab import ROLES
from sync.service.db import utcnow
from sync.service.errors import ApiError
from sync.service.models_access import ApiToken, ApiUser

#: a checked token is trusted this long before the database is asked again. Revocations made through this
#: service (logout, refresh, role change) drop the cached entries at once; one made by another process
#: (``python -m sync.service.users``) bites within this delay.
TOKEN_CACHE_SECONDS = 10.0

#: how long a token is valid after it was issued (a working shift); refresh before it runs out
TOKEN_LIFETIME = timedelta(hours=12)

MAX_TOKEN_CHARS = 256


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    role: str
    display_name: str
    token_sha256: str = ""
    expires_at: datetime | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, username: str, role: str, display_name: str | None = None,
                token: str | None = None, lifetime: timedelta | None = TOKEN_LIFETIME) -> str:
    """Create the user if needed and give it a new token valid for ``lifetime``; return the token (shown
    once). An existing user keeps its role (``change_role`` changes it)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    user = session.scalar(select(ApiUser).where(ApiUser.username == username))
    if user is None:
        user = ApiUser(username=username, role=role, display_name=display_name or username)
        session.add(user)
        session.flush()
    token = token or secrets.token_urlsafe(32)
    now = utcnow()
    session.add(ApiToken(token_sha256=hash_token(token), user_id=user.id, created_at=now,
                         expires_at=now + lifetime if lifetime else None))
    return token


def revoke_user_tokens(session: Session, user_id: int, reason: str) -> int:
    """Revoke every live token of a user; returns how many."""
    res = session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                          .values(revoked_at=utcnow(), revoked_reason=reason))
    return res.rowcount


def change_role(session: Session, username: str, role: str) -> ApiUser:
    """Give ``username`` a new role and revoke all its tokens (a token never carries an old role)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    user = session.scalar(select(ApiUser).where(ApiUser.username == username).with_for_update())
    if user is None:
        raise LookupError(f"no user {username!r}")
    if user.role != role:
        user.role = role
        revoke_user_tokens(session, user.id, "role_changed")
    return user


def _unauthorized(msg: str, code: str = "unauthenticated") -> ApiError:
    return ApiError(401, code, msg, headers={"WWW-Authenticate": "Token"})


def parse_authorization(authorization: str | None) -> str:
    """The token in an ``Authorization`` header value (401 when missing or malformed)."""
    if not authorization:
        raise _unauthorized("authentication required: send 'Authorization: Token <token>'")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() not in ("token", "bearer") or not token or len(token) > MAX_TOKEN_CHARS:
        raise _unauthorized("malformed Authorization header: expected 'Token <token>'")
    return token


def cached_principal(state, authorization: str | None) -> Principal | None:
    """The principal of a token checked less than ``TOKEN_CACHE_SECONDS`` ago and still valid, without
    touching the database (None otherwise; a malformed header raises 401)."""
    hit = state.token_cache.get(hash_token(parse_authorization(authorization)))
    if hit is not None and hit[0] > time.monotonic() and (hit[1].expires_at is None or hit[1].expires_at > utcnow()):
        return hit[1]
    return None


def authenticate(state, authorization: str | None) -> Principal:
    """The principal of an ``Authorization`` header value, or ``ApiError`` 401 (blocking: a database read
    unless cached; ``state`` is the app's ``state`` with ``sessions`` and ``token_cache``)."""
    digest = hash_token(parse_authorization(authorization))
    cache: dict[str, tuple[float, Principal]] = state.token_cache
    hit = cache.get(digest)
    now = utcnow()
    if hit is not None and hit[0] > time.monotonic() and (hit[1].expires_at is None or hit[1].expires_at > now):
        return hit[1]
    with state.sessions() as s:
        found = s.execute(select(ApiUser, ApiToken).join(ApiToken, ApiToken.user_id == ApiUser.id)
                          .where(ApiToken.token_sha256 == digest)).one_or_none()
    if found is None or not found[0].is_active or found[1].revoked_at is not None:
        cache.pop(digest, None)
        raise _unauthorized("invalid or revoked token")
    user, tok = found
    if tok.expires_at is not None and tok.expires_at <= now:
        cache.pop(digest, None)
        raise _unauthorized("the token has expired: log in again", "token_expired")
    principal = Principal(user.id, user.username, user.role, user.display_name, digest, tok.expires_at)
    if len(cache) > 1000:
        cache.clear()
    cache[digest] = (time.monotonic() + TOKEN_CACHE_SECONDS, principal)
    return principal


def forget_cached(state, *, digest: str | None = None, user_id: int | None = None) -> None:
    """Drop cached principals (after a revocation in this process)."""
    cache: dict[str, tuple[float, Principal]] = state.token_cache
    for key, (_, p) in list(cache.items()):
        if key == digest or p.id == user_id:
            cache.pop(key, None)


def current_user(request: Request, authorization: str | None = Header(default=None)) -> Principal:
    """The request's principal: checked by the guard before the body was read (``sync.service.guard``)."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        principal = authenticate(request.app.state, authorization)
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
