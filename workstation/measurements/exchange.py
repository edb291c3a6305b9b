"""The archive's measurements as DICOM: ``export_study`` writes a study's measurements as one TID 1500 SR
and its key images as one Key Object Selection document; ``import_sr`` stores an SR's measurements (ours or a
third party's) in the measurement table so the viewer shows them. No Qt; may run on a worker thread."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pydicom

from workstation.measurements.store import MeasurementStore


class ExportError(ValueError):
    """Nothing to export, or the referenced images are not in the archive."""


@dataclass
class ExportResult:
    sr: Path | None = None
    kos: Path | None = None
    measurements: int = 0
    key_images: int = 0
    skipped: list[str] = field(default_factory=list)  # measurements left out, with the reason


def _headers(archive, uids) -> dict[str, pydicom.Dataset]:
    out = {}
    for uid in dict.fromkeys(uids):
        ds = archive.read_dataset(uid, stop_before_pixels=True)
        if ds is not None:
            out[uid] = ds
    return out


def export_study(archive, store: MeasurementStore, study_uid: str, out_dir: Path, author: str = "") -> ExportResult:
    """Write ``SR_<study>.dcm`` (the measurements) and ``KO_<study>.dcm`` (the key images) into ``out_dir``.
    A measurement whose images are not in the archive, or that has no frame of reference, is left out
    (named in ``skipped``); no measurement and no key image at all is an ``ExportError``."""
    from workstation.measurements.sr_export import key_object_selection, measurement_sr

    measurements = store.list(study_uid=study_uid)
    keys = store.key_images(study_uid)
    if not measurements and not keys:
        raise ExportError(f"study {study_uid} has no measurements and no key images")
    headers = _headers(archive, [u for m in measurements for u in m.references] + keys)
    result = ExportResult()
    ok = []
    for m in measurements:
        missing = [u for u in m.references if u not in headers]
        if not m.references or missing:
            result.skipped.append(f"{m.kind} {m.lesion or m.label or m.id}: referenced images not in the archive")
        elif not m.frame_of_reference_uid:
            result.skipped.append(f"{m.kind} {m.lesion or m.label or m.id}: no frame of reference")
        else:
            ok.append(m)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if ok:
        evidence = [headers[u] for u in dict.fromkeys(u for m in ok for u in m.references)]
        sr = measurement_sr(ok, evidence, author=author)
        result.sr = out_dir / f"SR_{study_uid}.dcm"
        sr.save_as(result.sr, enforce_file_format=True)
        result.measurements = len(ok)
    key_headers = [headers[u] for u in keys if u in headers]
    if key_headers:
        ko = key_object_selection(key_headers, "Key images")
        result.kos = out_dir / f"KO_{study_uid}.dcm"
        ko.save_as(result.kos, enforce_file_format=True)
        result.key_images = len(key_headers)
    if result.sr is None and result.kos is None:
        raise ExportError("; ".join(result.skipped) or "nothing to export")
    return result


def import_sr(path: Path, store: MeasurementStore, archive=None, patient_id: str = "") -> int:
    """Store the planar measurements of the SR at ``path``; image-referenced (2D) regions are placed with the
    referenced images' headers from ``archive``. Returns how many were stored (the same measurement
    imported twice is updated, not duplicated)."""
    from workstation.measurements.sr_import import load

    ds = pydicom.dcmread(str(path), stop_before_pixels=True)
    refs = []
    for item in ds.get("CurrentRequestedProcedureEvidenceSequence", []):
        for series in item.get("ReferencedSeriesSequence", []):
            refs += [str(r.ReferencedSOPInstanceUID) for r in series.get("ReferencedSOPSequence", [])]
    headers = _headers(archive, refs) if archive is not None else {}
    measurements = load(path, headers)
    for m in measurements:
        if not m.series_uid and m.references and m.references[0] in headers:
            m.series_uid = str(headers[m.references[0]].get("SeriesInstanceUID", ""))
        store.save(m, patient_id or str(ds.get("PatientID", "")), author="sr import")
    return len(measurements)
