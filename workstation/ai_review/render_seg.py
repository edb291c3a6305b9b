"""SEG files over a ``ViewportState`` for the ``render`` command: the same ``SegOverlay`` layers the AI
segmentation panel puts on a viewport. No Qt."""
from __future__ import annotations


def add_seg_overlays(state, seg_paths, opacity: float = 0.5, outline: bool = False) -> list[str]:
    """Read each SEG (on the state's volume as its source), check it lies in the volume's frame of
    reference, add its layers; returns the legend lines (``SEG: segment — mL``). Raises ``ValueError``
    with a clear message for a file that is no usable SEG or belongs to another frame of reference."""
    from pathlib import Path

    from viewer.io.seg import read_seg
    from viewer.model.seg_overlay import SegOverlay

    if not 0.0 <= opacity <= 1.0:
        raise ValueError(f"--seg-opacity must be within 0..1, got {opacity}")
    volume = state.volume
    lines = []
    for path in seg_paths:
        if not Path(path).is_file():
            raise ValueError(f"{path}: no such SEG file")
        seg = read_seg(path, source=volume)  # SegReadError is a ValueError
        if seg.frame_of_reference_uid and volume.frame_of_reference_uid and \
                seg.frame_of_reference_uid != volume.frame_of_reference_uid:
            raise ValueError(f"{Path(path).name} lies in another frame of reference than the series rendered "
                             f"(SEG {seg.frame_of_reference_uid}, series {volume.frame_of_reference_uid})")
        overlay = SegOverlay(seg, opacity=opacity, outline=outline)
        overlay.add_to(state.layers)
        lines += [f"{overlay.title}: {e.text()}" for e in overlay.legend()]
    return lines
