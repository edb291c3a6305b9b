"""The M1 pipeline: study → four sequences → registered, 1 mm, masked, normalised → network → SEG.

``segment_study(path, out_dir, ...)`` does it all from DICOM; ``segment_volumes(...)`` is the
DICOM-free core (volumes with LPS affines in, labels and probabilities on the T1c grid out).
Both take ``progress(stage, fraction)`` and a ``cancel`` :class:`threading.Event`, may run on a worker
thread, and raise :class:`~inference.dicom_series.Cancelled` (nothing written) when cancelled.
Everything happens in patient coordinates: each step carries its grid's index → LPS affine.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from scipy import ndimage

from .dicom_series import Cancelled, load_series, scan_study
from .models.loader import LoadedModel, load_model
from .preprocess import normalise
from .register import iso_grid, moves_less_than, prepare_fixed, resample_onto, rigid_register, to_sitk
from .select import choose_sequences
from .seg_output import label_volumes_ml, write_label_seg, write_probability_seg

Progress = Callable[[str, float], None]
STAGES = ("select", "load_model", "read", "register", "resample", "brain_mask", "normalise", "inference", "resample_back", "write")


@dataclass
class VolumeIn:
    voxels: np.ndarray  # [k, j, i]
    affine: np.ndarray  # index (i, j, k) -> LPS mm


@dataclass
class SegmentationResult:
    labels: np.ndarray  # [k, j, i] on the T1c grid
    probability: np.ndarray  # tumour probability [k, j, i] on the T1c grid
    affine: np.ndarray  # the T1c grid's affine
    volumes_ml: dict[str, float]
    model: dict
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # this process' CPU time per stage (benchmarks)
    brain_ml: float = 0.0
    warnings: list[str] = field(default_factory=list)
    seg: Path | None = None
    probability_seg: Path | None = None
    series: dict[str, str] = field(default_factory=dict)  # sequence -> series description (UID)
    network_input: np.ndarray | None = None  # the normalised 1 mm input, kept when asked (benchmarks)
    brain_mask_input: np.ndarray | None = None  # the 1 mm T1 the brain mask was made from, kept when asked

    def to_json(self) -> dict:
        return {"seg": str(self.seg) if self.seg else None,
                "probability_seg": str(self.probability_seg) if self.probability_seg else None,
                "volumes_ml": self.volumes_ml, "model": self.model,
                "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "brain_mask_ml": round(self.brain_ml, 1), "series": self.series, "warnings": self.warnings}


class _Clock:
    def __init__(self, progress: Progress | None, cancel: threading.Event | None):
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.progress, self.cancel = progress, cancel
        self._t, self._c = time.perf_counter(), time.process_time()

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def report(self, stage: str, fraction: float) -> None:
        if self.progress:
            self.progress(stage, min(1.0, max(0.0, fraction)))

    def done(self, stage: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._t
        self.cpu_seconds[stage] = self.cpu_seconds.get(stage, 0.0) + cpu - self._c
        self._t, self._c = now, cpu
        self.report(stage, 1.0)
        self.check()


def n_windows(shape, roi, overlap: float) -> int:
    n = 1
    for s, r in zip(shape, roi):
        step = max(1, int(r * (1 - overlap)))
        n *= 1 if s <= r else math.ceil((s - r) / step) + 1
    return n


def sliding_window(model: LoadedModel, image: np.ndarray, clock: _Clock | None = None) -> np.ndarray:
    """Softmax probabilities (N, k, j, i) of a normalised (C, k, j, i) image (MONAI sliding window)."""
    import torch
    from monai.inferers import sliding_window_inference

    man = model.manifest
    total, count = n_windows(image.shape[1:], man.patch_size, man.overlap), [0]

    def predictor(x):
        if clock is not None:
            clock.check()
        y = model.predict(x)
        count[0] += x.shape[0]
        if clock is not None:
            clock.report("inference", count[0] / total)
        return y

    x = torch.from_numpy(np.ascontiguousarray(image, np.float32))[None].to(model.device)
    with torch.no_grad():
        logits = sliding_window_inference(x, man.patch_size, 1, predictor, overlap=man.overlap, mode="gaussian")
        return torch.softmax(logits, 1)[0].float().cpu().numpy()


def _bbox(mask: np.ndarray, margin: int, shape) -> tuple[slice, ...]:
    idx = np.argwhere(mask)
    lo = np.maximum(idx.min(0) - margin, 0)
    hi = np.minimum(idx.max(0) + 1 + margin, shape)
    return tuple(slice(int(a), int(b)) for a, b in zip(lo, hi))


def _lattice_offset(src_affine: np.ndarray, dst_affine: np.ndarray) -> np.ndarray | None:
    """The integer (k, j, i) index of the source grid's first voxel on the destination grid when both grids
    are the same lattice (same axes and spacing, origins a whole number of voxels apart); else None."""
    if not np.allclose(src_affine[:3, :3], dst_affine[:3, :3], atol=1e-5):
        return None
    ijk = np.linalg.solve(dst_affine[:3, :3], src_affine[:3, 3] - dst_affine[:3, 3])
    if not np.allclose(ijk, np.rint(ijk), atol=1e-3):
        return None
    return np.rint(ijk[::-1]).astype(int)


def _pasted(values: np.ndarray, offset_kji: np.ndarray, dst_shape, cval: float) -> np.ndarray:
    """``values`` put at ``offset_kji`` into a ``dst_shape`` array filled with ``cval`` (no interpolation)."""
    out = np.full(dst_shape, cval, np.float32)
    lo = np.maximum(offset_kji, 0)
    hi = np.minimum(offset_kji + np.array(values.shape), dst_shape)
    if np.all(hi > lo):
        dst = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi))
        src = tuple(slice(int(a - o), int(b - o)) for a, b, o in zip(lo, hi, offset_kji))
        out[dst] = values[src]
    return out


def _to_grid(values: np.ndarray, src_affine: np.ndarray, dst_affine: np.ndarray, dst_shape, cval: float) -> np.ndarray:
    """Linear resampling of a [k, j, i] array from one grid onto another, through patient coordinates
    (a plain copy when both grids are the same lattice: interpolation at voxel centres changes nothing)."""
    off = _lattice_offset(src_affine, dst_affine)
    if off is not None:
        return _pasted(values, off, dst_shape, cval)
    k, j, i = np.meshgrid(*[np.arange(n, dtype=np.float32) for n in dst_shape], indexing="ij")
    m = (np.linalg.inv(src_affine) @ dst_affine).astype(np.float32)
    ii = m[0, 0] * i + m[0, 1] * j + m[0, 2] * k + m[0, 3]
    jj = m[1, 0] * i + m[1, 1] * j + m[1, 2] * k + m[1, 3]
    kk = m[2, 0] * i + m[2, 1] * j + m[2, 2] * k + m[2, 3]
    return ndimage.map_coordinates(values, [kk, jj, ii], order=1, mode="constant", cval=cval, prefilter=False)


def segment_volumes(volumes: dict[str, VolumeIn], model: LoadedModel, *, brain_mask: str | None = None,
                    register: bool = True, progress: Progress | None = None,
                    cancel: threading.Event | None = None, clock: _Clock | None = None,
                    keep_input: bool = False) -> SegmentationResult:
    """Segment four co-acquired volumes (keys = the manifest's sequence names); output on the T1c grid."""
    man = model.manifest
    clock = clock or _Clock(progress, cancel)
    missing = [s for s in man.sequences if s not in volumes]
    if missing:
        from .select import MissingSequenceError
        raise MissingSequenceError(f"missing sequence(s) {', '.join(missing)} for model {man.name!r}")
    ref = volumes["T1c"] if "T1c" in volumes else volumes[man.sequences[0]]
    transforms, warnings = {}, []
    if register:
        others = [s for s in man.sequences if volumes[s] is not ref]
        fixed = prepare_fixed(to_sitk(ref.voxels, ref.affine)) if others else None
        for n, s in enumerate(others):
            clock.report("register", n / max(1, len(others)))
            try:
                transforms[s] = rigid_register(fixed, to_sitk(volumes[s].voxels, volumes[s].affine))
            except RuntimeError as e:  # registration failed to converge: keep the scanner alignment
                warnings.append(f"{s}: rigid registration failed ({str(e).splitlines()[0]}); scanner alignment kept")
            clock.check()
    clock.done("register")
    iso_aff, iso_shape = iso_grid(ref.affine, ref.voxels.shape, spacing=man.spacing_mm[0])
    image = np.zeros((len(man.sequences),) + iso_shape, np.float32)
    for n, s in enumerate(man.sequences):
        v, tf = volumes[s], transforms.get(s)
        off = _lattice_offset(v.affine, iso_aff)
        if off is not None and moves_less_than(tf, 0.1):  # same lattice, no motion: resampling is a copy
            image[n] = _pasted(v.voxels, off, iso_shape, 0.0)
        else:
            image[n] = resample_onto(to_sitk(v.voxels, v.affine), iso_aff, iso_shape, tf)
        clock.report("resample", (n + 1) / len(man.sequences))
    clock.done("resample")
    how = brain_mask or man.brain_mask
    if how == "deepbet":
        from .brainmask import brain_mask as deepbet_mask
        t1 = image[man.sequences.index("T1")] if "T1" in man.sequences else image[0]
        mask = deepbet_mask(t1, device="cuda" if model.device == "cuda" else "cpu")
    else:
        mask = image.max(0) > 0
    brain_ml = float(mask.sum()) * float(np.prod(man.spacing_mm)) / 1000.0
    if not mask.any():
        raise ValueError("the brain mask is empty: is the T1 series a head?")
    clock.done("brain_mask")
    box = _bbox(mask, 8, mask.shape)
    norm = normalise(man.normalisation, image[(slice(None),) + box], mask[box])
    clock.done("normalise")
    probs_box = sliding_window(model, norm, clock)
    clock.done("inference")
    box_aff = iso_aff.copy()
    box_aff[:3, 3] = iso_aff[:3, 3] + iso_aff[:3, :3] @ np.array([box[2].start, box[1].start, box[0].start], float)
    off = _lattice_offset(box_aff, ref.affine)
    if off is not None:  # the T1c is on the network's lattice: labels and probability are pasted, not resampled
        labels = _pasted(probs_box.argmax(0).astype(np.float32), off, ref.voxels.shape, 0.0).astype(np.uint8)
        prob = np.clip(_pasted(1.0 - probs_box[0], off, ref.voxels.shape, 0.0), 0.0, 1.0)
    else:
        out = np.stack([_to_grid(probs_box[c], box_aff, ref.affine, ref.voxels.shape, 1.0 if c == 0 else 0.0)
                        for c in range(probs_box.shape[0])])
        labels = out.argmax(0).astype(np.uint8)
        prob = np.clip(1.0 - out[0], 0.0, 1.0).astype(np.float32)
    clock.done("resample_back")
    return SegmentationResult(labels=labels, probability=prob, affine=ref.affine.copy(),
                              volumes_ml=label_volumes_ml(labels, ref.affine, man.labels), model=model.summary(),
                              seconds=clock.seconds, cpu_seconds=clock.cpu_seconds, brain_ml=brain_ml, warnings=warnings,
                              network_input=norm if keep_input else None,
                              brain_mask_input=image[man.sequences.index("T1") if "T1" in man.sequences else 0]
                              if keep_input else None)


def segment_study(path: str | Path, out_dir: str | Path, *, model: LoadedModel | str | None = None,
                  device: str = "auto", backend: str = "auto", overrides: dict[str, str] | None = None, brain_mask: str | None = None,
                  progress: Progress | None = None, cancel: threading.Event | None = None,
                  keep_input: bool = False) -> SegmentationResult:
    """Segment the study under ``path``; write ``<out_dir>/<T1c series UID>_m1_seg.dcm`` (BINARY) and
    ``..._m1_prob.dcm`` (FRACTIONAL). May run on a worker thread."""
    clock = _Clock(progress, cancel)
    if isinstance(model, LoadedModel):
        man = model.manifest
    else:  # check the study against the manifest before paying for loading the weights
        from .models.loader import find_model
        from .models.manifest import read_manifest
        man = read_manifest(find_model(model))
    series = scan_study(path, cancel)
    chosen = choose_sequences(series, overrides, needed=man.sequences)
    if not isinstance(model, LoadedModel):
        clock.done("select")
        model = load_model(man.folder, backend=backend, device=device)
        clock.done("load_model")
    vols, loaded = {}, {}
    for n, s in enumerate(man.sequences):
        sv = load_series(chosen[s], cancel)
        loaded[s] = sv
        vols[s] = VolumeIn(sv.voxels, sv.affine)
        clock.report("read", (n + 1) / len(man.sequences))
    clock.done("read")
    res = segment_volumes(vols, model, brain_mask=brain_mask, progress=progress, cancel=cancel, clock=clock,
                          keep_input=keep_input)
    res.warnings = [f"{s}: {w}" for s, sv in loaded.items() for w in sv.warnings] + res.warnings
    res.series = {s: f"{sv.description} ({sv.series_uid})" for s, sv in loaded.items()}
    t1c = loaded["T1c"] if "T1c" in loaded else loaded[man.sequences[0]]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = model.weights.sha256
    res.seg = write_label_seg(res.labels, t1c.headers, man, sha, out_dir / f"{t1c.series_uid}_m1_seg.dcm")
    res.probability_seg = write_probability_seg(res.probability, t1c.headers, man, sha,
                                                out_dir / f"{t1c.series_uid}_m1_prob.dcm")
    clock.done("write")
    res.seconds = clock.seconds
    res.seconds["total"] = sum(v for k, v in clock.seconds.items() if k in STAGES)
    return res
