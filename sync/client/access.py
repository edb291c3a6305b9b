"""The client's side of token lifetime and of the audit chain's head (used by ``SyncClient``).

- ``TokenKeeper`` knows until when the token is valid (``GET /api/auth/me/``) and exchanges it for a fresh
  one (``POST /api/auth/refresh/``) before it runs out; ``on_token`` lets the caller store the new token.
- ``AuditHeadSource`` is what the workstation hands the client so that each sync reports its audit log's
  chain head; ``report_audit_head`` sends it with the anchor the service asked for.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Protocol

import httpx


class AuditHeadSource(Protocol):
    """The workstation's audit chain. ``head(anchor_row_id)`` returns ``{last_row_id, row_count, head_hash,
    anchor_row_id, anchor_hash, chain_ok, chain_problem}`` (``anchor_hash``: the chain's hash at that row)."""

    workstation: str

    def head(self, anchor_row_id: int | None) -> dict[str, Any]: ...


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


class TokenKeeper:
    def __init__(self, http: httpx.Client, on_token: Callable[[str], None] | None = None):
        self._http = http
        self.on_token = on_token
        self.expires_at: datetime | None = None
        self._known = False

    def _check(self, resp: httpx.Response) -> dict[str, Any]:
        from sync.client.client import SyncError

        if not resp.is_success:
            try:
                detail = resp.json().get("detail", resp.text)
            except ValueError:
                detail = resp.text
            raise SyncError(f"{resp.status_code}: {detail}")
        return resp.json()

    def me(self) -> dict[str, Any]:
        body = self._check(self._http.get("/api/auth/me/"))
        self.expires_at, self._known = _utc(body.get("expires_at")), True
        return body

    def refresh(self) -> str:
        """A fresh token replaces this one (the old one is revoked by the service); returns it."""
        body = self._check(self._http.post("/api/auth/refresh/"))
        self._http.headers["Authorization"] = f"Token {body['token']}"
        self.expires_at, self._known = _utc(body.get("expires_at")), True
        if self.on_token is not None:
            self.on_token(body["token"])
        return body["token"]

    def logout(self) -> None:
        self._check(self._http.post("/api/auth/logout/"))
        self.expires_at, self._known = None, False

    def ensure_fresh(self, margin: timedelta) -> bool:
        """Refresh when the token expires within ``margin``; True when it was refreshed (network)."""
        if not self._known:
            self.me()
        if self.expires_at is not None and self.expires_at - datetime.now(timezone.utc) < margin:
            self.refresh()
            return True
        return False


def report_audit_head(http: httpx.Client, source: AuditHeadSource) -> dict[str, Any]:
    """Send the audit chain's head, anchored at the row the service recorded last; returns the service's
    record (``anchor_ok`` False: the local log was rewritten since the last report)."""
    resp = http.get("/api/audit/head/", params={"workstation": source.workstation})
    resp.raise_for_status()
    prev = resp.json().get("head")
    body = {"workstation": source.workstation, **source.head(prev["last_row_id"] if prev else None)}
    resp = http.post("/api/audit/head/", json=body)
    resp.raise_for_status()
    return resp.json()
