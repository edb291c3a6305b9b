"""Write a label map on a source series as a DICOM SEG (highdicom, BINARY): an edited version of an AI
SEG (it references the original SEG instance and keeps its segment names, colours and algorithm), or a
mask made by hand (a threshold mask, labelled as such). No Qt.

The label map lies on the source series' grid (``[k, j, i]`` of the series' ``Volume``, whose
``sop_instance_uids[k]`` name each slice's file), so frame k of the SEG is built from the header of the
file of slice k: nothing relies on instance numbers or file order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
from pydicom.sr.codedict import codes

MANUFACTURER = "Brain Tumor CDSS"
SOFTWARE = "cdss-workstation ai_review"


class SegWriteError(ValueError):
    """The label map cannot be written as a SEG of that series (message says why)."""


@dataclass(frozen=True)
class SegmentSpec:
    number: int
    label: str
    color: tuple[int, int, int] | None = None  # sRGB 0..255
    algorithm: str = ""  # "name version" of the model that made it ("" = manual)


def source_headers(files, volume) -> list[pydicom.Dataset]:
    """The headers of ``volume``'s files in its slice order (``sop_instance_uids[k]``)."""
    by_uid = {}
    for f in files:
        ds = pydicom.dcmread(str(f), stop_before_pixels=True)
        by_uid[str(ds.SOPInstanceUID)] = ds
    missing = [u for u in volume.sop_instance_uids if u not in by_uid]
    if missing or len(volume.sop_instance_uids) != volume.frame(0).shape[0]:
        raise SegWriteError("the source series' files do not match its slices one to one (a resampled or "
                            "multi-frame series): a SEG cannot be written on it")
    return [by_uid[u] for u in volume.sop_instance_uids]


#: type 2 attributes highdicom copies from the source (they may be missing from third-party files)
_TYPE2 = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyID", "AccessionNumber",
          "ReferringPhysicianName", "StudyDate", "StudyTime")


def _complete(ds: pydicom.Dataset) -> pydicom.Dataset:
    """A copy with the type 2 patient/study attributes present (empty when the source has none)."""
    missing = [k for k in _TYPE2 if k not in ds]
    if not missing:
        return ds
    ds = ds.copy()
    for k in missing:
        setattr(ds, k, "")
    return ds


def _algorithm(text: str):
    import highdicom as hd

    name, _, version = text.rpartition(" ") if " " in text else (text, "", "1")
    return hd.AlgorithmIdentificationSequence(name=(name or text)[:64], version=(version or "1")[:64],
                                              family=codes.cid7162.ArtificialIntelligence, source=MANUFACTURER)


def _description(spec: SegmentSpec):
    import highdicom as hd
    from highdicom.color import CIELabColor

    algo = hd.seg.SegmentAlgorithmTypeValues
    kw = dict(segment_number=spec.number, segment_label=spec.label[:64] or f"segment {spec.number}",
              segmented_property_category=codes.SCT.MorphologicallyAbnormalStructure,
              segmented_property_type=codes.SCT.Neoplasm)
    if spec.color is not None:
        kw["display_color"] = CIELabColor.from_rgb(*[int(c) for c in spec.color])
    if spec.algorithm:
        # an AI segment edited by hand is SEMIAUTOMATIC; highdicom wants the algorithm named for it
        return hd.seg.SegmentDescription(algorithm_type=algo.SEMIAUTOMATIC,
                                         algorithm_identification=_algorithm(spec.algorithm), **kw)
    return hd.seg.SegmentDescription(algorithm_type=algo.MANUAL, **kw)


