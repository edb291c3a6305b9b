"""Brain extraction with deepbet (MIT): a third-party network run through this project's model loader.

deepbet's wheel installs its TorchScript weights in a top-level ``data/models/`` folder of site-packages (not
inside the ``deepbet`` package), so they are found through the installed distribution's file list
(``importlib.metadata.files("deepbet")``); nothing is downloaded. Like a hospital's model, they are loaded by
``inference.models.loader`` only when their sha256 is that of the release this project validated
(``DEEPBET_SHA256``, deepbet 1.0.2): other weights are a clear ``ChecksumMismatch``, not a silent change.

deepbet's algorithm is kept as it is (``BrainExtraction``: a bounding-box network on the image at 128³, the
brain network on that box at 256³, nearest-exact resizing, its normalisation, its largest-component and
void-filling post-processing); only its two intensity quantiles come from NumPy's partition-based
``np.quantile`` (the same linear interpolation as ``torch.quantile``; ~0.4 s less per study than torch's full
sort of 2 M voxels). The network expects a T1 in RAS+ voxel order; our 1 mm grid is LPS-aligned
(``[k, j, i]`` = S, P, L), so the array is transposed and its first two axes flipped on the way in and back
on the way out.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, files
from pathlib import Path

import numpy as np

WEIGHT_FILES = ("model.pt", "bbox_model.pt")
#: the weights of deepbet 1.0.2's wheel (the version pinned in pyproject.toml)
DEEPBET_SHA256 = {"model.pt": "de8ee7c69654d0dd3935dc4a5d84571d8ecf4637a6bfc01df399c4c2bc86e0fd",
                  "bbox_model.pt": "39a7b2b5f799faa1391ea97bfcdc0b9299f20d84f2316a4ff8918dc4685e40aa"}


class BrainMaskError(Exception):
    pass


def deepbet_weights() -> dict[str, Path]:
    """``{"model.pt": path, "bbox_model.pt": path}`` from the installed deepbet distribution."""
    try:
        listed = files("deepbet") or []
    except PackageNotFoundError as e:
        raise BrainMaskError("deepbet is not installed (pip install deepbet); it provides the brain mask") from e
    found = {f.name: Path(str(f.locate())) for f in listed if str(f).replace("\\", "/").startswith("data/models/")}
    missing = [n for n in WEIGHT_FILES if n not in found or not found[n].is_file()]
    if missing:
        raise BrainMaskError(f"deepbet's weights {missing} are missing from its installation "
                             f"(expected under site-packages/data/models/)")
    return {n: found[n] for n in WEIGHT_FILES}


def _checked_networks(device: str, weights: dict[str, Path] | None = None, sha256: dict[str, str] | None = None):
    """deepbet's (brain, bounding-box) TorchScript networks, loaded by the model loader after their checksum."""
    from inference.models.loader import torchscript_module, verified_file

    weights = weights or deepbet_weights()
    sha256 = sha256 or DEEPBET_SHA256
    nets = [torchscript_module(verified_file(weights[n], sha256[n], "deepbet brain extraction"), device)
            for n in WEIGHT_FILES]
    return tuple(nets)


@lru_cache(maxsize=2)
def _extractor(device: str):
    from deepbet.bet import BrainExtraction

    class CheckedBrainExtraction(BrainExtraction):
        """deepbet's ``BrainExtraction`` with its networks from the model loader (checksummed)."""

        def __init__(self) -> None:  # (deepbet's own __init__ would torch.jit.load the files unchecked)
            self.model, self.bbox_model = _checked_networks(device)
            self.bbox = None

        def run_model(self, x, small_shape=(128, 128, 128), shape=(256, 256, 256), bbox_margin=.1):
            return run_deepbet(self, x, small_shape, shape, bbox_margin)

    return CheckedBrainExtraction()


def run_deepbet(be, x: np.ndarray, small_shape=(128, 128, 128), shape=(256, 256, 256), bbox_margin=.1) -> np.ndarray:
    """deepbet 1.0.2's ``BrainExtraction.run_model`` (the brain probability of a RAS+ T1), with its intensity
    quantiles from ``np.quantile``."""
    import torch
    import torch.nn.functional as F
    from deepbet.utils import keep_largest_connected_component, normalize

    dev = next(be.model.parameters()).device
    x = torch.nan_to_num(torch.from_numpy(x).to(dev))
    mask = torch.zeros_like(x)
    x_small = F.interpolate(x[None, None], small_shape, mode="nearest-exact")[0, 0]
    low, high = (torch.tensor(float(q), dtype=x.dtype, device=dev)
                 for q in np.quantile(x_small.cpu().numpy(), (.005, .995)))
    with torch.no_grad():
        mask_small = be.bbox_model(normalize(x_small, low, high)[None, None])[0, 1]
    mask_small = keep_largest_connected_component((mask_small > .5).float().cpu().numpy())
    be.bbox = be.get_bbox_with_margin(torch.from_numpy(mask_small).to(dev), mask.shape, bbox_margin)
    x = F.interpolate(x[be.bbox][None, None], shape, mode="nearest-exact")[0, 0]
    with torch.no_grad():
        mask_bbox = be.model(normalize(x, low, high)[None, None])[0, 1]
    mask[be.bbox] = F.interpolate(mask_bbox[None, None], mask[be.bbox].shape, mode="nearest-exact")[0, 0]
    return mask.cpu().numpy()


def brain_mask(t1_lps: np.ndarray, device: str = "cpu", threshold: float = 0.5) -> np.ndarray:
    """Brain mask (bool ``[k, j, i]``) of a T1 on an LPS-aligned grid (``[k, j, i]`` = S, P, L axes)."""
    be = _extractor(device)
    ras = np.ascontiguousarray(t1_lps.transpose(2, 1, 0)[::-1, ::-1, :], np.float32)
    prob = be.run_model(ras.copy())
    mask = be.postprocess(prob > threshold)
    return np.ascontiguousarray(mask[::-1, ::-1, :].transpose(2, 1, 0)).astype(bool)
