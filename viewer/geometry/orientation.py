"""Orientation labels and plane names from direction cosines in LPS.

A direction's label names the patient side it points *towards*: +x → "L", -x → "R", +y → "P",
-y → "A", +z → "S", -z → "I". Oblique directions get up to two letters, the dominant one first
(e.g. ``"LA"``), when the second component is large enough to matter.
"""
from __future__ import annotations

import math

import numpy as np

_POS = ("L", "P", "S")
_NEG = ("R", "A", "I")

#: a secondary component smaller than this (cosine) is not named; ~ 8.6 degrees
SECONDARY_THRESHOLD = 0.15


def direction_label(vector, secondary_threshold: float = SECONDARY_THRESHOLD, max_letters: int = 2) -> str:
    """Label of the patient side an LPS direction points to, e.g. ``(1,0,0)`` → ``"L"``."""
    v = np.asarray(vector, dtype=float)
    n = np.linalg.norm(v)
    if n == 0:
        return ""
    v = v / n
    order = np.argsort(-np.abs(v))
    letters = []
    for rank, axis in enumerate(order[:max_letters]):
        if rank > 0 and abs(v[axis]) < secondary_threshold:
            break
        letters.append(_POS[axis] if v[axis] > 0 else _NEG[axis])
    return "".join(letters)


def opposite_label(label: str) -> str:
    swap = {"L": "R", "R": "L", "A": "P", "P": "A", "S": "I", "I": "S"}
    return "".join(swap[c] for c in label)


def edge_labels(right_dir, down_dir) -> dict[str, str]:
    """Labels for the four screen edges of a view whose screen-right and screen-down unit vectors
    (in LPS) are given: ``{"left", "right", "top", "bottom"}``."""
    r = direction_label(right_dir)
    d = direction_label(down_dir)
    return {"right": r, "left": opposite_label(r), "bottom": d, "top": opposite_label(d)}


def plane_name(normal, oblique_tolerance_deg: float = 10.0) -> str:
    """``"axial"``, ``"sagittal"``, ``"coronal"`` or ``"oblique"`` for a slice normal in LPS."""
    n = [abs(float(x)) for x in normal]  # plain floats: the receiver asks once per instance
    size = math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2])
    if not size or not math.isfinite(size):
        return "oblique"
    axis = max(range(3), key=n.__getitem__)  # the first largest, as numpy's argmax
    if math.degrees(math.acos(min(1.0, n[axis] / size))) > oblique_tolerance_deg:
        return "oblique"
    return ("sagittal", "coronal", "axial")[axis]


def axis_labels(direction) -> tuple[str, str, str]:
    """Labels of the patient sides the +i, +j, +k axes of a volume point to (``direction`` 3x3,
    columns = axes in LPS), e.g. ``("L", "P", "S")`` for a standard axial stack."""
    d = np.asarray(direction, dtype=float).reshape(3, 3)
    return tuple(direction_label(d[:, a]) for a in range(3))  # type: ignore[return-value]


def view_edge_labels(direction, axis: int) -> dict[str, str]:
    """Edge labels for showing the plane of a volume perpendicular to index ``axis`` (0 = i,
    1 = j, 2 = k) in the file's own pixel layout: screen-right = the lower remaining index axis,
    screen-down = the higher (for k: right = +i, down = +j, as the image is stored)."""
    d = np.asarray(direction, dtype=float).reshape(3, 3)
    right, down = [a for a in range(3) if a != axis]
    return edge_labels(d[:, right], d[:, down])
