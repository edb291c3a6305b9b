"""Turn offered bytes into a checked, ready-to-store instance (header parsed once, content hashed)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID

from .header import CorruptDicomError, InstanceHeader, NotDicomError, looks_like_dicom, parse_header
from .outcome import FAILED, NOT_DICOM, IngestOutcome
from .store import FileStore, content_hash
from .validate import Truncated, image_problem, inflate_problem, size_problem, uid_problem


@dataclass
class PreparedInstance:
    header: InstanceHeader
    data: bytes
    sha256: str | None  # None until ``ensure_hash()`` (the receiver hashes off its critical path)
    source: str
    #: why this instance must not be stored as valid (``validate``): it goes to quarantine with this reason
    problem: str | None = None

    def ensure_hash(self) -> str:
        """The content hash, computed on first use. Thread-safe (every thread computes the same value)."""
        if self.sha256 is None:
            self.sha256 = content_hash(self.data)
        return self.sha256

    @property
    def relative_path(self) -> str:
        h = self.header
        return FileStore.relative_path(h.study_instance_uid, h.series_instance_uid, h.sop_instance_uid)


def dataset_to_bytes(ds: Dataset) -> bytes:
    """Encode a dataset as a DICOM Part 10 file (adds file meta when it lacks some)."""
    meta = getattr(ds, "file_meta", None)
    if meta is None or "TransferSyntaxUID" not in meta:
        meta = FileMetaDataset(meta or {})
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
    meta.MediaStorageSOPClassUID = ds.get("SOPClassUID", meta.get("MediaStorageSOPClassUID", ""))
    meta.MediaStorageSOPInstanceUID = ds.get("SOPInstanceUID", meta.get("MediaStorageSOPInstanceUID", ""))
    if "ImplementationClassUID" not in meta:
        meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    out = io.BytesIO()
    pydicom.dcmwrite(out, ds, enforce_file_format=True)
    return out.getvalue()


def _to_part10(data: bytes) -> bytes:
    """A file without preamble/file meta, re-encoded as a Part 10 file (deterministic)."""
    ds = pydicom.dcmread(io.BytesIO(data), force=True)
    return dataset_to_bytes(ds)


def prepare(data: bytes, source: str = "", hash_now: bool = True,
            limit: int | None = None) -> PreparedInstance | IngestOutcome:
    """Parse and check ``data``; a ``PreparedInstance`` to store (or, with ``problem`` set, to keep in
    quarantine), or the outcome that ends it (``not_dicom`` / ``failed`` with the reason).
    ``hash_now=False``: leave the content hash to ``ensure_hash()``. ``limit``: the per-instance limit
    in bytes (default ``validate``'s). Pure CPU work: call it from any thread."""
    too_big = size_problem(len(data), limit)
    if too_big:
        return IngestOutcome(FAILED, reason=too_big, source=source)
    try:
        if looks_like_dicom(data) and data[128:132] != b"DICM":  # a bare data set: give it file meta
            data = _to_part10(data)
        if looks_like_dicom(data):
            bomb = inflate_problem(data, limit)  # before anything inflates it whole
            if bomb:
                return IngestOutcome(FAILED, reason=bomb, source=source)
        header = parse_header(data)
    except NotDicomError as exc:
        return IngestOutcome(NOT_DICOM, reason=str(exc), source=source)
    except (CorruptDicomError, Truncated) as exc:
        return IngestOutcome(FAILED, reason=str(exc), source=source)
    except Exception as exc:  # re-encoding a broken file: report, never crash
        return IngestOutcome(FAILED, reason=f"cannot re-encode: {type(exc).__name__}: {exc}"[:300], source=source)
    problem = next(filter(None, (uid_problem(name, getattr(header, attr)) for name, attr in _UIDS)), None)
    if problem is None:
        try:
            problem = image_problem(data, limit)
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is a reason to refuse
            problem = f"cannot check the image attributes: {type(exc).__name__}: {exc}"[:300]
    return PreparedInstance(header=header, data=data, sha256=content_hash(data) if hash_now else None,
                            source=source, problem=problem)


_UIDS = (("StudyInstanceUID", "study_instance_uid"), ("SeriesInstanceUID", "series_instance_uid"),
         ("SOPInstanceUID", "sop_instance_uid"), ("SOPClassUID", "sop_class_uid"))
