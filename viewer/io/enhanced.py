"""Enhanced (multi-frame) MR/CT/PET images: geometry and scaling per frame from the functional
groups (per-frame first, shared second): PlanePositionSequence, PlaneOrientationSequence,
PixelMeasuresSequence, PixelValueTransformationSequence, FrameContentSequence and the frame type.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .frames import FileInfo, Frame, _num, pixel_spacing_of, plane_of, time_key_of

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

_FRAME_TYPE_SEQS = ("MRImageFrameTypeSequence", "CTImageFrameTypeSequence", "PETFrameTypeSequence")


def _group(per_frame: Dataset | None, shared: Dataset | None, keyword: str) -> Dataset | None:
    for g in (per_frame, shared):
        if g is not None and keyword in g:
            seq = g[keyword].value
            if seq:
                return seq[0]
    return None


def enhanced_frames(info: FileInfo) -> list[Frame]:
    from pydicom.dataset import Dataset

    ds = info.header
    shared = ds.SharedFunctionalGroupsSequence[0] if ds.get("SharedFunctionalGroupsSequence") else None
    per = ds.get("PerFrameFunctionalGroupsSequence") or []
    file_time = time_key_of(ds)
    out = []
    for f in range(info.n_frames):
        pf = per[f] if f < len(per) else None
        pos = _group(pf, shared, "PlanePositionSequence")
        ori = _group(pf, shared, "PlaneOrientationSequence")
        meas = _group(pf, shared, "PixelMeasuresSequence")
        pvt = _group(pf, shared, "PixelValueTransformationSequence")
        content = _group(pf, shared, "FrameContentSequence")
        ftype = None
        for kw in _FRAME_TYPE_SEQS:
            g = _group(pf, shared, kw)
            if g is not None:
                ftype = tuple(str(v).upper() for v in (g.get("FrameType") or ()))
                break
        echo = _group(pf, shared, "MREchoSequence")
        plane = Dataset()
        if pos is not None and "ImagePositionPatient" in pos:
            plane.ImagePositionPatient = pos.ImagePositionPatient
        if ori is not None and "ImageOrientationPatient" in ori:
            plane.ImageOrientationPatient = ori.ImageOrientationPatient
        elif "ImageOrientationPatient" in ds:
            plane.ImageOrientationPatient = ds.ImageOrientationPatient
        ipp, r, c = plane_of(plane)
        spacing = pixel_spacing_of(meas) if meas is not None else None
        spacing = spacing or pixel_spacing_of(ds)
        src = pvt if pvt is not None else ds
        temporal = _num(content, "TemporalPositionIndex") if content is not None else None
        stack_id = str(content.get("StackID", "")) if content is not None else ""
        out.append(
            Frame(
                file=info,
                frame_index=f,
                rows=info.rows,
                cols=info.cols,
                ipp=ipp,
                row_dir=r,
                col_dir=c,
                spacing_rc=spacing or (1.0, 1.0),
                slope=_num(src, "RescaleSlope", 1.0) or 1.0,
                intercept=_num(src, "RescaleIntercept", 0.0),
                split_key=(ftype, stack_id, _num(echo, "EffectiveEchoTime") if echo is not None else None),
                time_key=(temporal if temporal is not None else float("inf"),) + file_time + (f,),
                thickness=_num(meas, "SliceThickness") if meas is not None else _num(ds, "SliceThickness"),
                spacing_between=(_num(meas, "SpacingBetweenSlices") if meas is not None else None)
                or _num(ds, "SpacingBetweenSlices"),
                extras={"no_spacing": spacing is None, "frame_type": ftype},
            )
        )
    return out