def write_label_seg(labels_kji: np.ndarray, headers: list, segments: list[SegmentSpec], path: Path, *,
                    series_description: str, content_label: str = "EDITED", series_number: int = 903,
                    derived_from: pydicom.Dataset | None = None, creator: str = "") -> Path:
    """A BINARY SEG of ``labels_kji`` (voxel = segment number) on the series of ``headers`` (slice order).
    ``derived_from``: the SEG this one is an edited version of (referenced in
    ReferencedInstanceSequence/SourceImageSequence of the new one's header, and in its description)."""
    import highdicom as hd

    labels = np.asarray(labels_kji)
    if labels.ndim != 3 or labels.shape[0] != len(headers):
        raise SegWriteError(f"label map {labels.shape} does not fit {len(headers)} source slices")
    if (labels.shape[1], labels.shape[2]) != (int(headers[0].Rows), int(headers[0].Columns)):
        raise SegWriteError("label map rows/columns differ from the source images'")
    numbers = sorted(s.number for s in segments)
    present = set(np.unique(labels).tolist()) - {0}
    if not present <= set(numbers):
        raise SegWriteError(f"labels {sorted(present - set(numbers))} have no segment description")
    seg = hd.seg.Segmentation(
        source_images=[_complete(h) for h in headers], pixel_array=labels.astype(np.uint8 if max(numbers) < 256 else np.uint16),
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=[_description(s) for s in sorted(segments, key=lambda s: s.number)],
        series_instance_uid=hd.UID(), series_number=series_number, sop_instance_uid=hd.UID(), instance_number=1,
        manufacturer=MANUFACTURER, manufacturer_model_name="ai_review", software_versions=SOFTWARE,
        device_serial_number="0", omit_empty_frames=False, series_description=series_description[:64],
        content_label=content_label[:16].upper().replace(" ", "_"),
        content_creator_name=(creator if "^" in creator else f"{creator}^") if creator else None)
    if derived_from is not None:
        ref = pydicom.Dataset()
        ref.ReferencedSOPClassUID = derived_from.SOPClassUID
        ref.ReferencedSOPInstanceUID = derived_from.SOPInstanceUID
        seg.ReferencedInstanceSequence = [ref]  # the SEG this version was edited from
        seg.ContentDescription = f"edited from {derived_from.SOPInstanceUID}"[:64]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    seg.save_as(str(path))
    return Path(path)


def derived_from_uid(path: str | Path) -> str:
    """The SOP Instance UID of the SEG a version was edited from ("" for an original)."""
    ds = pydicom.dcmread(str(path), stop_before_pixels=True)
    for item in ds.get("ReferencedInstanceSequence", []):
        if str(item.get("ReferencedSOPClassUID", "")) == "1.2.840.10008.5.1.4.1.1.66.4":
            return str(item.ReferencedSOPInstanceUID)
    return ""


def write_probability_seg(prob_kji: np.ndarray, headers: list, spec: SegmentSpec, path: Path, *,
                          series_description: str, series_number: int = 904) -> Path:
    """A FRACTIONAL (PROBABILITY) SEG of one segment, values 0..1 on the series of ``headers``."""
    import highdicom as hd

    prob = np.clip(np.asarray(prob_kji, dtype=np.float32), 0.0, 1.0)
    if prob.ndim != 3 or prob.shape[0] != len(headers):
        raise SegWriteError(f"probability map {prob.shape} does not fit {len(headers)} source slices")
    seg = hd.seg.Segmentation(
        source_images=[_complete(h) for h in headers], pixel_array=prob,
        segmentation_type=hd.seg.SegmentationTypeValues.FRACTIONAL, segment_descriptions=[_description(spec)],
        series_instance_uid=hd.UID(), series_number=series_number, sop_instance_uid=hd.UID(), instance_number=1,
        manufacturer=MANUFACTURER, manufacturer_model_name="ai_review", software_versions=SOFTWARE,
        device_serial_number="0", fractional_type=hd.seg.SegmentationFractionalTypeValues.PROBABILITY,
        max_fractional_value=255, omit_empty_frames=False, series_description=series_description[:64],
        content_label="PROBABILITY")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    seg.save_as(str(path))
    return Path(path)
