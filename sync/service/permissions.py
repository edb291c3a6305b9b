"""Who may do what, in one table (the routes and the tests both read it).

- DOCTOR sees patients, orders, image metadata and the full report; requests, records and reviews AI runs; may
  cancel orders and run TREATMENT/CONSULT orders; records measurements.
- RIS sees everything, writes reports, moves and confirms RIS orders, requests, records and reviews AI runs.
- LIS sees and moves (and confirms) LIS orders only; no imaging or AI.
- NURSE sees patients and the report summary only (status + impression).
- SYSTEMMANAGER administers: reads everything, changes roles (revoking the user's tokens) and reads the
  workstations' audit-chain heads; changes no clinical data.
- Everyone refreshes and revokes their own token and reports their workstation's audit-chain head.
"""
from __future__ import annotations

ALL = ("DOCTOR", "RIS", "LIS", "NURSE", "SYSTEMMANAGER")

ENDPOINT_ROLES: dict[str, tuple[str, ...]] = {
    "me": ALL,
    "refresh_token": ALL,
    "logout": ALL,
    "change_role": ("SYSTEMMANAGER",),
    "disable_user": ("SYSTEMMANAGER",),
    "report_audit_head": ALL,
    "last_audit_head": ALL,
    "list_audit_heads": ("SYSTEMMANAGER",),
    "list_patients": ALL,
    "get_patient": ALL,
    "list_orders": ALL,
    "get_order": ALL,
    "order_history": ("DOCTOR", "RIS", "LIS", "SYSTEMMANAGER"),
    "change_status": ("DOCTOR", "RIS", "LIS"),
    "update_report": ("RIS",),
    "add_measurement": ("DOCTOR", "RIS"),
    "list_studies": ("DOCTOR", "RIS", "NURSE", "SYSTEMMANAGER"),
    "get_study": ("DOCTOR", "RIS", "NURSE", "SYSTEMMANAGER"),
    "list_ai_models": ("DOCTOR", "RIS", "SYSTEMMANAGER"),
    "available_ai_models": ("DOCTOR", "RIS", "SYSTEMMANAGER"),
    "list_ai_requests": ("DOCTOR", "RIS", "SYSTEMMANAGER"),
    "request_ai_run": ("DOCTOR", "RIS"),
    "get_ai_result": ("DOCTOR", "RIS", "SYSTEMMANAGER"),
    "review_ai_result": ("DOCTOR", "RIS"),
    "record_ai_result": ("DOCTOR", "RIS"),
    "list_ai_results": ("DOCTOR", "RIS", "SYSTEMMANAGER"),
}

#: roles that get the summary projection (status + impression) instead of the full report
SUMMARY_ONLY = frozenset({"NURSE"})

#: departments whose orders a role may see (None: all)
VISIBLE_JOB_ROLES: dict[str, tuple[str, ...] | None] = {"LIS": ("LIS",)}


def may_see_order(role: str, job_role: str) -> bool:
    visible = VISIBLE_JOB_ROLES.get(role)
    return visible is None or job_role in visible


def may_transition(role: str, job_role: str, new_status: str) -> bool:
    """Department staff run their own orders (and only they confirm); doctors cancel any order and run
    TREATMENT/CONSULT orders."""
    if role in ("RIS", "LIS"):
        return job_role == role
    if role == "DOCTOR":
        return new_status == "CANCELLED" or (job_role in ("TREATMENT", "CONSULT") and new_status != "CONFIRMED")
    return False
