"""Sync in the window, without Qt: the local outbox database, the token shown masked, and a conflict's two
versions as text side by side."""
from __future__ import annotations

import json
from typing import Any

from workstation.paths import home_dir

REPORT_FIELDS = ("findings", "impression", "tumor", "work_notes")


def local_sync_url() -> str:
    """SQLite database of the sync client's outbox and cache (``<home>/sync.sqlite``)."""
    return f"sqlite:///{home_dir() / 'sync.sqlite'}"


def mask_token(token: str) -> str:
    """What the settings page shows of a saved token: never the token itself."""
    return "•" * 8 if token else ""


def make_client(settings, local_url: str | None = None):
    """A ``SyncClient`` for the saved server URL and token (the caller checks ``settings.sync_configured``)."""
    from sync.client import SyncClient

    return SyncClient(local_url or local_sync_url(), settings.sync_url.strip().rstrip("/"), settings.sync_token)


def _value_text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def _fields_text(fields: dict[str, Any], keys) -> str:
    return "\n\n".join(f"[{k}]\n{_value_text(fields.get(k))}" for k in keys)


def conflict_sides(conflict) -> tuple[str, str]:
    """``(mine, theirs)``: the local change and the server's copy of the same fields, as text.

    ``conflict`` is a ``sync.schema.records.ConflictRecord``. For a report the fields are the report's
    (findings, impression, tumour, notes; from the server copy's ``worker_result``); for a status change the
    status; otherwise every field of the local change."""
    local = dict(conflict.local_payload or {})
    server = dict(conflict.server_copy or {})
    if conflict.kind == "report":
        wr = server.get("worker_result") or {}
        keys = [k for k in REPORT_FIELDS if k in local or k in wr] or list(REPORT_FIELDS[:2])
        if local.get("sign"):
            keys.append("sign")
        theirs = dict(wr)
        theirs["sign"] = bool(wr.get("_confirmed"))
        return _fields_text(local, keys), _fields_text(theirs, keys)
    if conflict.kind == "status":
        keys = ["status"] + (["reason"] if "reason" in local else [])
        return _fields_text(local, keys), _fields_text(server, keys)
    keys = list(local) or list(server)
    return _fields_text(local, keys), _fields_text(server, keys)


def conflict_title(conflict) -> str:
    """A short line for the list: ``#12 report · order 7 · v3``."""
    version = (conflict.server_copy or {}).get("version")
    v = f" · v{version}" if version is not None else ""
    return f"#{conflict.id} {conflict.kind} · order {conflict.entity_id}{v}"
