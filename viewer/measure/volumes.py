"""A lesion's volume in mL, from a stack of planar contours or from a label mask (a SEG segment).

Contour stack: every contour lies in its own plane, the planes parallel (one normal). Each contour stands
for the slab between the midpoints to its neighbours (the trapezoidal rule between contours plus a
half-slab cap at each end, so a single contour counts one slab of the stack's spacing):
``V = Σ area_i × (z_{i+1} − z_{i−1}) / 2`` with the missing neighbour of an end mirrored.
Mask: voxel count × the volume of one voxel (|det| of the affine's 3×3), so any grid orientation works."""
from __future__ import annotations

import numpy as np

from viewer.measure.plane_math import as_points, polygon_area_uv, to_uv
from viewer.geometry.planes import oblique_plane

MM3_PER_ML = 1000.0


def contour_stack_volume_ml(contours, normal=None, spacing_mm: float | None = None,
                            max_tilt_deg: float = 1.0) -> float:
    """Volume (mL) enclosed by planar contours (each ``(n, 3)`` LPS, n >= 3) on parallel planes.

    ``normal`` defaults to the first contour's own plane normal. ``spacing_mm`` is the slab thickness
    used when there is one contour only (default: error). Raises on contours not parallel within
    ``max_tilt_deg`` or two contours on one plane."""
    polys = [as_points(c) for c in contours]
    if not polys:
        return 0.0
    if normal is None:
        normal = _plane_normal(polys[0])
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    for c in polys:
        if len(c) >= 3:
            tilt = np.degrees(np.arccos(min(1.0, abs(float(np.dot(_plane_normal(c), n))))))
            if tilt > max_tilt_deg:
                raise ValueError(f"contours are not on parallel planes ({tilt:.1f}° apart)")
    z = np.array([float(c.mean(axis=0) @ n) for c in polys])
    order = np.argsort(z)
    z = z[order]
    polys = [polys[i] for i in order]
    plane = oblique_plane(n, polys[0].mean(axis=0))
    areas = np.array([polygon_area_uv(to_uv(plane, c)) for c in polys])
    if len(polys) == 1:
        if spacing_mm is None:
            raise ValueError("one contour alone needs the slab thickness (spacing_mm)")
        return float(areas[0] * spacing_mm / MM3_PER_ML)
    gaps = np.diff(z)
    if np.any(gaps < 1e-6):
        raise ValueError("two contours lie on the same plane")
    lower = np.concatenate([[gaps[0]], gaps])  # mirrored at the first contour
    upper = np.concatenate([gaps, [gaps[-1]]])  # and at the last
    return float(np.sum(areas * (lower + upper) / 2.0) / MM3_PER_ML)


def _plane_normal(points: np.ndarray) -> np.ndarray:
    """Normal of the best-fit plane of a planar contour (SVD)."""
    c = points - points.mean(axis=0)
    _, s, vt = np.linalg.svd(c, full_matrices=False)
    if len(s) < 2 or s[1] < 1e-9:
        raise ValueError("a contour must span a plane (at least 3 non-collinear points)")
    return vt[-1] / np.linalg.norm(vt[-1])


def voxel_volume_mm3(affine) -> float:
    """Volume of one voxel (mm³) of a grid with ``affine`` (index → LPS)."""
    return float(abs(np.linalg.det(np.asarray(affine, float)[:3, :3])))


def mask_volume_ml(mask, affine, label: int | None = None) -> float:
    """Volume (mL) of the voxels of ``mask`` (``[k, j, i]``) that are non-zero (or equal ``label``)."""
    m = np.asarray(mask)
    count = int(np.count_nonzero(m == label if label is not None else m))
    return count * voxel_volume_mm3(affine) / MM3_PER_ML


def segment_volume_ml(seg_path, segment_number: int) -> float:
    """Volume (mL) of one segment of a DICOM SEG file (read with highdicom; fractional segments count
    their fraction of each voxel)."""
    import highdicom as hd

    seg = hd.seg.segread(str(seg_path))
    vol = seg.get_volume(segment_numbers=[segment_number], combine_segments=False)
    arr = np.asarray(vol.array, dtype=float)
    if arr.ndim == 4:
        arr = arr[..., 0]
    if seg.SegmentationType == "FRACTIONAL":
        scale = float(getattr(seg, "MaximumFractionalValue", 1)) or 1.0
        total = float(arr.sum() / scale) if arr.max() > 1 else float(arr.sum())
    else:
        total = float(np.count_nonzero(arr))
    return total * voxel_volume_mm3(vol.affine) / MM3_PER_ML


def lesion_volumes_ml(measurements) -> dict[tuple[str, str], float]:
    """``{(study_uid, lesion): mL}`` from the ROI outlines (ellipse or freehand ``Measurement`` with a lesion
    name) drawn on two or more parallel planes of one study: the lesion's contour stack. Outlines that are not
    parallel, or two on one plane, give no volume for that lesion."""
    groups: dict[tuple[str, str], list] = {}
    for m in measurements:
        if m.kind in ("ellipse", "polygon") and m.lesion:
            groups.setdefault((m.study_uid, m.lesion), []).append(m)
    out = {}
    for key, ms in groups.items():
        if len(ms) < 2:
            continue
        contours = []
        for m in ms:
            plane = m.plane
            uv = m.outline_uv(plane)
            contours.append(plane.to_world(uv[:, 0], uv[:, 1]))
        try:
            out[key] = contour_stack_volume_ml(contours, normal=ms[0].normal)
        except ValueError:
            continue
    return out
