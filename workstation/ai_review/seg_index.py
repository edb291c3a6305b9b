"""Which archive series are SEGs and which series each one overlays. No Qt.

A SEG names its source series in ReferencedSeriesSequence (and per frame in its derivation images);
reading that takes the header only (no pixel data).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pydicom

SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"


@dataclass(frozen=True)
class SegRef:
    """A SEG instance of the archive and what it lies on."""

    path: Path
    sop_instance_uid: str
    series_instance_uid: str
    study_instance_uid: str
    source_series_uids: tuple[str, ...]
    frame_of_reference_uid: str
    segmentation_type: str  # BINARY / FRACTIONAL
    series_description: str
    content_label: str
    series_date: str
    derived_from: str = ""  # SOP Instance UID of the SEG this one is an edited version of


def seg_ref(path: str | Path) -> SegRef | None:
    """The header facts of one SEG file (None when it is not a SEG). May run on a worker thread."""
    try:
        ds = pydicom.dcmread(str(path), stop_before_pixels=True)
    except Exception:  # noqa: BLE001 - not a DICOM file: not a SEG
        return None
    if str(ds.get("SOPClassUID", "")) != SEG_SOP_CLASS:
        return None
    sources = [str(it.SeriesInstanceUID) for it in ds.get("ReferencedSeriesSequence", []) if "SeriesInstanceUID" in it]
    if not sources:  # older SEGs name their sources per frame only
        for fr in ds.get("PerFrameFunctionalGroupsSequence", [])[:1]:
            for der in fr.get("DerivationImageSequence", []):
                for src in der.get("SourceImageSequence", []):
                    if "ReferencedSeriesInstanceUID" in src:
                        sources.append(str(src.ReferencedSeriesInstanceUID))
    derived = ""
    for item in ds.get("ReferencedInstanceSequence", []):
        if str(item.get("ReferencedSOPClassUID", "")) == SEG_SOP_CLASS:
            derived = str(item.ReferencedSOPInstanceUID)
    return SegRef(path=Path(path), sop_instance_uid=str(ds.SOPInstanceUID),
                  series_instance_uid=str(ds.get("SeriesInstanceUID", "")),
                  study_instance_uid=str(ds.get("StudyInstanceUID", "")),
                  source_series_uids=tuple(dict.fromkeys(sources)),
                  frame_of_reference_uid=str(ds.get("FrameOfReferenceUID", "")),
                  segmentation_type=str(ds.get("SegmentationType", "")),
                  series_description=str(ds.get("SeriesDescription", "") or ""),
                  content_label=str(ds.get("ContentLabel", "") or ""),
                  series_date=str(ds.get("SeriesDate", "") or ds.get("ContentDate", "") or ""),
                  derived_from=derived)


def is_seg_series(archive, series_uid: str) -> bool:
    """Does the archive hold ``series_uid`` as SEG instances?"""
    return any(i.sop_class_uid == SEG_SOP_CLASS for i in archive.instances(series_uid))


def study_segs(archive, study_uid: str) -> list[SegRef]:
    """Every SEG instance of a study in the archive. May run on a worker thread."""
    out = []
    for s in archive.series(study_uid):
        if s.modality != "SEG":
            continue
        for f in archive.series_files(s.series_instance_uid):
            ref = seg_ref(f)
            if ref is not None:
                out.append(ref)
    return out


def series_segs(archive, series_uid: str) -> list[SegRef]:
    """The SEG instances of one archive series."""
    return [r for r in (seg_ref(f) for f in archive.series_files(series_uid)) if r is not None]
