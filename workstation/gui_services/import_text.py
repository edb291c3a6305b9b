"""Figures the import dialog shows, from ``ImportProgress`` / ``ImportReport`` (no Qt; the widget
translates the labels)."""
from __future__ import annotations

import math
from dataclasses import dataclass

MAX_LISTED = 200  # problems listed in the report dialog (the rest are counted)


def format_duration(seconds: float | None) -> str:
    """``"1:05"``, ``"1:02:03"``, or ``"–"`` when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


@dataclass(frozen=True)
class ProgressFigures:
    phase: str
    files_done: int
    files_total: int
    mb_per_s: float
    eta: str  # formatted
    percent: int  # 0..100


def progress_figures(p) -> ProgressFigures:
    """``p``: an ``ImportProgress``."""
    percent = int(round(100 * p.fraction)) if p.files_total or p.bytes_total else 0
    return ProgressFigures(p.phase, p.files_done, p.files_total, p.mb_per_s, format_duration(p.eta_s),
                           max(0, min(100, percent)))


#: report rows in display order: key → attribute (counts) or list attribute (len)
REPORT_ROWS = ("imported", "duplicates", "not_dicom", "quarantined", "failed", "missing")


def report_counts(report) -> dict[str, int]:
    """The counts of an ``ImportReport`` by row key (``REPORT_ROWS``)."""
    return {"imported": report.imported, "duplicates": report.duplicates, "not_dicom": report.not_dicom,
            "quarantined": len(report.quarantined), "failed": len(report.failed), "missing": len(report.missing)}


def report_problems(report, limit: int = MAX_LISTED) -> list[tuple[str, str, str]]:
    """``(kind, file, reason)`` for each failed / quarantined file and each file a DICOMDIR lists but the
    medium lacks (reason empty), at most ``limit``."""
    rows = [("failed", p.file, p.reason) for p in report.failed]
    rows += [("quarantined", p.file, p.reason) for p in report.quarantined]
    rows += [("missing", m, "") for m in report.missing]
    return rows[:limit]
