"""A file's 2D planes, whatever its layout: classic single-frame, legacy multi-frame, enhanced
multi-frame (functional groups), Siemens mosaic (CSA header) or UIH VFRAME mosaic (private sequence).

The one place that knows every layout module; each of those imports only :mod:`viewer.io.frames`.
"""
from __future__ import annotations

from .enhanced import enhanced_frames
from .frames import FileInfo, Frame, classic_frame
from .mosaic import mosaic_frames
from .uih_vframe import vframe_frames


def frames_of(info: FileInfo) -> list[Frame]:
    """The 2D planes in one file, classic, enhanced multi-frame or mosaic."""
    ds = info.header
    if "PerFrameFunctionalGroupsSequence" in ds or "SharedFunctionalGroupsSequence" in ds:
        return enhanced_frames(info)
    for vendor in (mosaic_frames, vframe_frames):
        tiles = vendor(info)
        if tiles is not None:
            return tiles
    frame = classic_frame(info, ds)
    if info.n_frames == 1:
        return [frame]
    # a legacy multi-frame without functional groups (e.g. NM, US cine): frames share one plane
    return [Frame(**{**frame.__dict__, "frame_index": f, "time_key": (f,)}) for f in range(info.n_frames)]
