"""Translated words for the reading workflow's values (statuses, priorities, tumour fields)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("ReadingLabels", text)


def reading_status(value: str) -> str:
    return {"unread": _t("Unread"), "draft": _t("Draft"), "signed": _t("Signed")}.get(str(value), str(value))


def order_status(value: str) -> str:
    return {"ORDERED": _t("Ordered"), "ACCEPTED": _t("Accepted"), "IN_PROGRESS": _t("In progress"),
            "RESULT_READY": _t("Result ready"), "CONFIRMED": _t("Confirmed"),
            "CANCELLED": _t("Cancelled")}.get(str(value), str(value))


def priority(value: str) -> str:
    return {"ROUTINE": _t("Routine"), "URGENT": _t("Urgent"), "STAT": _t("STAT")}.get(str(value), str(value))


def tumor_field(key: str) -> str:
    return {"location": _t("Location"), "size_mm": _t("Size (mm)"), "enhancement": _t("Enhancement"),
            "necrosis": _t("Necrosis"), "oedema": _t("Oedema"), "mass_effect": _t("Mass effect"),
            "midline_shift_mm": _t("Midline shift (mm)"), "haemorrhage": _t("Haemorrhage"),
            "multiplicity": _t("Multiplicity")}.get(key, key)


def sex(value: str) -> str:
    return {"M": _t("M"), "F": _t("F"), "O": _t("O")}.get(value, value or "—")


def role(value: str) -> str:
    return {"RIS": _t("Radiology (RIS)"), "DOCTOR": _t("Doctor"), "NURSE": _t("Nurse"),
            "SYSTEMMANAGER": _t("System manager")}.get(str(value), str(value))
