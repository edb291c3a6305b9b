"""Which AI results must carry a warning on the screen, from what the SEG says of itself. No Qt.

A model that is not for clinical use says so in the SEGs it writes (M1's demo model: series description
"... - not for clinical use", segment algorithm name "m1_demo_synthetic (trained on synthetic data - not for
clinical ...", content description "trained on synthetic data - not for clinical use"); an edited version keeps
the algorithm names. :func:`disclaimer_kind` finds it in any of those texts (a DICOM LO cut at 64 characters
included); the widgets show the matching translated sentence wherever the result is shown (legend, 3D, volume
plot, MPR window title).
"""
from __future__ import annotations

#: the warning kinds, most specific first
SYNTHETIC = "synthetic"  # trained on synthetic data, not for clinical use
NOT_CLINICAL = "not_clinical"  # not for clinical use (no reason given)


def disclaimer_kind(*texts: str) -> str | None:
    """``SYNTHETIC``, ``NOT_CLINICAL`` or None for texts an AI result carries (names, descriptions)."""
    joined = " ".join(t for t in texts if t).lower()
    if "not for clinical" not in joined and "synthetic data" not in joined:
        return None
    return SYNTHETIC if "synthetic" in joined else NOT_CLINICAL


def seg_disclaimer(seg) -> str | None:
    """The warning kind of a read SEG (``viewer.io.seg.SegObject``): from its series description, content
    label and its segments' algorithm names."""
    return disclaimer_kind(seg.series_description, seg.content_label, *(s.algorithm for s in seg.segments))


def strongest(kinds) -> str | None:
    """One warning for several results: ``SYNTHETIC`` over ``NOT_CLINICAL`` over none."""
    kinds = set(kinds)
    return SYNTHETIC if SYNTHETIC in kinds else NOT_CLINICAL if NOT_CLINICAL in kinds else None
