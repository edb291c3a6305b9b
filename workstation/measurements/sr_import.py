"""DICOM SR → measurements. Two readings:

* :func:`dump` walks any SR's content tree (TID 1500 or not, ours or a third party's) and lists every
  numeric item: its name, value, unit and the SOP Instance UIDs referenced in its measurement group (the
  images, the segmentation it was measured on). What ``cdss-workstation sr dump`` prints.
* :func:`load` reads a TID 1500 report with highdicom into :class:`Measurement` objects that the viewer
  draws: planar groups with a SCOORD3D region (LPS, any plane) or an image SCOORD (pixel coordinates on one
  image, put in the patient through that image's position and orientation when the caller has its header),
  and volumetric groups (a segment's volume) as values without a shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom

from viewer.measure.measurement import Measurement
from workstation.measurements.sr_codes import ARROW, LESION, UNIT_FACTORS, id_of, value_key


@dataclass
class SrValue:
    name: str
    value: float
    unit: str
    references: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "unit": self.unit, "references": self.references}


def _referenced_uids(item) -> list[str]:
    out: list[str] = []

    def walk(ds):
        if not isinstance(ds, pydicom.Dataset):  # a sequence of items (a highdicom template is one)
            for sub in ds:
                walk(sub)
            return
        for elem in ds:
            if elem.tag == 0x00081155 and elem.value:  # ReferencedSOPInstanceUID
                out.append(str(elem.value))
            elif elem.VR == "SQ":
                for sub in elem.value:
                    walk(sub)
    walk(item)
    return list(dict.fromkeys(out))


#: the image library (TID 1600) describes the images (rows, columns…): not measurements
IMAGE_LIBRARY = ("111028", "126200")


def _concept(item) -> str:
    seq = item.get("ConceptNameCodeSequence")
    return str(seq[0].CodeValue) if seq else ""


def _modifiers(num) -> str:
    """`` (Mean)`` for a number with a derivation (or other concept modifier) child, else ``""``."""
    mods = [str(c.ConceptCodeSequence[0].CodeMeaning) for c in num.get("ContentSequence", [])
            if c.get("ValueType") == "CODE" and c.get("RelationshipType") == "HAS CONCEPT MOD"
            and "ConceptCodeSequence" in c]
    return f" ({', '.join(mods)})" if mods else ""


def dump(path) -> list[SrValue]:
    """Every numeric measurement of the SR at ``path`` (raises ``ValueError`` when it is not an SR)."""
    ds = pydicom.dcmread(str(path))
    if ds.get("Modality") != "SR" or "ContentSequence" not in ds:
        raise ValueError(f"{path} is not a DICOM structured report")
    out: list[SrValue] = []

    def walk(container):
        items = list(container.get("ContentSequence", []))
        nums = [i for i in items if i.get("ValueType") == "NUM"]
        if nums:  # this container is a measurement group: its references apply to each of its numbers
            group_refs = _referenced_uids(container)
            for n in nums:
                mv = n.get("MeasuredValueSequence")
                if not mv:
                    continue
                name = n.ConceptNameCodeSequence[0].CodeMeaning if "ConceptNameCodeSequence" in n else ""
                units = mv[0].get("MeasurementUnitsCodeSequence")
                unit = str(units[0].CodeValue) if units else ""
                out.append(SrValue(str(name) + _modifiers(n), float(mv[0].NumericValue), unit, group_refs))
        for i in items:
            if i.get("ValueType") == "CONTAINER" and _concept(i) not in IMAGE_LIBRARY:
                walk(i)
    walk(ds)
    return out


def _image_region_to_lps(graphic: np.ndarray, header) -> np.ndarray:
    """Pixel (column, row) coordinates of an image SCOORD (pixel centre at +0.5) to LPS mm."""
    ipp = np.asarray(header.ImagePositionPatient, float)
    iop = np.asarray(header.ImageOrientationPatient, float)
    dr, dc = (float(x) for x in header.PixelSpacing)  # row spacing, column spacing
    col = graphic[:, 0] - 0.5
    row = graphic[:, 1] - 0.5
    return ipp + np.outer(col * dc, iop[:3]) + np.outer(row * dr, iop[3:])


def load(path, headers: dict[str, pydicom.Dataset] | None = None) -> list[Measurement]:
    """The planar measurements of a TID 1500 SR as :class:`Measurement` objects (values as stored, in mm,
    mm² and degrees). ``headers``: SOP Instance UID → image header, to place image-referenced (2D)
    regions in the patient; without it such a region is skipped (its values still come with ``dump``)."""
    import highdicom as hd

    sr = hd.sr.srread(str(path))
    study = str(sr.StudyInstanceUID)
    out = []
    for g in sr.content.get_planar_roi_measurement_groups():
        roi = g.roi
        if roi is None:
            continue
        graphic_type = str(roi.GraphicType)
        data = np.asarray(roi.value, float)
        refs = _referenced_uids(g)
        image_normal = None
        if roi.ValueType == "SCOORD3D":
            pts = data.reshape(-1, 3)
            frame = str(roi.ReferencedFrameOfReferenceUID)
        else:
            src = refs[0] if refs else ""
            header = (headers or {}).get(src)
            if header is None:
                continue
            uv = data.reshape(-1, 2)
            if graphic_type == "CIRCLE" and len(uv) == 2:  # centre, a point on the circle -> two axes
                r = uv[1] - uv[0]
                p = np.array([-r[1], r[0]])
                uv, graphic_type = np.array([uv[0] - r, uv[0] + r, uv[0] - p, uv[0] + p]), "ELLIPSE"
            pts = _image_region_to_lps(uv, header)
            iop = np.asarray(header.ImageOrientationPatient, float)
            image_normal = np.cross(iop[:3], iop[3:])
            frame = str(header.get("FrameOfReferenceUID", ""))
        values, unit = {}, ""
        for m in g.get_measurements():
            key = value_key(m.name)
            if key is None:
                continue
            u = m.unit.value if m.unit else ""
            values[key] = float(m.value) * UNIT_FACTORS.get(u, 1.0)
            if key in ("mean", "sd", "min", "max"):
                unit = "HU" if u == "[hnsf'U]" else ""
        kind, pts = _kind_of(graphic_type, pts, values, g)
        if kind is None:
            continue
        out.append(_measurement(kind, pts, g, study, frame, values, unit, image_normal))
    for g in sr.content.get_image_measurement_groups():
        long_axis, short_axis = _axis_coordinates(g, "long_mm"), _axis_coordinates(g, "short_mm")
        if long_axis is None or short_axis is None:
            continue
        pts = np.vstack([long_axis, short_axis])
        values = {k: float(m.value) * UNIT_FACTORS.get(m.unit.value if m.unit else "", 1.0)
                  for m in g.get_measurements() if (k := value_key(m.name)) in ("long_mm", "short_mm")}
        values["product_mm2"] = values["long_mm"] * values["short_mm"]
        frame = str(g.get_measurements()[0].referenced_coordinates[0].ReferencedFrameOfReferenceUID)
        out.append(_measurement("bidimensional", pts, g, study, frame, values, ""))
    return out


def _measurement(kind, pts, g, study, frame, values, unit, normal=None) -> Measurement:
    text = str(g.tracking_identifier or "")
    if text == kind:  # our export names an unlabelled measurement by its kind
        text = ""
    is_lesion = g.finding_type is not None and g.finding_type.value == LESION.value
    mid = id_of(str(g.tracking_uid)) if g.tracking_uid else None
    normal = _normal(pts) if normal is None else normal
    return Measurement(kind=kind, points=pts.tolist(), normal=list(normal),
                       label="" if is_lesion else text, lesion=text if is_lesion else "", study_uid=study,
                       frame_of_reference_uid=frame, references=list(dict.fromkeys(_referenced_uids(g))),
                       values=values, value_unit=unit, **({"id": mid} if mid else {}))


def _axis_coordinates(group, key: str) -> np.ndarray | None:
    """The SCOORD3D line a measurement (``key``) of the group was made on, ``(2, 3)`` LPS."""
    for m in group.get_measurements():
        if value_key(m.name) == key and m.referenced_coordinates:
            pts = np.asarray(m.referenced_coordinates[0].value, float).reshape(-1, 3)
            if len(pts) == 2:
                return pts
    return None


def _kind_of(graphic_type: str, pts: np.ndarray, values: dict, group) -> tuple[str | None, np.ndarray]:
    if graphic_type == "ELLIPSE" and len(pts) == 4:
        return "ellipse", pts
    if graphic_type == "POLYGON" or (graphic_type == "POLYLINE" and len(pts) > 3):
        if len(pts) > 1 and np.allclose(pts[0], pts[-1]):
            pts = pts[:-1]
        return ("polygon", pts) if len(pts) >= 3 else (None, pts)
    if graphic_type == "POINT":
        return "point", pts[:1]
    if graphic_type == "POLYLINE" and len(pts) == 3:
        return "angle", pts
    if graphic_type == "POLYLINE" and len(pts) == 2:
        method = getattr(group, "method", None)
        return ("arrow" if method is not None and method.value == ARROW.value else "length"), pts
    return None, pts


def _normal(pts: np.ndarray) -> np.ndarray:
    """The plane normal of the points (the axial normal when they do not span a plane)."""
    c = pts - pts.mean(axis=0)
    if len(pts) >= 3:
        _, s, vt = np.linalg.svd(c, full_matrices=False)
        if len(s) >= 2 and s[1] > 1e-6 and (len(s) < 3 or s[2] < 1e-3 * s[0]):
            return vt[-1]
    if len(pts) == 2 and np.linalg.norm(c[0]) > 1e-9:
        d = pts[1] - pts[0]
        for axis in (np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0])):
            n = axis - np.dot(axis, d) / np.dot(d, d) * d
            if np.linalg.norm(n) > 1e-6:
                return n / np.linalg.norm(n)
    return np.array([0.0, 0.0, 1.0])


def is_sr(path: Path) -> bool:
    try:
        ds = pydicom.dcmread(str(path), stop_before_pixels=True, specific_tags=["Modality"])
    except Exception:
        return False
    return ds.get("Modality") == "SR"
