"""The codes and graphic types measurements are written with in a TID 1500 report, and back."""
from __future__ import annotations

import uuid

from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

#: value key -> (concept name, UCUM unit); statistics take the volume's unit (HU for CT, else no units)
VALUE_CODES: dict[str, tuple[Code, Code | None]] = {
    "length_mm": (codes.SCT.Length, codes.UCUM.Millimeter),
    "angle_deg": (codes.SCT.Angle, codes.UCUM.Degree),
    "area_mm2": (codes.SCT.Area, codes.UCUM.SquareMillimeter),
    "perimeter_mm": (Code("131191004", "SCT", "Perimeter"), codes.UCUM.Millimeter),
    "long_mm": (codes.SCT.LongAxis, codes.UCUM.Millimeter),
    "short_mm": (codes.SCT.ShortAxis, codes.UCUM.Millimeter),
    "mean": (codes.SCT.Mean, None),
    "sd": (codes.SCT.StandardDeviation, None),
    "min": (codes.SCT.Minimum, None),
    "max": (codes.SCT.Maximum, None),
}
#: concept code value -> value key (reading back; Diameter is read as a length)
KEY_OF_CODE = {code.value: key for key, (code, _) in VALUE_CODES.items()}
KEY_OF_CODE[codes.SCT.Diameter.value] = "length_mm"
KEY_OF_CODE[codes.DCM.Angle.value] = "angle_deg"
KEY_OF_CODE[codes.DCM.AreaOfDefinedRegion.value] = "area_mm2"
KEY_OF_CODE[codes.SCT.AreaOfDefinedRegion.value] = "area_mm2"
#: by meaning (legacy SRT codes such as G-A16A "Area of defined region", other schemes)
KEY_OF_MEANING = {code.meaning.lower(): key for key, (code, _) in VALUE_CODES.items()}
KEY_OF_MEANING.update({"diameter": "length_mm", "area of defined region": "area_mm2"})


def value_key(concept) -> str | None:
    """Our value key of an SR measurement's concept name (by code, then by meaning)."""
    return KEY_OF_CODE.get(str(concept.value)) or KEY_OF_MEANING.get(str(concept.meaning).lower())


#: UCUM unit -> factor to the unit of our value keys (mm, mm2, deg)
UNIT_FACTORS = {"mm": 1.0, "cm": 10.0, "um": 1e-3, "mm2": 1.0, "cm2": 100.0, "deg": 1.0}
HU = codes.UCUM.HounsfieldUnit
NO_UNITS = codes.UCUM.NoUnits

#: kind -> SCOORD3D graphic type of the measurement's region
GRAPHIC_TYPES = {"length": "POLYLINE", "angle": "POLYLINE", "ellipse": "ELLIPSE", "polygon": "POLYGON",
                 "point": "POINT", "arrow": "POLYLINE", "bidimensional": "POLYLINE"}
#: the finding of a measurement that tracks a lesion (its tracking identifier is the lesion's name)
LESION = codes.SCT.Lesion
ARROW = Code("111099", "DCM", "Selected region")  # method of an arrow: an arrow, not a length


def uid_of(measurement_id: str) -> str:
    """A DICOM UID (2.25 form) for a measurement id (a UUID hex, or any other text)."""
    try:
        return f"2.25.{uuid.UUID(hex=measurement_id).int}"
    except ValueError:
        return f"2.25.{uuid.uuid5(uuid.NAMESPACE_OID, measurement_id).int}"


def id_of(tracking_uid: str) -> str:
    """The measurement id back from its tracking UID (``uid_of``'s inverse for UUIDs)."""
    if tracking_uid.startswith("2.25."):
        try:
            return uuid.UUID(int=int(tracking_uid[5:])).hex
        except ValueError:
            pass
    return tracking_uid
