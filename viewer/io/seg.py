"""DICOM Segmentation (SEG) objects → per-segment volumes in patient coordinates. No Qt, no VTK.

Any SEG (BINARY or FRACTIONAL, overlapping segments, odd matrix sizes, SEGs of enhanced multi-frame
sources) is read with highdicom (``hd.seg.segread``); its frames become one regular grid through
``Segmentation.get_volume`` (highdicom sorts the frames by their plane positions, never by instance
order). highdicom's volume is indexed ``[slice, row, column, segment]`` with an affine over those array
axes; the project's :class:`~viewer.geometry.volume.Volume` keeps voxels ``[k, j, i]`` with an affine over
``(i, j, k)``, so the columns of highdicom's affine are taken in reverse order — the voxels are shared as
they are, nothing is resampled.

A SEG whose frames do not form one regular grid (irregular source slices) is read frame by frame on the
source series' grid instead, when that series is given (``source``), through
``get_pixels_by_source_instance``.

Each segment keeps its own mask (overlapping segments stay separate masks); :meth:`SegObject.label_map`
combines them into one label map (segment number = label) where they do not overlap.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.geometry.volume import Volume

#: a FRACTIONAL segment counts a voxel into its volume (mL) from this probability on
FRACTIONAL_THRESHOLD = 0.5


class SegReadError(ValueError):
    """The file is not a SEG the viewer can place in patient space (message says why)."""


@dataclass
class Segment:
    """One segment of a SEG: its mask (uint8 0/1, or float 0..1 for FRACTIONAL) on the SEG's grid."""

    number: int
    label: str
    color: tuple[int, int, int] | None  # recommended display colour (CIELab in the file) as sRGB 0..255
    volume: Volume  # voxels [k, j, i]: uint8 0/1 (BINARY) or float32 0..1 (FRACTIONAL)
    property_type: str = ""  # e.g. "Neoplasm, Primary"
    algorithm: str = ""  # "name version" when the segment was made by an algorithm
    confidence: float | None = None  # FRACTIONAL: mean probability inside the segment (BINARY SEGs carry none)

    @property
    def fractional(self) -> bool:
        return np.issubdtype(self.volume.voxels.dtype, np.floating)

    def mask(self, threshold: float = FRACTIONAL_THRESHOLD) -> np.ndarray:
        """Boolean ``[k, j, i]`` of the voxels inside (FRACTIONAL: probability ≥ ``threshold``)."""
        v = self.volume.voxels
        return v >= threshold if self.fractional else v > 0

    @property
    def volume_ml(self) -> float:
        """Inside voxels × voxel volume (the grid's spacing), in mL."""
        return float(self.mask().sum()) * float(np.prod(self.volume.spacing)) / 1000.0


@dataclass
class SegObject:
    """A SEG file read into patient space."""

    path: str
    segmentation_type: str  # BINARY / FRACTIONAL
    segments: list[Segment]
    sop_instance_uid: str = ""
    series_instance_uid: str = ""
    study_instance_uid: str = ""
    frame_of_reference_uid: str = ""
    source_series_uids: list[str] = field(default_factory=list)
    source_sop_instance_uids: list[str] = field(default_factory=list)
    series_description: str = ""
    content_label: str = ""
    patient_id: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def grid(self) -> Volume:
        """The SEG's own grid (the first segment's volume; every segment shares it)."""
        return self.segments[0].volume

    def segment(self, number: int) -> Segment:
        for s in self.segments:
            if s.number == number:
                return s
        raise KeyError(f"no segment {number} in {self.path}")

    def overlapping(self) -> bool:
        """Do two segments claim one voxel?"""
        if len(self.segments) < 2:
            return False
        count = np.zeros(self.grid.voxels.shape, dtype=np.uint16)
        for s in self.segments:
            count += s.mask()
        return bool((count > 1).any())

    def label_map(self) -> Volume:
        """One label map on the SEG's grid (voxel = segment number, 0 = none). Overlapping segments: a
        voxel claimed by several shows the highest number; draw them as separate layers instead."""
        top = max(s.number for s in self.segments)
        dtype = np.uint8 if top < 256 else np.uint16
        out = np.zeros(self.grid.voxels.shape, dtype=dtype)
        for s in sorted(self.segments, key=lambda s: s.number):
            out[s.mask()] = s.number
        return self.grid.with_voxels(out)

    def colors(self) -> dict[int, tuple[int, int, int, int]]:
        """Segment number → RGBA for a :class:`~viewer.model.layers.LabelLayer` (segments without a
        recommended colour are left out: the layer's palette colours them)."""
        return {s.number: (*s.color, 255) for s in self.segments if s.color is not None}

    def volumes_ml(self) -> dict[int, float]:
        return {s.number: s.volume_ml for s in self.segments}


