"""A tiny model folder and a tiny synthetic study, for the queue's tests and benchmark.

The model is a real model folder (manifest + TorchScript weights with their sha256) loaded by the same
:func:`inference.models.loader.load_model` as any hospital model; only its network is small (one 3D
convolution, fixed weights: "enhancing" where the normalised T1c is bright, "oedema" where the FLAIR
is) and it works on a 4 mm grid without a brain mask, so one job takes a second or two on a CPU.
Nothing here pretends to be a clinical model: its disclaimer says so.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

TINY_SPACING_MM = 4.0


def make_tiny_model(folder: Path, version: str = "0.0.1", spacing_mm: float = TINY_SPACING_MM) -> Path:
    """Write ``folder/manifest.json`` and ``folder/model.pt``; return ``folder``. A finer ``spacing_mm`` makes
    the same network slide over many more windows (a job that runs long enough to be cancelled while running)."""
    import torch

    from inference.models.loader import sha256_of

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    conv = torch.nn.Conv3d(4, 4, kernel_size=1)
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.copy_(torch.tensor([1.5, -9.0, 0.0, 0.0]))
        conv.weight[2, 3] = 1.0  # oedema   <- FLAIR (channel 3)
        conv.weight[3, 1] = 1.2  # enhancing <- T1c (channel 1)
    scripted = torch.jit.script(torch.nn.Sequential(conv).eval())
    scripted.save(str(folder / "model.pt"))
    manifest = {
        "format": "cdss-m1-model/1", "name": folder.name, "version": version,
        "description": "tiny 1x1x1-convolution test network (queue tests and benchmark)",
        "disclaimer": "test network - not for clinical use",
        "inputs": {"sequences": ["T1", "T1c", "T2", "FLAIR"], "spacing_mm": [spacing_mm] * 3,
                   "normalisation": "zscore_in_mask", "brain_mask": "none"},
        "patch_size": [16, 16, 16], "overlap": 0.0,
        "output": {"mode": "softmax",
                   "labels": {"0": "background", "1": "necrosis", "2": "oedema", "3": "enhancing"}},
        "weights": [{"file": "model.pt", "format": "torchscript", "sha256": sha256_of(folder / "model.pt")}],
        "metrics": {},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def make_tiny_study(folder: Path, seed: int = 0):
    """A four-sequence synthetic DICOM study on coarse (4 mm × 6 mm) grids; returns its StudyTruth."""
    from inference.synthetic.acquire import centred_grid
    from inference.synthetic.dicom_study import write_study
    from inference.synthetic.phantom import HeadPhantom, rotation

    rng = np.random.default_rng(seed)
    ph = HeadPhantom(rng, side="left", tumour_radius_mm=14.0)
    g1 = centred_grid(ph.centre, (180, 200, 132), (4.0, 4.0, 6.0), rotation([1, 0, 0], 6))
    g2 = centred_grid(ph.centre, (180, 200, 132), (4.0, 4.0, 6.0), rotation([1, 0.2, 0], -8))
    return write_study(Path(folder), ph, {"T1": g1, "T1c": g1, "T2": g2, "FLAIR": g2}, rng)
