"""A segmentation of the demo glioma made at test time WITHOUT AI (M1's weights are not in the checkout):
FLAIR above a threshold inside a sphere around the lesion (``resources/demo/*/demo.json``), put on the T1c
grid in patient coordinates. Every title says it is a threshold mask, not AI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from viewer.io import load_path
from viewer.io.seg import on_grid
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg, write_probability_seg

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "tcga_lgg_fg_6692"
TITLE = "FLAIR threshold mask - NOT AI"
RADIUS_MM = 32.0


def focus() -> np.ndarray:
    return np.array(json.loads((DEMO / "demo.json").read_text())["focus_lps_mm"], dtype=float)


def demo_series():
    """``(t1c Volume, t1c files, flair Volume)`` of the bundled demo study."""
    t1c = load_path(DEMO / "t1c").volumes[0]
    flair = load_path(DEMO / "flair").volumes[0]
    return t1c, sorted((DEMO / "t1c").iterdir()), flair


def threshold_masks(t1c, flair):
    """``(labels [k, j, i] on the T1c grid: 1 FLAIR-bright lesion, 2 T1c-bright focus inside it; FLAIR
    'probability' 0..1)``, all inside a sphere of ``RADIUS_MM`` around the demo's lesion."""
    f = on_grid(flair, t1c).astype(np.float32)
    nk, nj, ni = t1c.voxels.shape
    k, j, i = np.meshgrid(np.arange(nk), np.arange(nj), np.arange(ni), indexing="ij")
    xyz = t1c.index_to_world(np.stack([i, j, k], axis=-1))
    sphere = np.linalg.norm(xyz - focus(), axis=-1) <= RADIUS_MM
    brain = f[sphere & (f > 0)]
    thr = np.percentile(brain, 70)
    scale = max(1.0, float(np.percentile(brain, 95) - thr) / 3.0)
    prob = np.where(sphere, 1.0 / (1.0 + np.exp(-(f - thr) / scale)), 0.0).astype(np.float32)
    labels = np.zeros(t1c.voxels.shape, dtype=np.uint8)
    labels[sphere & (f > thr)] = 1
    t = t1c.voxels.astype(np.float32)
    enh = np.percentile(t[labels == 1], 90) if (labels == 1).any() else np.inf
    labels[(labels == 1) & (t >= enh)] = 2
    return labels, prob


def write_demo_segs(folder: Path) -> tuple[Path, Path]:
    """The BINARY and FRACTIONAL threshold SEGs of the demo study, referencing its T1c series."""
    t1c, files, flair = demo_series()
    labels, prob = threshold_masks(t1c, flair)
    headers = source_headers(files, t1c)
    seg = write_label_seg(labels, headers, [SegmentSpec(1, "FLAIR-bright lesion (threshold)", (255, 215, 0)),
                                            SegmentSpec(2, "T1c-bright focus (threshold)", (230, 40, 40))],
                          Path(folder) / "demo_threshold_seg.dcm", series_description=TITLE, content_label="THRESHOLD")
    probability = write_probability_seg(prob, headers, SegmentSpec(1, "FLAIR threshold score (not AI)"),
                                        Path(folder) / "demo_threshold_prob.dcm",
                                        series_description=f"{TITLE} (score)")
    return seg, probability
