"""What the window shows of the sync, without Qt: the parts of the status-bar line (the Qt label translates
each, same parts and order as ``SyncState.summary()``) and the saved token as the settings page shows it."""
from __future__ import annotations


def mask_token(token: str) -> str:
    """What the settings page shows of a saved token: never the token itself."""
    return "•" * 8 if token else ""


def status_parts(state) -> list[tuple[str, object]]:
    """``SyncState`` → ``[(key, value), …]``; keys: ``online``/``offline``, ``waiting`` (n), ``conflicts`` (n),
    ``refused`` (n), ``last_sync`` (``"HH:MM"``, UTC) or ``never_synced``, ``error`` (first part of the last
    error, only while offline)."""
    parts: list[tuple[str, object]] = [("online" if state.online else "offline", None)]
    if state.pending:
        parts.append(("waiting", state.pending))
    if state.conflicts:
        parts.append(("conflicts", state.conflicts))
    if state.failed:
        parts.append(("refused", state.failed))
    if state.last_success:
        parts.append(("last_sync", f"{state.last_success:%H:%M}"))
    else:
        parts.append(("never_synced", None))
    if not state.online and state.last_error:
        parts.append(("error", state.last_error.split(":")[0]))
    return parts


def needs_attention(state) -> bool:
    """Offline or with conflicts to resolve (the label turns red)."""
    return not state.online or bool(state.conflicts)
