"""Progress and result of an import (plain data; the CLI prints it, the GUI shows it)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProgress:
    phase: str  # "scanning", "importing", "done", "cancelled"
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    elapsed_s: float
    current: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.bytes_done / 1e6 / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def files_per_s(self) -> float:
        return self.files_done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the current byte rate; ``None`` until there is a rate."""
        if self.bytes_done <= 0 or self.elapsed_s <= 0:
            return None
        return max(0.0, (self.bytes_total - self.bytes_done) / (self.bytes_done / self.elapsed_s))

    @property
    def fraction(self) -> float:
        return self.files_done / self.files_total if self.files_total else 1.0


@dataclass(frozen=True)
class FileProblem:
    file: str
    reason: str
    sop_instance_uid: str = ""


@dataclass
class ImportReport:
    files_total: int = 0
    imported: int = 0
    duplicates: int = 0
    unchanged_skipped: int = 0  # of the duplicates: files imported before and unchanged, not read again
    not_dicom: int = 0
    failed: list[FileProblem] = field(default_factory=list)  # corrupt / unreadable: not stored
    quarantined: list[FileProblem] = field(default_factory=list)  # same UID, different content
    missing: list[str] = field(default_factory=list)  # listed in a DICOMDIR, absent from the medium
    cancelled: bool = False
    bytes_read: int = 0
    elapsed_s: float = 0.0
    stored_sop_uids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing failed, conflicted or was missing (and the import ran to its end)."""
        return not (self.failed or self.quarantined or self.missing or self.cancelled)

    @property
    def instances_per_s(self) -> float:
        done = self.imported + self.duplicates
        return done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def summary_lines(self) -> list[str]:
        lines = [f"imported:           {self.imported}",
                 f"duplicates:         {self.duplicates}",
                 f"non-DICOM skipped:  {self.not_dicom}",
                 f"quarantined:        {len(self.quarantined)}",
                 f"failed:             {len(self.failed)}",
                 f"missing on medium:  {len(self.missing)}"]
        if self.unchanged_skipped:
            lines.append(f"  ({self.unchanged_skipped} of the duplicates unchanged since they were imported: not read)")
        if self.cancelled:
            lines.append("CANCELLED before the end: run the same import again to finish it")
        rate = f"{self.bytes_read / 1e6 / self.elapsed_s:.1f} MB/s" if self.elapsed_s > 0 else ""
        lines.append(f"time:               {self.elapsed_s:.1f} s, {self.files_total} files {rate}")
        return lines
