"""The Siemens TrioTim axial / coronal / sagittal EPI mosaics of one session (one frame of reference),
loaded through viewer.io, plus dcm2niix's reference geometry for an independent check."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

SERIES = ("ax_asc_35sl", "cor_asc_35sl", "sag_asc_35sl")


@lru_cache(maxsize=None)
def load_siemens(root: str, name: str):
    from viewer.io import load_path

    result = load_path(Path(root) / "mr_siemens_trio_mosaic_orientation" / "dicom" / name)
    assert len(result.volumes) == 1, result.skipped
    return result.volumes[0]


def reference_index_affine(root: str, name: str) -> np.ndarray:
    """dcm2niix's voxel (DICOM column, row, slice) → LPS, from the reference JSON next to the data."""
    ref = json.loads((Path(root) / "mr_siemens_trio_mosaic_orientation" / f"reference_{name}.json").read_text())
    entry = ref["regenerated"][0]
    rows = entry["shape"][1]
    flip = np.array([[1, 0, 0, 0], [0, -1, 0, rows - 1], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    return np.diag([-1.0, -1.0, 1.0, 1.0]) @ np.asarray(entry["affine_ras"], dtype=float) @ flip
