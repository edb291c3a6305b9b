"""Helpers to compare our geometry with dcm2niix's reference NIfTI affines (see the data README)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

LPS_FROM_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])

#: reference JSON → (DICOM path relative to the data folder, entries to compare)
REFERENCE_SETS = {
    "ct_philips_ingenuity_head_phantom_cd/reference_S21570_S2010.json": "ct_philips_ingenuity_head_phantom_cd/DICOM/S21570/S2010",
    "ct_philips_ingenuity_head_phantom_cd/reference_S21610_S2010.json": "ct_philips_ingenuity_head_phantom_cd/DICOM/S21610/S2010",
    "mr_enhanced_multiframe/reference_philips_achieva_b0.json": "mr_enhanced_multiframe/philips_achieva_b0",
    "mr_enhanced_multiframe/reference_siemens_vida_xa10.json": "mr_enhanced_multiframe/siemens_vida_xa10",
    "mr_ge_mr750_epi_axial/reference_dicom.json": "mr_ge_mr750_epi_axial/dicom",
    "mr_ge_signa_3d_t1_axial_oblique/reference_dicom.json": "mr_ge_signa_3d_t1_axial_oblique/dicom",
    "mr_siemens_transfer_syntaxes/reference_dicom.json": "mr_siemens_transfer_syntaxes/dicom",
    **{
        f"mr_siemens_trio_mosaic_orientation/reference_{x}.json": f"mr_siemens_trio_mosaic_orientation/dicom/{x}"
        for x in ("ax_asc_35sl", "cor_asc_35sl", "sag_asc_35sl", "fMRI_MB_asc_jpeglossless",
                  "fMRI_MB_int_mixed_uncompressed_jpeg2000")
    },
}


def reference_entries(data: Path, ref: str) -> list[dict]:
    return json.loads((data / ref).read_text())["regenerated"]


def dicom_affine_from_reference(entry: dict) -> np.ndarray:
    """The reference as voxel (col, row, slice) → LPS: undo dcm2niix's vertical flip and RAS."""
    a = np.array(entry["affine_ras"], dtype=float)
    rows = entry["shape"][1]
    flip_rows = np.array([[1, 0, 0, 0], [0, -1, 0, rows - 1], [0, 0, 1, 0], [0, 0, 0, 1.0]])
    return LPS_FROM_RAS @ a @ flip_rows


def align_axis_order(ref: np.ndarray, ours: np.ndarray, shape) -> tuple[np.ndarray, list[int]]:
    """dcm2niix may run an index axis backwards (slice order, or columns for some vendors). Walking
    an axis backwards is the same grid of voxel centres in patient space, so reverse the reference
    axes that point opposite to ours and return it with the list of reversed axes. Any real
    difference (a left/right mirror, a wrong origin) still shows up in the comparison."""
    out = ref.copy()
    flipped = []
    for ax in range(3):
        if np.dot(out[:3, ax], ours[:3, ax]) < 0:
            out[:3, 3] = out[:3, 3] + (shape[ax] - 1) * out[:3, ax]
            out[:3, ax] = -out[:3, ax]
            flipped.append(ax)
    return out, flipped


def assert_same_geometry(ref: np.ndarray, ours: np.ndarray, spacing) -> None:
    """Translation within 1e-3 mm, direction cosines within 1e-4."""
    np.testing.assert_allclose(ours[:3, 3], ref[:3, 3], atol=1e-3, err_msg="origin (mm)")
    sp = np.asarray(spacing, float)
    np.testing.assert_allclose(ours[:3, :3] / sp, ref[:3, :3] / np.linalg.norm(ref[:3, :3], axis=0),
                               atol=1e-4, err_msg="direction cosines")
    np.testing.assert_allclose(np.linalg.norm(ours[:3, :3], axis=0), np.linalg.norm(ref[:3, :3], axis=0),
                               atol=1e-3, err_msg="voxel spacing (mm)")
