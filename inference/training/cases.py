"""Synthetic training/validation cases as the pipeline would see them (1 mm, masked, normalised).

Each case: a random :class:`HeadPhantom`, acquired with a random protocol (thin axial; thick oblique
2D series, T1/T1c and T2/FLAIR on differently tilted grids like the demo study; or a thin 3D T1c with
thick others), resampled onto a 1 mm LPS-aligned grid, masked with the (randomly dilated/eroded)
brain mask and z-scored in the mask, exactly as :mod:`inference.preprocess` does at inference.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from inference.preprocess import zscore_in_mask
from inference.synthetic.acquire import Grid, acquire, centred_grid, labels_on, oblique_grid, resample
from inference.synthetic.phantom import HeadPhantom

PROTOCOLS = ("thin", "thick_oblique", "thin_t1c")


def target_grid(ph: HeadPhantom) -> Grid:
    """1 mm LPS-aligned grid covering the brain (with the head pose) plus a margin."""
    return centred_grid(ph.centre, 2 * ph.axes * 1.12 + 12, (1.0, 1.0, 1.0))


def _acquire_on(ph, grid: Grid, rng, chans, noise) -> np.ndarray:
    return acquire(ph, grid, rng, noise=noise, bias=rng.uniform(0.1, 0.35), channels=chans)


def make_case(rng: np.random.Generator, protocol: str | None = None, side: str | None = None,
              mask_jitter: bool = True, tumour_radius_mm: float | None = None) -> dict:
    """One case: ``image`` (4, k, j, i) float32 normalised, ``label`` (k, j, i) uint8, ``protocol``."""
    protocol = protocol or str(rng.choice(PROTOCOLS, p=[0.3, 0.45, 0.25]))
    ph = HeadPhantom(rng, side=side, tumour_radius_mm=tumour_radius_mm)
    tgt = target_grid(ph)
    ext = 2 * ph.axes * 1.12 + 30
    noise = rng.uniform(0.01, 0.05)
    image = np.zeros((4,) + tgt.shape, np.float32)
    if protocol == "thin":
        g = oblique_grid(ph.centre, rng, 1.0, 1.0, 5.0, extent_mm=ext)
        image[:] = resample(_acquire_on(ph, g, rng, (0, 1, 2, 3), noise), g, tgt)
    else:
        thick = rng.uniform(3.5, 6.5)
        pix = rng.uniform(0.9, 1.25)
        g1 = oblique_grid(ph.centre, rng, thick, pix, 20.0, extent_mm=ext)
        g2 = oblique_grid(ph.centre, rng, rng.uniform(3.5, 6.5), pix, 25.0, extent_mm=ext)
        if protocol == "thin_t1c":
            g0 = oblique_grid(ph.centre, rng, 1.0, 1.0, 8.0, extent_mm=ext)
            image[1] = resample(_acquire_on(ph, g0, rng, (1,), noise)[0], g0, tgt)
            image[0] = resample(_acquire_on(ph, g1, rng, (0,), noise)[0], g1, tgt)
        else:
            image[0:2] = resample(_acquire_on(ph, g1, rng, (0, 1), noise), g1, tgt)
        image[2:4] = resample(_acquire_on(ph, g2, rng, (2, 3), noise), g2, tgt)
    label, brain = labels_on(ph, tgt)
    mask = brain
    if mask_jitter:
        n = int(rng.integers(-2, 4))
        if n > 0:
            mask = ndimage.binary_dilation(mask, iterations=n)
        elif n < 0:
            mask = ndimage.binary_erosion(mask, iterations=-n) | (label > 0)
    return {"image": zscore_in_mask(image, mask), "label": label, "mask": mask, "protocol": protocol,
            "grid": tgt, "phantom": ph}
