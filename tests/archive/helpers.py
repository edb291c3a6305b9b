"""Test helpers for the archive: independent expectations computed with pydicom, fresh-UID copies."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pydicom
from pydicom.uid import generate_uid

DIRECTORY_CLASS = "1.2.840.10008.1.3.10"


def dicom_files(folder: Path) -> dict[Path, str]:
    """``{file: SOP Instance UID}`` for every file pydicom reads as a DICOM instance (not DICOMDIR)."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            try:
                ds = pydicom.dcmread(p, stop_before_pixels=True)
            except Exception:
                continue
            if ds.file_meta.get("MediaStorageSOPClassUID") == DIRECTORY_CLASS or "SOPInstanceUID" not in ds:
                continue
            out[p] = str(ds.SOPInstanceUID)
    return out


def all_files(folder: Path) -> list[Path]:
    return [Path(r) / n for r, _d, fs in os.walk(folder) for n in fs]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dicomdir_records(dicomdir: Path) -> tuple[list[Path], list[Path]]:
    """(present, missing) files referenced by IMAGE-level records of a DICOMDIR, read with pydicom."""
    ds = pydicom.dcmread(dicomdir)
    present, missing = [], []
    for rec in ds.DirectoryRecordSequence:
        if "ReferencedFileID" not in rec or rec.DirectoryRecordType in ("PATIENT", "STUDY", "SERIES"):
            continue
        fid = rec.ReferencedFileID
        parts = [fid] if isinstance(fid, str) else list(fid)
        p = dicomdir.parent.joinpath(*parts)
        (present if p.is_file() else missing).append(p)
    return present, missing


def copy_with_fresh_uids(sources: list[Path], dest: Path, copies: int = 1, prefix: str = "") -> list[Path]:
    """Write ``copies`` copies of each source with new Study/Series/SOP UIDs (consistent per copy and
    original study/series), as real DICOM files in ``dest``. Returns the written paths."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    maps: dict[tuple[int, str], str] = {}

    def new(copy: int, uid: str) -> str:
        key = (copy, uid)
        if key not in maps:
            maps[key] = generate_uid()
        return maps[key]

    for i, src in enumerate(sources):
        ds = pydicom.dcmread(src)
        orig = (str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID), str(ds.SOPInstanceUID))
        for c in range(copies):
            ds.StudyInstanceUID = new(c, orig[0])
            ds.SeriesInstanceUID = new(c, orig[1])
            ds.SOPInstanceUID = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            out = dest / f"{prefix}{c:03d}_{i:05d}.dcm"
            ds.save_as(out, enforce_file_format=True)
            written.append(out)
    return written
