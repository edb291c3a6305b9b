"""Export a study or series from the archive to a folder with a DICOMDIR (pydicom ``FileSet``) or to a
zip of the same layout, optionally de-identified (``deidentify``). No Qt; progress and cancel like the
importer. The folder layout is the one pydicom writes for media: ``DICOMDIR`` + ``PTxxxxxx/STxxxxxx/...``
with upper-case 8.3 names, readable by any CD viewer.
"""
from __future__ import annotations

import io
import shutil
import tempfile
import threading
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pydicom
from pydicom.fileset import FileSet

from workstation.archive import Archive
from workstation.db.database import LocalDatabase

from .deidentify import UidMap, deidentify, has_burned_in


class ExportError(RuntimeError):
    """Nothing to export, or the destination is not usable; ``str(exc)`` says why."""


@dataclass
class ExportReport:
    destination: Path
    exported: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (SOP Instance UID, reason)
    notes: list[str] = field(default_factory=list)  # e.g. placeholders the DICOMDIR required
    #: de-identified export: instances left out because their pixels carry burned-in annotation
    refused: list[tuple[str, str]] = field(default_factory=list)  # (SOP Instance UID, reason)
    deidentified: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled and not self.refused


#: attributes the DICOMDIR's PATIENT/STUDY/SERIES/IMAGE records require (PS3.3 F.5), with the
#: placeholder used when an instance lacks them; the exported copy gets the placeholder, and it is noted
RECORD_REQUIRED = {"PatientID": "UNKNOWN", "StudyDate": "19000101", "StudyTime": "000000", "StudyID": "1",
                   "SeriesNumber": "0", "InstanceNumber": "0", "Modality": "OT"}


def _fill_record_keys(ds) -> list[str]:
    filled = []
    for keyword, placeholder in RECORD_REQUIRED.items():
        if ds.get(keyword) in (None, ""):
            setattr(ds, keyword, placeholder)
            filled.append(keyword)
    return filled


def _instances(archive: Archive, study_uid: str | None, series_uid: str | None) -> list:
    if series_uid:
        return archive.instances(series_uid)
    if study_uid:
        return [i for s in archive.series(study_uid) for i in archive.instances(s.series_instance_uid)]
    raise ExportError("give a study or a series to export")


def export(archive: Archive, destination: Path, study_uid: str | None = None, series_uid: str | None = None,
           as_zip: bool = False, deidentify_profile: bool = False,
           progress: Callable[[int, int], None] | None = None,
           cancel: threading.Event | None = None, include_burned_in: bool = False) -> ExportReport:
    """Export to ``destination`` (a new or empty folder, or a ``.zip`` path when ``as_zip``).

    De-identified (``deidentify_profile``): an instance flagged ``BurnedInAnnotation = YES`` is left out
    and listed in ``report.refused`` (its pixels may show the patient's name), unless ``include_burned_in``,
    which exports it with a warning in ``report.notes``.

    Runs on the caller's thread; ``progress(done, total)`` is called per instance.
    """
    destination = Path(destination)
    records = _instances(archive, study_uid, series_uid)
    if not records:
        raise ExportError(f"nothing in the archive for {'series ' + series_uid if series_uid else 'study ' + str(study_uid)}")
    if as_zip:
        if destination.exists():
            raise ExportError(f"{destination} exists already")
    elif destination.exists() and any(destination.iterdir()):
        raise ExportError(f"{destination} is not empty")
    report = ExportReport(destination, deidentified=deidentify_profile)
    uid_map = UidMap(LocalDatabase.of_archive(archive).engine) if deidentify_profile else None
    fs = FileSet()
    fs.ID = "CDSS_EXPORT"
    burned_in = 0
    for n, rec in enumerate(records, 1):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        try:
            ds = pydicom.dcmread(io.BytesIO(archive.store.absolute(rec.stored_path).read_bytes()))
            if uid_map is not None:
                if has_burned_in(ds):
                    if not include_burned_in:
                        report.refused.append((rec.sop_instance_uid, "BurnedInAnnotation is YES: the pixels may "
                                                                     "identify the patient"))
                        if progress:
                            progress(n, len(records))
                        continue
                    burned_in += 1
                deidentify(ds, uid_map)
            filled = _fill_record_keys(ds)
            if filled:
                note = f"empty {', '.join(filled)} given a placeholder (the DICOMDIR requires them)"
                if note not in report.notes:
                    report.notes.append(note)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fs.add(ds)
            report.exported += 1
        except Exception as exc:  # one odd instance must not sink the export; it is reported
            report.failed.append((rec.sop_instance_uid, f"{type(exc).__name__}: {exc}"[:300]))
        if progress:
            progress(n, len(records))
    if burned_in:
        report.notes.append(f"WARNING: {burned_in} instance(s) with burned-in annotation included as asked: their "
                            f"pixels may still show the patient's name or other identifying text")
    if report.cancelled or not report.exported:
        return report
    if uid_map is not None:
        uid_map.flush()  # the mapping is kept before any de-identified file is written
    if as_zip:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
            fs.write(tmp)
            part = destination.with_name(destination.name + ".part")
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
                for f in sorted(Path(tmp).rglob("*")):
                    if f.is_file():
                        zf.write(f, f.relative_to(tmp).as_posix())
            part.replace(destination)
    else:
        destination.mkdir(parents=True, exist_ok=True)
        fs.write(destination)
    return report


def remove_partial(destination: Path) -> None:
    """Clean up a failed folder export (used by the CLI after an error)."""
    shutil.rmtree(destination, ignore_errors=True)
