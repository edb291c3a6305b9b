"""Pictures of a viewport and key images: the rules, without Qt (the Image menu calls them)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def image_format(path: str | Path) -> str:
    """``PNG`` or ``JPEG`` from the file name; a clear error for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"save the view as .png, .jpg or .jpeg, not {suffix or 'a name without extension'!r}")
    return FORMATS[suffix]


def shown_slice(volume, point_lps) -> int:
    """Index k (into ``volume.sop_instance_uids``) of the stored image through the LPS point a viewport
    shows, whatever the screen's slice order."""
    n = max(1, len(getattr(volume, "sop_instance_uids", []) or []) or volume.shape_ijk[2])
    return int(np.clip(round(float(volume.world_to_index(point_lps)[2])), 0, n - 1))


def flag_key_image(store, state) -> str:
    """Store the image the viewport ``state`` shows as a key image of its study (``MeasurementStore``;
    the study's Key Object Selection is made from these). Returns its SOP instance UID. ValueError when the
    view is not a stored image (a reformatted plane, or no UIDs)."""
    vol = state.volume
    if vol is None or not vol.sop_instance_uids:
        raise ValueError("no stored image is shown")
    if state.plane not in ("native", "acquired"):
        raise ValueError("key images are stored slices: show the series in its own plane")
    sop = vol.sop_instance_uids[shown_slice(vol, state.plane_origin())]
    store.add_key_image(vol.study_instance_uid, sop, vol.series_instance_uid)
    return sop
