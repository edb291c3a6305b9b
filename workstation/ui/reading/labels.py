"""Translated words for the reading workflow's values (statuses, priorities, tumour fields)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


_tr = QCoreApplication.translate


def reading_status(value: str) -> str:
    return {"unread": _tr("ReadingLabels", "Unread"), "draft": _tr("ReadingLabels", "Draft"), "signed": _tr("ReadingLabels", "Signed")}.get(str(value), str(value))


def order_status(value: str) -> str:
    return {"ORDERED": _tr("ReadingLabels", "Ordered"), "ACCEPTED": _tr("ReadingLabels", "Accepted"), "IN_PROGRESS": _tr("ReadingLabels", "In progress"),
            "RESULT_READY": _tr("ReadingLabels", "Result ready"), "CONFIRMED": _tr("ReadingLabels", "Confirmed"),
            "CANCELLED": _tr("ReadingLabels", "Cancelled")}.get(str(value), str(value))


def priority(value: str) -> str:
    return {"ROUTINE": _tr("ReadingLabels", "Routine"), "URGENT": _tr("ReadingLabels", "Urgent"), "STAT": _tr("ReadingLabels", "STAT")}.get(str(value), str(value))


def tumor_field(key: str) -> str:
    return {"location": _tr("ReadingLabels", "Location"), "size_mm": _tr("ReadingLabels", "Size (mm)"), "enhancement": _tr("ReadingLabels", "Enhancement"),
            "necrosis": _tr("ReadingLabels", "Necrosis"), "oedema": _tr("ReadingLabels", "Oedema"), "mass_effect": _tr("ReadingLabels", "Mass effect"),
            "midline_shift_mm": _tr("ReadingLabels", "Midline shift (mm)"), "haemorrhage": _tr("ReadingLabels", "Haemorrhage"),
            "multiplicity": _tr("ReadingLabels", "Multiplicity")}.get(key, key)


def sex(value: str) -> str:
    return {"M": _tr("ReadingLabels", "M"), "F": _tr("ReadingLabels", "F"), "O": _tr("ReadingLabels", "O")}.get(value, value or "—")


def role(value: str) -> str:
    return {"RIS": _tr("ReadingLabels", "Radiology (RIS)"), "DOCTOR": _tr("ReadingLabels", "Doctor"), "NURSE": _tr("ReadingLabels", "Nurse"),
            "SYSTEMMANAGER": _tr("ReadingLabels", "System manager")}.get(str(value), str(value))
