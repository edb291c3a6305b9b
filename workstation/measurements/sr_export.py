"""Measurements → DICOM SR (TID 1500 Measurement Report, Comprehensive 3D SR) and key images → Key Object
Selection, written with highdicom.

Each measurement is one "Planar ROI measurements" group (TID 1410): its region a SCOORD3D in the frame of
reference of the images it was drawn on (LPS mm, so native, oblique and MPR planes all fit), its tracking
identifier the lesion's name (finding: Lesion) or the annotation's text, its tracking UID made from the
measurement's id, and each value a numeric item referencing the images it lies on (their SOP Instance
UIDs). A RANO bidimensional is a "Measurement group" (TID 1501, as OHIF writes a bidirectional): the long
and the short axis each a measurement inferred from its own SCOORD3D line (L0–L1, S0–S1), the group
referencing its source images. A point or an arrow (no value to hang an image reference on) lying on one
image is an image SCOORD on that image instead, so its reference travels too."""
from __future__ import annotations

import numpy as np
import pydicom
from pydicom.uid import generate_uid

import highdicom as hd
from highdicom.sr import (CoordinatesForMeasurement3D, ImageRegion, ImageRegion3D, Measurement as SrMeasurement,
                          MeasurementReport, MeasurementsAndQualitativeEvaluations, ObservationContext,
                          ObserverContext, SourceImageForMeasurementGroup, SourceImageForRegion,
                          PersonObserverIdentifyingAttributes, PlanarROIMeasurementsAndQualitativeEvaluations,
                          SourceImageForMeasurement, TrackingIdentifier)
from pydicom.sr.codedict import codes

from viewer.measure.measurement import Measurement
from workstation.measurements.sr_codes import (ARROW, GRAPHIC_TYPES, HU, LESION, NO_UNITS, VALUE_CODES, uid_of)

MANUFACTURER = "Brain Tumor CDSS workstation"
ON_IMAGE_MM = 0.01  # a point this close to an image's plane lies on that image


def _procedure(evidence):
    modality = str(evidence[0].get("Modality", ""))
    return codes.LN.HeadCT if modality == "CT" else codes.LN.BrainMRI


def _image_region(m: Measurement, header) -> ImageRegion | None:
    """A point or an arrow lying on one image as an image SCOORD (pixel column, row; centres at +0.5)
    referencing that image, or None when it does not lie in the image's plane."""
    try:
        ipp = np.asarray(header.ImagePositionPatient, float)
        iop = np.asarray(header.ImageOrientationPatient, float)
        dr, dc = (float(x) for x in header.PixelSpacing)
    except (AttributeError, TypeError, ValueError):
        return None
    d = np.asarray(m.points, float) - ipp
    normal = np.cross(iop[:3], iop[3:])
    if np.abs(d @ normal).max() > ON_IMAGE_MM:  # drawn on an MPR or between slices: SCOORD3D
        return None
    pixels = np.stack([d @ iop[:3] / dc + 0.5, d @ iop[3:] / dr + 0.5], axis=-1)
    return ImageRegion("POINT" if m.kind == "point" else "POLYLINE", pixels,
                       SourceImageForRegion(str(header.SOPClassUID), str(header.SOPInstanceUID)))


def _region(m: Measurement, headers: dict | None = None):
    if m.kind in ("point", "arrow") and len(m.references) == 1 and m.references[0] in (headers or {}):
        region = _image_region(m, headers[m.references[0]])
        if region is not None:  # on one image: its reference travels with it
            return region
    pts = np.asarray(m.points, dtype=float)
    if m.kind == "polygon":
        pts = np.vstack([pts, pts[:1]])  # a POLYGON is closed: last point = first
    return ImageRegion3D(GRAPHIC_TYPES[m.kind], pts, m.frame_of_reference_uid)


