"""Import of folders, zips and DICOMDIR media into the local archive (no Qt).

``ImportJob(archive, paths, progress=None, cancel=None).run() -> ImportReport``
"""
from .job import ImportJob, run_import
from .report import FileProblem, ImportProgress, ImportReport
from viewer.io.sources import SourceItem, SourceListing, list_sources  # the one byte-source module

__all__ = ["ImportJob", "run_import", "ImportProgress", "ImportReport", "FileProblem", "SourceItem",
           "SourceListing", "list_sources"]
