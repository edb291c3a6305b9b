"""What the archive says about one offered instance (plain data, no Qt, no database)."""
from __future__ import annotations

from dataclasses import dataclass

STORED = "stored"
DUPLICATE = "duplicate"
QUARANTINED = "quarantined"
FAILED = "failed"
NOT_DICOM = "not_dicom"
STATUSES = (STORED, DUPLICATE, QUARANTINED, FAILED, NOT_DICOM)


@dataclass(frozen=True)
class IngestOutcome:
    """Result of offering one instance to the archive.

    ``status``: ``"stored"`` (new, durable on disk and in the database), ``"duplicate"`` (same SOP
    Instance UID and same content already stored: nothing done), ``"quarantined"`` (same UID, different
    content: the new copy was put in ``quarantine/``, the stored one is untouched), ``"failed"`` (corrupt
    or unreadable; ``reason`` says why), ``"not_dicom"`` (not a DICOM instance: skipped).
    """

    status: str
    sop_instance_uid: str = ""
    reason: str = ""
    source: str = ""
    path: str = ""  # absolute path of the stored (or quarantined) file, when there is one

    @property
    def ok(self) -> bool:
        return self.status in (STORED, DUPLICATE)