def cielab_to_rgb(value) -> tuple[int, int, int]:
    """A DICOM RecommendedDisplayCIELabValue (three unsigned 16-bit numbers) → sRGB 0..255 (highdicom's
    conversion, D65 white)."""
    from highdicom.color import CIELabColor

    rgb = CIELabColor.from_dicom_value([int(v) for v in value]).to_rgb()
    return tuple(int(np.clip(round(float(c)), 0, 255)) for c in rgb)  # type: ignore[return-value]


def _volume_from_hd(array_kji: np.ndarray, affine_kji: np.ndarray, **meta) -> Volume:
    """highdicom's ``[slice, row, column]`` array + its affine over those axes → a project Volume over
    ``(i, j, k)`` (the same voxels, the affine's columns reversed)."""
    axes = affine_kji[:3, :3][:, ::-1]  # columns: i (column), j (row), k (slice)
    spacing = np.linalg.norm(axes, axis=0)
    return Volume(np.ascontiguousarray(array_kji), spacing=spacing, origin=affine_kji[:3, 3].copy(),
                  direction=axes / spacing, **meta)


def _segment_texts(desc) -> tuple[str, str, str]:
    label = str(getattr(desc, "SegmentLabel", "") or f"segment {desc.SegmentNumber}")
    prop = ""
    try:
        prop = str(desc.SegmentedPropertyTypeCodeSequence[0].CodeMeaning)
    except (AttributeError, IndexError):
        pass
    algorithm = ""
    if "SegmentationAlgorithmIdentificationSequence" in desc:
        alg = desc.SegmentationAlgorithmIdentificationSequence[0]
        algorithm = " ".join(str(v) for v in (alg.get("AlgorithmName", ""), alg.get("AlgorithmVersion", "")) if v)
    elif desc.get("SegmentAlgorithmName"):
        algorithm = str(desc.SegmentAlgorithmName)
    return label, prop, algorithm


def _color(desc) -> tuple[int, int, int] | None:
    if "RecommendedDisplayCIELabValue" in desc:
        try:
            return cielab_to_rgb(desc.RecommendedDisplayCIELabValue)
        except Exception:  # noqa: BLE001 - a malformed colour: the layer's palette colours it
            pass
    return None


def read_seg(path: str | Path, source: Volume | None = None) -> SegObject:
    """Read a SEG file into per-segment volumes in patient coordinates. ``source``: the referenced series
    as loaded by :mod:`viewer.io` (only needed for SEGs whose frames are not one regular grid). May run on
    a worker thread. Raises :class:`SegReadError` for a file that is no usable SEG."""
    import highdicom as hd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seg = hd.seg.segread(str(path))
    except Exception as exc:  # noqa: BLE001 - said to the user
        raise SegReadError(f"{Path(path).name} is not a readable DICOM SEG: {exc}") from exc
    if str(seg.coordinate_system) != "CoordinateSystemNames.PATIENT" and "PATIENT" not in str(seg.coordinate_system):
        raise SegReadError(f"{Path(path).name}: the SEG is not in the patient coordinate system (slide microscopy?)")
    seg_type = seg.segmentation_type.value
    numbers = list(seg.segment_numbers)
    if not numbers:
        raise SegReadError(f"{Path(path).name}: the SEG has no segments")
    notes: list[str] = []
    dtype = np.float32 if seg_type == "FRACTIONAL" else np.uint8
    arrays, affine = _seg_arrays(seg, numbers, dtype, source, notes, Path(path).name)
    meta = dict(modality="SEG", study_instance_uid=str(seg.StudyInstanceUID),
                series_instance_uid=str(seg.SeriesInstanceUID),
                frame_of_reference_uid=str(seg.get("FrameOfReferenceUID", "")))
    segments = []
    for n, number in enumerate(numbers):
        desc = seg.get_segment_description(number)
        label, prop, algorithm = _segment_texts(desc)
        vol = _volume_from_hd(arrays[..., n], affine, **meta) if affine is not None else \
            source.with_voxels(np.ascontiguousarray(arrays[..., n]), modality="SEG")
        segment = Segment(number, label, _color(desc), vol, prop, algorithm)
        if segment.fractional:  # the model's own figure: its mean probability over the voxels it calls inside
            inside = segment.mask()
            segment.confidence = float(vol.voxels[inside].mean()) if inside.any() else None
        segments.append(segment)
    sources = seg.get_source_image_uids()
    return SegObject(
        path=str(path), segmentation_type=seg_type, segments=segments,
        sop_instance_uid=str(seg.SOPInstanceUID), series_instance_uid=str(seg.SeriesInstanceUID),
        study_instance_uid=str(seg.StudyInstanceUID), frame_of_reference_uid=meta["frame_of_reference_uid"],
        source_series_uids=sorted({str(s[1]) for s in sources}),
        source_sop_instance_uids=[str(s[2]) for s in sources],
        series_description=str(seg.get("SeriesDescription", "") or ""),
        content_label=str(seg.get("ContentLabel", "") or ""), patient_id=str(seg.get("PatientID", "") or ""),
        warnings=notes)


