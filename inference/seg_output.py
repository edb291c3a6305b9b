"""DICOM SEG output (highdicom): tumour labels as BINARY, tumour probability as FRACTIONAL.

Both reference the source T1c series (one frame per T1c slice, in the T1c's k order, all frames kept
so the SEG covers the series' whole grid) and identify the algorithm: the model's name, version and
weights' sha256, and its disclaimer in the algorithm name and the series description.
Reading back goes through highdicom's volume (``get_volume``), whose affine is converted to ours:
nothing relies on instance or frame order.
"""
from __future__ import annotations

from pathlib import Path

import highdicom as hd
import numpy as np
from pydicom.sr.codedict import codes

from .models.manifest import Manifest

_TYPES = {
    "necrosis": codes.SCT.Necrosis,
    "oedema": codes.SCT.Edema,
    "edema": codes.SCT.Edema,
    "enhancing": codes.SCT.Neoplasm,
}
MANUFACTURER = "Brain Tumor CDSS"
SOFTWARE = "cdss-workstation inference"


def _algorithm(man: Manifest, sha256: str) -> hd.AlgorithmIdentificationSequence:
    name = f"{man.name} ({man.disclaimer})" if man.disclaimer else man.name
    return hd.AlgorithmIdentificationSequence(
        name=name[:64], version=man.version[:64], family=codes.cid7162.ArtificialIntelligence,
        source=MANUFACTURER, parameters={"weights_sha256": sha256})


def _description(kind: str, man: Manifest) -> str:
    tail = " - not for clinical use" if man.disclaimer else ""  # the disclaimer must survive the 64-char limit
    return f"{kind} {man.name}"[:64 - len(tail)] + tail


def _ordered_headers(headers: list) -> list:
    return list(headers)  # already in the T1c's k order (sorted by position along the normal)


def write_label_seg(labels_kji: np.ndarray, t1c_headers: list, man: Manifest, sha256: str, path: Path,
                    series_number: int = 901) -> Path:
    """BINARY SEG, one segment per tumour label present in the manifest (label values = segment numbers)."""
    algo = _algorithm(man, sha256)
    descs = []
    for value in sorted(v for v in man.labels if v > 0):
        name = man.labels[value]
        descs.append(hd.seg.SegmentDescription(
            segment_number=value, segment_label=name[:64],
            segmented_property_category=codes.SCT.MorphologicallyAbnormalStructure,
            segmented_property_type=_TYPES.get(name.lower(), codes.SCT.Lesion),
            algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC, algorithm_identification=algo))
    seg = hd.seg.Segmentation(
        source_images=_ordered_headers(t1c_headers), pixel_array=labels_kji.astype(np.uint8),
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY, segment_descriptions=descs,
        series_instance_uid=hd.UID(), series_number=series_number, sop_instance_uid=hd.UID(), instance_number=1,
        manufacturer=MANUFACTURER, manufacturer_model_name=man.name[:64], software_versions=SOFTWARE,
        device_serial_number="0", omit_empty_frames=False, series_description=_description("M1 SEG", man),
        content_label="TUMOUR", content_description=(man.disclaimer or "tumour segmentation")[:64])
    path.parent.mkdir(parents=True, exist_ok=True)
    seg.save_as(path)
    return path


def write_probability_seg(prob_kji: np.ndarray, t1c_headers: list, man: Manifest, sha256: str, path: Path,
                          series_number: int = 902) -> Path:
    """FRACTIONAL (PROBABILITY) SEG of the tumour probability (1 - p(background)), for the heatmap."""
    algo = _algorithm(man, sha256)
    desc = hd.seg.SegmentDescription(
        segment_number=1, segment_label="tumour probability",
        segmented_property_category=codes.SCT.MorphologicallyAbnormalStructure,
        segmented_property_type=codes.SCT.Neoplasm,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC, algorithm_identification=algo)
    seg = hd.seg.Segmentation(
        source_images=_ordered_headers(t1c_headers), pixel_array=np.clip(prob_kji, 0, 1).astype(np.float32),
        segmentation_type=hd.seg.SegmentationTypeValues.FRACTIONAL, segment_descriptions=[desc],
        series_instance_uid=hd.UID(), series_number=series_number, sop_instance_uid=hd.UID(), instance_number=1,
        manufacturer=MANUFACTURER, manufacturer_model_name=man.name[:64], software_versions=SOFTWARE,
        device_serial_number="0", fractional_type=hd.seg.SegmentationFractionalTypeValues.PROBABILITY,
        max_fractional_value=255, omit_empty_frames=False,
        series_description=_description("M1 probability", man),
        content_label="PROBABILITY", content_description=(man.disclaimer or "tumour probability")[:64])
    seg.save_as(path)
    return path


def read_seg_volume(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """A SEG as ``(values [k, j, i], affine index (i, j, k) → LPS)``: label values for BINARY (segment
    numbers combined), probabilities in [0, 1] for FRACTIONAL."""
    seg = hd.seg.segread(str(path))
    frac = seg.segmentation_type == hd.seg.SegmentationTypeValues.FRACTIONAL
    vol = seg.get_volume(combine_segments=not frac, dtype=np.float32 if frac else np.uint8)
    arr = vol.array[..., 0] if vol.array.ndim == 4 else vol.array
    aff = np.array(vol.affine, float)
    ours = aff.copy()
    ours[:, :3] = aff[:, [2, 1, 0]]  # highdicom indexes (slice, row, column); ours (i, j, k) = (column, row, slice)
    return np.ascontiguousarray(arr), ours


def seg_on_grid(path: str | Path, affine: np.ndarray, shape_kji) -> np.ndarray:
    """A SEG's values at the voxel centres of another grid (nearest voxel, through patient coordinates);
    0 outside the SEG. The SEG's own slice order does not matter: only its affine is used."""
    values, seg_aff = read_seg_volume(path)
    k, j, i = np.meshgrid(*[np.arange(n) for n in shape_kji], indexing="ij")
    m = np.linalg.inv(seg_aff) @ affine
    idx = [np.rint(m[r, 0] * i + m[r, 1] * j + m[r, 2] * k + m[r, 3]).astype(int) for r in range(3)]
    inside = np.ones(idx[0].shape, bool)
    for ax, n in zip(idx, values.shape[::-1]):
        inside &= (ax >= 0) & (ax < n)
    out = np.zeros(tuple(shape_kji), values.dtype)
    out[inside] = values[idx[2][inside], idx[1][inside], idx[0][inside]]
    return out


def label_volumes_ml(labels_kji: np.ndarray, affine: np.ndarray, names: dict[int, str]) -> dict[str, float]:
    """Per-label volume in mL from the voxel size (|det| of the affine's 3x3)."""
    voxel_ml = abs(float(np.linalg.det(affine[:3, :3]))) / 1000.0
    counts = np.bincount(labels_kji.ravel(), minlength=max(names) + 1)
    return {names[v]: round(float(counts[v]) * voxel_ml, 3) for v in sorted(names) if v > 0}