def _group(m: Measurement, sop_classes: dict[str, str], headers: dict | None = None):
    if not m.frame_of_reference_uid:
        raise ValueError(f"measurement {m.id} has no frame of reference: it cannot be placed in an SR")
    refs = [SourceImageForMeasurement(sop_classes[u], u) for u in m.references if u in sop_classes]
    pts = np.asarray(m.points, float)
    items = []
    for key, value in m.values.items():
        if key not in VALUE_CODES or not np.isfinite(value):
            continue
        name, unit = VALUE_CODES[key]
        if unit is None:
            unit = HU if m.value_unit == "HU" else NO_UNITS
        coords = None
        if m.kind == "bidimensional" and key in ("long_mm", "short_mm"):
            ends = pts[0:2] if key == "long_mm" else pts[2:4]
            coords = [CoordinatesForMeasurement3D("POLYLINE", ends, m.frame_of_reference_uid)]
        items.append(SrMeasurement(name=name, value=float(value), unit=unit, referenced_images=refs or None,
                                   referenced_coordinates=coords))
    text = m.lesion or m.label or m.kind
    tracking = TrackingIdentifier(uid=uid_of(m.id), identifier=text[:64])
    if m.kind == "bidimensional":
        sources = [SourceImageForMeasurementGroup(sop_classes[u], u) for u in m.references if u in sop_classes]
        return MeasurementsAndQualitativeEvaluations(
            tracking_identifier=tracking, finding_type=LESION if m.lesion else None,
            measurements=[i for i in items if i.name.value in (codes.SCT.LongAxis.value, codes.SCT.ShortAxis.value)],
            source_images=sources or None)
    return PlanarROIMeasurementsAndQualitativeEvaluations(
        tracking_identifier=tracking,
        referenced_region=_region(m, headers),
        finding_type=LESION if m.lesion else None,
        method=ARROW if m.kind == "arrow" else None,
        measurements=items or None)


def _person_name(author: str) -> str:
    """A DICOM person name: ``Kim Minji`` → ``Kim Minji^`` (one component, made explicit)."""
    author = (author or "Reader").strip()
    return author if "^" in author else author + "^"


def measurement_sr(measurements: list[Measurement], evidence: list[pydicom.Dataset], author: str = "",
                   series_number: int = 901, instance_number: int = 1) -> hd.sr.Comprehensive3DSR:
    """A TID 1500 report of ``measurements``. ``evidence``: the referenced images' datasets (headers are
    enough), all of one study; the SR takes its patient and study from them."""
    if not evidence:
        raise ValueError("an SR needs the images it refers to (evidence)")
    sop_classes = {str(ds.SOPInstanceUID): str(ds.SOPClassUID) for ds in evidence}
    headers = {str(ds.SOPInstanceUID): ds for ds in evidence}
    groups = [_group(m, sop_classes, headers) for m in measurements]
    person = ObserverContext(observer_type=codes.DCM.Person,
                             observer_identifying_attributes=PersonObserverIdentifyingAttributes(
                                 name=_person_name(author)))
    report = MeasurementReport(observation_context=ObservationContext(observer_person_context=person),
                               procedure_reported=_procedure(evidence), imaging_measurements=groups or None)
    return hd.sr.Comprehensive3DSR(
        evidence=evidence, content=report[0], series_instance_uid=generate_uid(), series_number=series_number,
        sop_instance_uid=generate_uid(), instance_number=instance_number, manufacturer=MANUFACTURER,
        series_description="Measurements", is_complete=True)


def key_object_selection(key_images: list[pydicom.Dataset], description: str = "",
                         series_number: int = 902) -> hd.ko.KeyObjectSelectionDocument:
    """A Key Object Selection document ("Of Interest") referencing ``key_images`` (datasets, one study)."""
    if not key_images:
        raise ValueError("a Key Object Selection needs at least one key image")
    content = hd.ko.KeyObjectSelection(document_title=codes.DCM.OfInterest, referenced_objects=key_images,
                                       description=description or None)
    return hd.ko.KeyObjectSelectionDocument(
        evidence=key_images, content=content, series_instance_uid=generate_uid(), series_number=series_number,
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer=MANUFACTURER)
