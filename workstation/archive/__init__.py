"""The local DICOM archive: SQLAlchemy index + managed file store (no Qt).

Public API::

    from workstation.archive import Archive, IngestOutcome
    with Archive.open(archive_dir=None, database_url=None) as archive:
        outcome = archive.ingest_file(path)          # .status in STATUSES, .sop_instance_uid, .reason
        archive.studies(); archive.series(study_uid); archive.series_files(series_uid)
"""
from .api import Archive, ArchiveError
from .outcome import DUPLICATE, FAILED, NOT_DICOM, QUARANTINED, STATUSES, STORED, IngestOutcome
from .queries import InstanceRecord, PatientRecord, SeriesRecord, StudyRecord

__all__ = ["Archive", "ArchiveError", "IngestOutcome", "STATUSES", "STORED", "DUPLICATE", "QUARANTINED",
           "FAILED", "NOT_DICOM", "PatientRecord", "StudyRecord", "SeriesRecord", "InstanceRecord"]