def _seg_arrays(seg, numbers, dtype, source: Volume | None, notes: list[str], name: str):
    """``(array [k, j, i, segment], affine over [k, j, i])`` from highdicom's volume, or (no regular
    grid) ``(array on the source's grid, None)``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hv = seg.get_volume(segment_numbers=numbers, combine_segments=False, dtype=dtype,
                                allow_missing_positions=True)
        return hv.array, np.asarray(hv.affine, dtype=float)
    except Exception as exc:  # noqa: BLE001 - irregular frames: the source's grid, else an error
        if source is None or not source.sop_instance_uids:
            raise SegReadError(f"{name}: the SEG's frames do not form a regular grid ({exc}); open it over its "
                               "source series") from exc
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = seg.get_pixels_by_source_instance(list(source.sop_instance_uids), segment_numbers=numbers,
                                                    dtype=dtype, skip_overlap_checks=True,
                                                    ignore_spatial_locations=True)
        notes.append("frames read on the source series' grid (no regular grid of their own)")
        return arr, None


def is_seg_file(path: str | Path) -> bool:
    """Is ``path`` a DICOM Segmentation Storage object (header only)?"""
    import pydicom

    try:
        ds = pydicom.dcmread(str(path), stop_before_pixels=True, specific_tags=["SOPClassUID", "Modality"])
    except Exception:  # noqa: BLE001
        return False
    return str(ds.get("SOPClassUID", "")) == SEG_SOP_CLASS or str(ds.get("Modality", "")) == "SEG"


SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"


def on_grid(volume: Volume, target: Volume, fill=0) -> np.ndarray:
    """``volume``'s voxels sampled (nearest voxel, in patient coordinates) at every voxel centre of
    ``target``'s grid: ``[k, j, i]`` of ``target``'s shape. Puts a SEG voxel for voxel on its source series
    (or any other grid: another orientation, the 3D view's). May run on a worker thread."""
    nk, nj, ni = target.frame(0).shape
    to_src = np.linalg.inv(volume.affine) @ target.affine  # target index → source index
    src = volume.frame(0)
    out = np.full((nk, nj, ni), fill, dtype=src.dtype)
    j, i = np.meshgrid(np.arange(nj), np.arange(ni), indexing="ij")
    ij1 = np.stack([i.ravel(), j.ravel(), np.zeros(i.size), np.ones(i.size)])
    sk, sj, si = src.shape
    for k in range(nk):
        ij1[2] = k
        idx = np.rint(to_src @ ij1)[:3].astype(np.int64)
        ok = (idx[0] >= 0) & (idx[0] < si) & (idx[1] >= 0) & (idx[1] < sj) & (idx[2] >= 0) & (idx[2] < sk)
        plane = out[k].reshape(-1)
        plane[ok] = src[idx[2, ok], idx[1, ok], idx[0, ok]]
    return out
