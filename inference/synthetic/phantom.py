"""An analytic synthetic head with a brain tumour, defined in patient coordinates (LPS mm).

The phantom is a function of position, not an array: :meth:`HeadPhantom.sample` evaluates the four
contrasts (T1, T1c, T2, FLAIR), the BraTS labels (1 necrosis, 2 oedema, 3 enhancing) and the brain
mask at any points, so the same head can be "acquired" on any grid (thin axial, thick oblique ...).

Anatomy (all sizes jittered per case): scalp, skull, CSF shell, cortex and white matter with a gyral
texture, two lateral ventricles; the tumour has a necrotic core, an enhancing rim and surrounding
oedema (or, for a "low-grade" case, a FLAIR-bright lesion with at most a small enhancing focus).
Intensities are tissue fractions times per-tissue means (jittered), with a smooth texture; the
multiplicative bias field and the noise belong to the acquisition (see ``acquire.py``).

Training data for the demo model only: nothing here resembles a real patient closely enough for
clinical use.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

SEQUENCES = ("T1", "T1c", "T2", "FLAIR")
TISSUES = ("scalp", "skull", "csf", "gm", "wm", "necrosis", "enhancing", "oedema")
# mean signal per tissue (rows) and sequence (columns T1, T1c, T2, FLAIR), arbitrary units
_MEANS = np.array([
    [0.90, 0.95, 0.60, 0.70],  # scalp (fat)
    [0.08, 0.10, 0.08, 0.08],  # skull
    [0.20, 0.22, 1.00, 0.12],  # csf
    [0.50, 0.52, 0.62, 0.58],  # grey matter
    [0.72, 0.73, 0.45, 0.45],  # white matter
    [0.25, 0.28, 0.90, 0.55],  # necrosis
    [0.45, 1.05, 0.65, 0.72],  # enhancing tumour
    [0.40, 0.42, 0.82, 0.88],  # oedema
])


def rotation(axis, degrees: float) -> np.ndarray:
    """3x3 rotation by ``degrees`` about ``axis`` (Rodrigues)."""
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    t = np.radians(degrees)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * k @ k


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@dataclass
class SmoothField:
    """A smooth random field in mm (zero mean, unit-ish amplitude), evaluated by interpolation."""

    rng: np.random.Generator
    cell_mm: float
    extent_mm: float = 320.0
    lattice: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = int(np.ceil(self.extent_mm / self.cell_mm)) + 3
        raw = self.rng.standard_normal((n, n, n)).astype(np.float32)
        sm = ndimage.gaussian_filter(raw, 0.8)
        self.lattice = (sm / (sm.std() + 1e-6)).astype(np.float32)

    def __call__(self, pts: np.ndarray) -> np.ndarray:
        idx = (pts.T + self.extent_mm / 2.0) / self.cell_mm + 1.0
        return ndimage.map_coordinates(self.lattice, idx, order=1, mode="nearest", prefilter=False)


@dataclass
class TumourSpec:
    centre: np.ndarray  # LPS mm
    radius_mm: float
    necrosis_fraction: float  # of the radius; 0 = solid
    oedema_extent: float  # oedema outer radius / tumour radius
    low_grade: bool


class HeadPhantom:
    """One random synthetic head. ``side``: 'left' (LPS x > 0), 'right' or None (random)."""

    def __init__(self, rng: np.random.Generator, side: str | None = None, scale: float | None = None,
                 tumour_radius_mm: float | None = None):
        self.rng = rng
        s = float(scale if scale is not None else rng.uniform(0.9, 1.08))
        self.axes = np.array([66.0, 82.0, 58.0]) * s * rng.uniform(0.95, 1.05, 3)  # LR, AP, SI
        self.centre = rng.uniform(-4, 4, 3)
        self.mean_axis = float(self.axes.mean())
        self.means = _MEANS * rng.uniform(0.88, 1.12, _MEANS.shape)
        self.f_shape = SmoothField(rng, 40.0)
        self.f_gyri = SmoothField(rng, 7.0)
        self.f_tex = SmoothField(rng, 3.0)
        self.wm_level = rng.uniform(0.78, 0.86)
        self.tumour = self._make_tumour(side, tumour_radius_mm)
        r = self.tumour.radius_mm
        self.f_tum = SmoothField(rng, max(4.0, r / 2.0))
        self.f_oed = SmoothField(rng, max(5.0, r / 1.5))
        self.focus = self.tumour.centre + rng.normal(0, r * 0.3, 3)
        self.focus_r = rng.uniform(2.5, 5.0) if rng.random() < 0.6 else 0.0
        self.vent_scale = rng.uniform(0.7, 1.3)
        self.pose = rotation(rng.standard_normal(3), rng.uniform(0, 12))  # head pose in the scanner

    # ---- geometry ---------------------------------------------------------------------------
    def _make_tumour(self, side: str | None, radius: float | None) -> TumourSpec:
        rng = self.rng
        low = bool(rng.random() < 0.2)
        radius = float(radius if radius is not None else rng.uniform(6.0, 20.0))
        for _ in range(200):
            u = rng.uniform(-1, 1, 3)
            if np.linalg.norm(u) > 1:
                continue
            pos = self.centre + u * (self.axes - radius * 1.1 - 8) * 0.85
            if side == "left" and pos[0] - self.centre[0] < 20:  # clearly in one hemisphere
                continue
            if side == "right" and pos[0] - self.centre[0] > -20:
                continue
            if abs(pos[0] - self.centre[0]) < 8 + radius * 0.5 and side is None:
                continue  # keep off the midline / ventricles
            break
        nec = 0.0 if (low or rng.random() < 0.2) else rng.uniform(0.35, 0.75)
        return TumourSpec(pos, radius, nec, rng.uniform(1.2, 1.9), low)

    def brain_radius(self, pts: np.ndarray) -> np.ndarray:
        """Normalised ellipsoid radius (1 at the brain surface), shape-perturbed."""
        q = (pts - self.centre) / self.axes
        return np.sqrt((q * q).sum(1)) * (1.0 + 0.035 * self.f_shape(pts))

    # ---- sampling ---------------------------------------------------------------------------
    def sample(self, pts: np.ndarray, want_image: bool = True):
        """Evaluate at ``pts`` (N, 3) LPS mm → (image (4, N) float32 or None, labels (N,) uint8, brain (N,) bool)."""
        pts = np.asarray(pts, dtype=np.float32)
        pts = ((pts - self.centre) @ self.pose.astype(np.float32) + self.centre).astype(np.float32)
        A, w = self.mean_axis, 0.8
        r = self.brain_radius(pts)
        t = self.tumour
        dvec = pts - t.centre
        dist = np.sqrt((dvec * dvec).sum(1))
        d = dist / t.radius_mm * (1.0 + 0.18 * self.f_tum(pts))
        d_o = dist / (t.radius_mm * t.oedema_extent) * (1.0 + 0.3 * self.f_oed(pts))
        in_brain = r < 1.0
        labels = np.zeros(len(pts), np.uint8)
        if t.low_grade:
            lesion = in_brain & (d < 1.0)
            labels[lesion] = 2
            if self.focus_r > 0:
                fd = np.sqrt(((pts - self.focus) ** 2).sum(1))
                labels[lesion & (fd < self.focus_r)] = 3
        else:
            labels[in_brain & (d_o < 1.0)] = 2
            labels[in_brain & (d < 1.0)] = 3
            if t.necrosis_fraction > 0:
                labels[in_brain & (d < t.necrosis_fraction)] = 1
        if not want_image:
            return None, labels, in_brain
        img = np.zeros((4, len(pts)), np.float32)
        head = r < 1.0 + 20.0 / A  # beyond the scalp: air
        if head.any():
            img[:, head] = self._image(pts[head], r[head], d[head], d_o[head], A, w)
        return img, labels, in_brain

    def _image(self, pts, r, d, d_o, A, w) -> np.ndarray:
        t = self.tumour
        b = _sigmoid((1.0 - r) * A / w)
        c1 = _sigmoid((1.0 + 3.0 / A - r) * A / w)
        s1 = _sigmoid((1.0 + 9.0 / A - r) * A / w)
        h1 = _sigmoid((1.0 + 15.0 / A - r) * A / w)
        fr_csf, fr_skull, fr_scalp = c1 - b, s1 - c1, h1 - s1
        # ventricles: two ellipsoids either side of the midline
        vent = np.zeros(len(pts), np.float32)
        for sgn in (-1.0, 1.0):
            vc = self.centre + np.array([sgn * 9.0, -2.0, 12.0])
            va = np.array([6.0, 24.0, 9.0]) * self.vent_scale
            q = (pts - vc) / va
            vent = np.maximum(vent, _sigmoid((1.0 - np.sqrt((q * q).sum(1))) * 6.0 / w))
        wm = _sigmoid((self.wm_level - r + 0.07 * self.f_gyri(pts)) * A / 1.2)
        sulci = _sigmoid((self.f_gyri(pts * 1.37 + 11.0) - 1.3) * 4.0) * _sigmoid((r - 0.88) * A / 2.0)
        R = t.radius_mm
        if t.low_grade:
            les = _sigmoid((1.0 - d) * R / w)
            if self.focus_r > 0:
                fd = np.sqrt(((pts - self.focus) ** 2).sum(1))
                enh = les * _sigmoid((self.focus_r - fd) / w)
            else:
                enh = np.zeros_like(les)
            nec, oed = np.zeros_like(les), les - enh
        else:
            enh_all = _sigmoid((1.0 - d) * R / w)
            nec = _sigmoid((t.necrosis_fraction - d) * R / w) if t.necrosis_fraction > 0 else np.zeros_like(enh_all)
            enh = np.clip(enh_all - nec, 0, 1)
            oed = np.clip(_sigmoid((1.0 - d_o) * R * t.oedema_extent / (2 * w)) - enh_all, 0, 1)
        normal = np.clip(1.0 - nec - enh - oed, 0, 1)
        tex = 1.0 + 0.04 * self.f_tex(pts)
        m = self.means
        out = np.empty((4, len(pts)), np.float32)
        for ch in range(4):
            parenchyma = (1 - sulci) * (wm * m[4, ch] + (1 - wm) * m[3, ch]) + sulci * m[2, ch]
            tissue = vent * m[2, ch] + (1 - vent) * parenchyma
            brain = normal * tissue + nec * m[5, ch] + enh * m[6, ch] + oed * m[7, ch]
            out[ch] = (fr_scalp * m[0, ch] + fr_skull * m[1, ch] + fr_csf * m[2, ch] + b * brain) * tex
        return out
