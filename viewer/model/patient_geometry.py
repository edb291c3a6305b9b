"""Does a series know where it lies in the patient? The rule behind the orientation letters.

Screen captures and secondary captures (whatever position tags they carry) and images without
ImagePositionPatient/ImageOrientationPatient (the loader then shows them in image coordinates) have
no patient geometry: the viewport draws no A/P/R/L letters for them and says "No patient geometry".
"""
from __future__ import annotations

#: SOP classes of pictures taken of screens or documents (Secondary Capture, its multi-frame forms)
SECONDARY_CAPTURE_CLASSES = frozenset({
    "1.2.840.10008.5.1.4.1.1.7",  # Secondary Capture Image Storage
    "1.2.840.10008.5.1.4.1.1.7.1",  # Multi-frame Single Bit SC
    "1.2.840.10008.5.1.4.1.1.7.2",  # Multi-frame Grayscale Byte SC
    "1.2.840.10008.5.1.4.1.1.7.3",  # Multi-frame Grayscale Word SC
    "1.2.840.10008.5.1.4.1.1.7.4",  # Multi-frame True Color SC
})

#: what the loader (``viewer.io.stacking.compute_geometry``) warns when the position/orientation is missing
IMAGE_COORDINATES_WARNING = "shown in image coordinates"

NO_GEOMETRY_TEXT = "No patient geometry"


def has_patient_geometry(volume) -> bool:
    """False for a secondary/screen capture or a series loaded without position and orientation."""
    if volume is None:
        return False
    md = getattr(volume, "metadata", None) or {}
    if str(md.get("sop_class_uid") or "").strip() in SECONDARY_CAPTURE_CLASSES:
        return False
    if str(md.get("modality") or getattr(volume, "modality", "") or "").upper() == "SC":
        return False
    return not any(IMAGE_COORDINATES_WARNING in w for w in getattr(volume, "warnings", []) or [])
