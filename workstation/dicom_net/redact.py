"""Keep credentials out of logs: a ``logging.Filter`` that masks passwords in every record.

Masks values registered with ``register_secret`` (node passwords are registered when loaded), plus
``password=...``-style pairs, ``user:password@`` in URLs and HTTP ``Authorization`` headers.
"""
from __future__ import annotations

import logging
import re
import threading

MASK = "***"
_secrets: set[str] = set()
_lock = threading.Lock()
_PATTERNS = (
    (re.compile(r"(?i)\b(password|passwd|pwd|secret|token)(\s*[=:]\s*)('[^']*'|\"[^\"]*\"|[^\s,;&)]+)"),
     lambda m: f"{m.group(1)}{m.group(2)}{MASK}"),
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)([^@\s/]+)(@)"),
     lambda m: f"{m.group(1)}{MASK}{m.group(3)}"),
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(basic|bearer)\s+)([A-Za-z0-9+/=._-]+)"),
     lambda m: f"{m.group(1)}{MASK}"),
)


def register_secret(value: str) -> None:
    """Mask ``value`` wherever it appears in a log record from now on (ignores very short values)."""
    if value and len(value) >= 3:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every known secret and credential pattern replaced by ``***``."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for s in secrets:
        text = text.replace(s, MASK)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (args merged in) with ``redact``; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error path
            return True
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(logger: logging.Logger | None = None) -> RedactingFilter:
    """Attach one ``RedactingFilter`` to every handler of ``logger`` (root by default) and to the logger."""
    logger = logger or logging.getLogger()
    flt = next((f for f in logger.filters if isinstance(f, RedactingFilter)), None) or RedactingFilter()
    if flt not in logger.filters:
        logger.addFilter(flt)
    for handler in logger.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
