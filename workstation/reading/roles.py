"""Roles and what each may do. Enforced by ``ReadingService`` (the logic layer), not by hiding buttons.

RIS (technologist and radiologist): every clinical action, writes and signs reports.
DOCTOR: images and full reports, no writing or signing.
NURSE: the worklist and the report summary only (impression and status).
SYSTEMMANAGER: users, settings and the audit log; no clinical content.
"""
from __future__ import annotations

from enum import StrEnum

from workstation.reading.errors import ReadingError


class Role(StrEnum):
    RIS = "RIS"
    DOCTOR = "DOCTOR"
    NURSE = "NURSE"
    SYSTEMMANAGER = "SYSTEMMANAGER"


class Action(StrEnum):
    VIEW_WORKLIST = "view_worklist"
    VIEW_IMAGES = "view_images"
    VIEW_REPORT = "view_report"            # the full report: findings, impression, tumour, notes
    VIEW_REPORT_SUMMARY = "view_report_summary"  # impression and status only
    WRITE_REPORT = "write_report"
    SIGN_REPORT = "sign_report"
    CHANGE_ORDER_STATUS = "change_order_status"
    EXPORT_REPORT = "export_report"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"


class PermissionDenied(ReadingError, PermissionError):
    """The logged-in user's role does not allow the action."""


_CLINICAL_READ = {Action.VIEW_WORKLIST, Action.VIEW_IMAGES, Action.VIEW_REPORT, Action.VIEW_REPORT_SUMMARY,
                  Action.EXPORT_REPORT}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.RIS: frozenset(_CLINICAL_READ | {Action.WRITE_REPORT, Action.SIGN_REPORT, Action.CHANGE_ORDER_STATUS}),
    Role.DOCTOR: frozenset(_CLINICAL_READ),
    Role.NURSE: frozenset({Action.VIEW_WORKLIST, Action.VIEW_REPORT_SUMMARY}),
    Role.SYSTEMMANAGER: frozenset({Action.MANAGE_USERS, Action.MANAGE_SETTINGS, Action.VIEW_AUDIT,
                                   Action.EXPORT_AUDIT}),
}


def parse_role(value: str | Role) -> Role:
    try:
        return Role(str(value).upper())
    except ValueError:
        raise ValueError(f"unknown role {value!r} (expected one of {', '.join(r.value for r in Role)})") from None


def allowed(role: str | Role, action: Action) -> bool:
    return action in PERMISSIONS[parse_role(role)]


def require(role: str | Role, action: Action, who: str = "") -> None:
    """Raise ``PermissionDenied`` with a readable message unless ``role`` may do ``action``."""
    if not allowed(role, action):
        user = f"{who} ({role})" if who else str(role)
        raise PermissionDenied(f"{user} may not {action.value.replace('_', ' ')}")
