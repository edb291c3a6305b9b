"""``/api/auth/…`` (who am I, refresh, logout), ``/api/users/{name}/role/`` (SYSTEMMANAGER) and
``/api/audit/head/`` (the workstations' audit-chain heads, reported with each sync)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field
from sqlalchemy import select

from sync.service.auth import Principal, forget_cached, issue_token, require, revoke_user_tokens
from sync.service.auth import change_role as set_user_role
from sync.service.db import utcnow
from sync.service.errors import ApiError
from sync.service.models_access import ApiToken, ApiUser, AuditHead
from sync.service.permissions import ENDPOINT_ROLES as R
from sync.service.routes_common import sessions
from sync.service.schemas import RoleChange, _Strict
from sync.service.views import iso

router = APIRouter(prefix="/api")


class NoFields(_Strict):
    """Refresh and logout take no fields (an unknown one is refused)."""


@router.get("/auth/me/", summary="who the token belongs to, and until when it is valid")
def me(user: Principal = Depends(require(*R["me"]))):
    return {"username": user.username, "role": user.role, "display_name": user.display_name,
            "expires_at": iso(user.expires_at)}


@router.post("/auth/refresh/", summary="exchange the token for a fresh one (the old one is revoked)")
def refresh_token(request: Request, body: NoFields | None = None, user: Principal = Depends(require(*R["refresh_token"]))):
    lifetime = request.app.state.token_lifetime
    with sessions(request) as s, s.begin():
        old = s.scalar(select(ApiToken).where(ApiToken.token_sha256 == user.token_sha256).with_for_update())
        if old is None or old.revoked_at is not None:
            raise ApiError(401, "unauthenticated", "invalid or revoked token")
        old.revoked_at, old.revoked_reason = utcnow(), "refreshed"
        token = issue_token(s, user.username, user.role, lifetime=lifetime)
        expires = utcnow() + lifetime if lifetime else None
    forget_cached(request.app.state, digest=user.token_sha256)
    return {"token": token, "expires_at": iso(expires)}


@router.post("/auth/logout/", summary="revoke this token")
def logout(request: Request, body: NoFields | None = None, user: Principal = Depends(require(*R["logout"]))):
    with sessions(request) as s, s.begin():
        tok = s.scalar(select(ApiToken).where(ApiToken.token_sha256 == user.token_sha256).with_for_update())
        if tok is not None and tok.revoked_at is None:
            tok.revoked_at, tok.revoked_reason = utcnow(), "logout"
    forget_cached(request.app.state, digest=user.token_sha256)
    return {"detail": "logged out"}


@router.post("/users/{username}/role/", summary="change a user's role (all its tokens are revoked)")
def change_role(request: Request, body: RoleChange, username: str = Path(max_length=100),
             user: Principal = Depends(require(*R["change_role"]))):
    with sessions(request) as s, s.begin():
        try:
            row = set_user_role(s, username, body.role)
        except LookupError:
            raise ApiError(404, "not_found", f"user {username!r} not found") from None
        out = {"username": row.username, "role": row.role, "display_name": row.display_name}
    forget_cached(request.app.state, user_id=row.id)
    return out


@router.post("/users/{username}/disable/", summary="disable a user (all its tokens are revoked)")
def disable_user(request: Request, username: str = Path(max_length=100),
                 user: Principal = Depends(require(*R["disable_user"]))):
    with sessions(request) as s, s.begin():
        row = s.scalar(select(ApiUser).where(ApiUser.username == username).with_for_update())
        if row is None:
            raise ApiError(404, "not_found", f"user {username!r} not found")
        row.is_active = False
        revoke_user_tokens(s, row.id, "user_disabled")
    forget_cached(request.app.state, user_id=row.id)
    return {"username": username, "active": False}


class AuditHeadReport(_Strict):
    """A workstation's audit chain: its newest row and that row's hash; ``anchor_*`` is the chain's hash at
    the row the service recorded last time (``GET /api/audit/head/``); ``chain_ok`` the local verification."""

    workstation: str = Field(min_length=1, max_length=200)
    last_row_id: int = Field(ge=0, le=2**31 - 1)
    row_count: int = Field(ge=0, le=2**31 - 1)
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    anchor_row_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    anchor_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    chain_ok: bool = True
    chain_problem: str | None = Field(default=None, max_length=400)


def head_view(h: AuditHead) -> dict:
    return {"id": h.id, "workstation": h.workstation, "reported_by": h.reported_by, "last_row_id": h.last_row_id,
            "row_count": h.row_count, "head_hash": h.head_hash, "anchor_ok": h.anchor_ok, "problem": h.problem,
            "received_at": iso(h.received_at)}


def _last_head(s, workstation: str) -> AuditHead | None:
    return s.scalar(select(AuditHead).where(AuditHead.workstation == workstation)
                    .order_by(AuditHead.id.desc()).limit(1))


@router.get("/audit/head/", summary="the audit-chain head last recorded for a workstation")
def last_audit_head(request: Request, workstation: str = Query(min_length=1, max_length=200),
                    user: Principal = Depends(require(*R["last_audit_head"]))):
    with sessions(request) as s:
        h = _last_head(s, workstation)
        return {"head": head_view(h) if h else None}


@router.post("/audit/head/", summary="record a workstation's audit-chain head (sent with each sync)")
def report_audit_head(request: Request, body: AuditHeadReport,
                user: Principal = Depends(require(*R["report_audit_head"]))):
    problems = [] if body.chain_ok else [f"the workstation's own check failed: {body.chain_problem or '?'}"]
    with sessions(request) as s, s.begin():
        prev = _last_head(s, body.workstation)
        if (prev is not None and prev.anchor_ok and not problems and body.last_row_id == prev.last_row_id
                and body.head_hash == prev.head_hash and body.row_count == prev.row_count
                and body.anchor_row_id == prev.last_row_id and body.anchor_hash == prev.head_hash):
            return head_view(prev)  # nothing new since the last sync: one row per change, not per sync
        if prev is not None:
            if body.last_row_id < prev.last_row_id or body.row_count < prev.row_count:
                problems.append(f"the chain is shorter than reported at {iso(prev.received_at)} "
                                f"(row {body.last_row_id} of {body.row_count}, was row {prev.last_row_id} of "
                                f"{prev.row_count})")
            if body.anchor_row_id != prev.last_row_id or body.anchor_hash != prev.head_hash:
                problems.append(f"row {prev.last_row_id} no longer has the hash reported at "
                                f"{iso(prev.received_at)}: the log was rewritten before it")
        row = AuditHead(workstation=body.workstation, reported_by=user.username, last_row_id=body.last_row_id,
                        row_count=body.row_count, head_hash=body.head_hash, anchor_ok=not problems,
                        problem="; ".join(problems)[:500] or None, received_at=utcnow())
        s.add(row)
        s.flush()
        return head_view(row)


@router.get("/audit/heads/", summary="every recorded audit-chain head, newest first (tampering shows here)")
def list_audit_heads(request: Request, workstation: str | None = Query(None, max_length=200),
               problems_only: bool = False, limit: int = Query(100, ge=1, le=1000),
               user: Principal = Depends(require(*R["list_audit_heads"]))):
    stmt = select(AuditHead).order_by(AuditHead.id.desc()).limit(limit)
    if workstation:
        stmt = stmt.where(AuditHead.workstation == workstation)
    if problems_only:
        stmt = stmt.where(AuditHead.anchor_ok.is_(False))
    with sessions(request) as s:
        return {"results": [head_view(h) for h in s.scalars(stmt)]}
