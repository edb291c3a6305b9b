"""The translucent shell of the 3D view: the study's brain mask SEG when there is one (M1's pipeline may keep
deepbet's mask as a SEG of its own), else the head outlined from the image itself (Otsu threshold, largest
component, holes filled — the scalp, not the brain, and named so). No Qt."""
from __future__ import annotations

import numpy as np


def brain_mask_seg(refs):
    """The first SEG among ``refs`` (``SegRef``) whose content or description names a brain mask."""
    for ref in refs:
        text = f"{ref.content_label} {ref.series_description}".lower()
        if "brain" in text and "mask" in text or "deepbet" in text:
            return ref
    return None


def shell_for(volume, refs=()) -> tuple[object, str]:
    """``(mask Volume, its name)`` for the 3D view of ``volume``'s segmentation. May run on a worker thread."""
    ref = brain_mask_seg(refs)
    if ref is not None:
        from viewer.io.seg import read_seg

        seg = read_seg(ref.path, source=volume)
        return seg.label_map(), "brain mask"
    import SimpleITK as sitk

    from viewer.mpr.registration import to_sitk

    img = to_sitk(volume)
    fg = sitk.OtsuThreshold(img, 0, 1)
    largest = sitk.RelabelComponent(sitk.ConnectedComponent(fg), sortByObjectSize=True) == 1
    filled = sitk.BinaryFillhole(largest)
    arr = sitk.GetArrayFromImage(filled).astype(np.uint8)
    return volume.with_voxels(arr), "head (image threshold, not a brain mask)"
