"""Errors of the reading workflow. Each carries a message meant for the user (no traceback needed)."""
from __future__ import annotations


class ReadingError(Exception):
    """Base of every refusal of the reading workflow."""


class OrderNotFound(ReadingError, LookupError):
    pass


class ReportLocked(ReadingError):
    """The report is signed: it can no longer change, only gain an addendum."""


class LoginFailed(ReadingError):
    pass
