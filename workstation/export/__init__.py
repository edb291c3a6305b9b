"""Export from the archive: folder with DICOMDIR or zip, optionally de-identified (PS3.15 basic profile)."""
from .deidentify import UidMap, deidentify
from .exporter import ExportError, ExportReport, export

__all__ = ["export", "ExportReport", "ExportError", "deidentify", "UidMap"]
