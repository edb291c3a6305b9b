"""The measurement model: a :class:`Measurement` is a kind, its LPS points, the normal of the plane it was
drawn on, what it refers to (series, frame of reference, the images' SOP Instance UIDs) and its computed
values. Plain dataclass, serialisable to JSON (``to_dict``/``from_dict``).

Kinds and their points (LPS mm):

========== ======================== ==============================================================
kind       points                   values
========== ======================== ==============================================================
length     a, b                     ``length_mm``
angle      a, vertex, b             ``angle_deg``
ellipse    a0, a1, b0, b1 (axes)    ``area_mm2`` (+ ``mean``, ``sd``, ``min``, ``max`` on a volume)
polygon    n >= 3 vertices          ``area_mm2``, ``perimeter_mm`` (+ statistics)
point      p                        — (``label`` is its text)
arrow      tip, tail                — (``label`` is its text)
bidim.     L0, L1, S0, S1           ``long_mm``, ``short_mm``, ``product_mm2`` (RANO)
========== ======================== ==============================================================
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from viewer.measure import plane_math as pm
from viewer.measure.bidimensional import Bidimensional
from viewer.measure.roi_stats import region_stats

KINDS = ("length", "angle", "ellipse", "polygon", "point", "arrow", "bidimensional")
POINT_COUNTS = {"length": 2, "angle": 3, "ellipse": 4, "point": 1, "arrow": 2, "bidimensional": 4}
#: unit of each value key (statistics take the volume's unit: "HU" for CT, else "" = the pixel value)
UNITS = {"length_mm": "mm", "angle_deg": "deg", "area_mm2": "mm2", "perimeter_mm": "mm", "long_mm": "mm",
         "short_mm": "mm", "product_mm2": "mm2", "volume_ml": "mL"}
STAT_KEYS = ("mean", "sd", "min", "max")


@dataclass
class Measurement:
    kind: str
    points: list[list[float]]  # LPS mm
    normal: list[float]  # unit normal (LPS) of the plane it was drawn on
    label: str = ""  # a point's/arrow's text, or a name shown next to it
    lesion: str = ""  # the tracked lesion it measures ("" = none)
    study_uid: str = ""
    series_uid: str = ""
    frame_of_reference_uid: str = ""
    references: list[str] = field(default_factory=list)  # SOP Instance UIDs of the images it lies on
    values: dict[str, float] = field(default_factory=dict)
    value_unit: str = ""  # unit of the statistics: "HU" for CT
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown measurement kind {self.kind!r}; expected one of {KINDS}")
        p = pm.as_points(self.points)
        want = POINT_COUNTS.get(self.kind)
        if want is not None and len(p) != want:
            raise ValueError(f"a {self.kind} needs {want} points, got {len(p)}")
        if self.kind == "polygon" and len(p) < 3:
            raise ValueError("a polygon needs at least 3 points")
        n = np.asarray(self.normal, float).reshape(3)
        if np.linalg.norm(n) < 1e-9:
            raise ValueError("the drawing plane's normal must not be zero")
        self.points = p.tolist()
        self.normal = (n / np.linalg.norm(n)).tolist()

    # ---- geometry ----------------------------------------------------------------------------
    @property
    def lps(self) -> np.ndarray:
        return np.asarray(self.points, float)

    @property
    def plane(self):
        """The drawing plane through the points' centroid."""
        return pm.drawing_plane(self.lps, self.normal)

    def outline_uv(self, plane=None) -> np.ndarray:
        """In-plane outline of an ellipse or polygon ROI."""
        plane = plane or self.plane
        if self.kind == "ellipse":
            return pm.ellipse_outline_uv(plane, self.lps)
        return pm.to_uv(plane, self.lps)

    def visible_on(self, plane, half_thickness_mm: float) -> bool:
        """True when every point lies within ``half_thickness_mm`` of ``plane`` (a ``Plane``): the
        measurement shows in each viewport whose plane contains it, whatever that viewport's orientation."""
        d = np.abs(plane.signed_distance(self.lps))
        return bool(np.all(d <= half_thickness_mm + 1e-6))

    # ---- values ------------------------------------------------------------------------------
    def computed(self, volume=None) -> "Measurement":
        """A copy with ``values`` computed from the points (and the ROI statistics from ``volume``)."""
        p = self.lps
        values: dict[str, float] = {}
        unit = self.value_unit
        if self.kind == "length":
            values["length_mm"] = pm.length(p[0], p[1])
        elif self.kind == "angle":
            values["angle_deg"] = pm.angle(p[0], p[1], p[2])
        elif self.kind == "bidimensional":
            b = Bidimensional.from_points(p, self.normal)
            values.update(long_mm=max(b.long_mm, b.short_mm), short_mm=min(b.long_mm, b.short_mm),
                          product_mm2=b.product_mm2)
        elif self.kind in ("ellipse", "polygon"):
            plane = self.plane
            outline = self.outline_uv(plane)
            if self.kind == "ellipse":
                _, _, a, b = pm.ellipse_axes(p)
                values["area_mm2"] = float(np.pi * a * b)
            else:
                values["area_mm2"] = pm.polygon_area_uv(outline)
                values["perimeter_mm"] = pm.polygon_perimeter_uv(outline)
            if volume is not None:
                stats = region_stats(volume, plane, outline, values["area_mm2"])
                values.update({k: getattr(stats, k) for k in STAT_KEYS})
                unit = "HU" if getattr(volume, "modality", "") == "CT" else ""
        return replace(self, values=values, value_unit=unit, points=self.points, normal=self.normal)

    def references_in(self, volume) -> list[str]:
        """SOP Instance UIDs of the volume's slices the measurement's points fall on (nearest slice)."""
        uids = list(getattr(volume, "sop_instance_uids", []) or [])
        if not uids:
            return []
        k = np.rint(volume.world_to_index(self.lps)[:, 2]).astype(int)
        k = np.clip(k, 0, len(uids) - 1)
        lo, hi = int(k.min()), int(k.max())
        return [uids[i] for i in range(lo, hi + 1) if uids[i]]

    def unit_of(self, key: str) -> str:
        return self.value_unit if key in STAT_KEYS else UNITS.get(key, "")

    # ---- JSON --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "points": self.points, "normal": self.normal,
                "label": self.label, "lesion": self.lesion, "study_uid": self.study_uid,
                "series_uid": self.series_uid, "frame_of_reference_uid": self.frame_of_reference_uid,
                "references": list(self.references), "values": dict(self.values), "value_unit": self.value_unit}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Measurement":
        known = {"id", "kind", "points", "normal", "label", "lesion", "study_uid", "series_uid",
                 "frame_of_reference_uid", "references", "values", "value_unit"}
        kw = {k: v for k, v in d.items() if k in known}
        kw["values"] = {str(k): float(v) for k, v in (kw.get("values") or {}).items()}
        kw["references"] = [str(r) for r in kw.get("references") or []]
        return cls(**kw)


def measure(kind: str, points, normal, volume=None, **fields: Any) -> Measurement:
    """A new measurement with its values (and, given the volume it was drawn on, the statistics, the
    series, the frame of reference and the referenced images)."""
    if kind == "bidimensional":
        points = Bidimensional.from_points(points, normal).points
    m = Measurement(kind, np.asarray(points, float).tolist(), list(np.asarray(normal, float)), **fields)
    if volume is not None:
        m.series_uid = m.series_uid or getattr(volume, "series_instance_uid", "")
        m.study_uid = m.study_uid or getattr(volume, "study_instance_uid", "")
        m.frame_of_reference_uid = m.frame_of_reference_uid or getattr(volume, "frame_of_reference_uid", "")
        m.references = m.references or m.references_in(volume)
    return m.computed(volume)
