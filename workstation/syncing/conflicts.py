"""The one conflict model of the workstation's sync (no Qt).

A conflict is a change the CDSS refused as stale (``sync.schema.records.ConflictRecord``, kept by the client's
outbox beside the server's copy). The user settles it with one of two choices, ``MINE`` (send my version on top
of the server's) or ``THEIRS`` (keep the server's; nothing is sent). When the reading store is bridged the same
choice settles the order's copy there too (``SyncBridge.resolve_conflict`` with ``reading_keep(choice)``).
Here also: a conflict's two versions as text side by side, and its one-line title.
"""
from __future__ import annotations

import json
from typing import Any

REPORT_FIELDS = ("findings", "impression", "tumor", "work_notes")
MINE, THEIRS = "mine", "theirs"
CHOICES = (MINE, THEIRS)
#: the kinds of outbox change that belong to a CDSS order (and so to an order of the reading store)
ORDER_KINDS = ("status", "report", "measurement")
#: what the entity of the other kinds is (an AI review is on an AI result, a run's outcome on its request)
ENTITY_NAMES = {"ai_review": "AI result", "ai_result": "AI request", "ai_request": "patient"}


def check_choice(choice: str) -> str:
    if choice not in CHOICES:
        raise ValueError(f"a conflict is settled with {' or '.join(CHOICES)}, not {choice!r}")
    return choice


def reading_keep(choice: str) -> str:
    """The reading repository's word for ``choice``: ``"local"`` (mine) or ``"remote"`` (theirs)."""
    return "local" if check_choice(choice) == MINE else "remote"


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
    status; for an AI review the decision and comment (and who reviewed on the server); otherwise every field
    of the local change."""
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
    if conflict.kind == "ai_review":  # the server's result says it as review_status / review_comment (/ reviewer)
        theirs = {"decision": server.get("review_status"), "comment": server.get("review_comment"),
                  "reviewer": server.get("reviewer")}
        return _fields_text(local, ["decision", "comment"]), _fields_text(theirs, ["decision", "comment", "reviewer"])
    keys = list(local) or list(server)
    return _fields_text(local, keys), _fields_text(server, keys)


def conflict_title(conflict) -> str:
    """A short line for the list: ``#12 report · order 7 · v3`` (``#13 ai_review · AI result 2 · v2``)."""
    version = (conflict.server_copy or {}).get("version")
    v = f" · v{version}" if version is not None else ""
    return f"#{conflict.id} {conflict.kind} · {ENTITY_NAMES.get(conflict.kind, 'order')} {conflict.entity_id}{v}"
