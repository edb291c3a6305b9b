"""Rigid registration of a prior study to the current one (SimpleITK), for linking across frames of
reference.

``register_rigid(current, prior)`` returns a :class:`Registration` whose ``matrix`` maps patient LPS
of the current series' frame of reference to LPS of the prior's: ``prior_point = M @ current_point``.
It is what ``LinkGroups.add_transform(current.frame_of_reference_uid, prior.frame_of_reference_uid, M)``
needs. Results are JSON-serialisable (:class:`RegistrationStore` keeps them per series pair so they are
computed once and reused) and can be nudged by the user, then accepted.

Registration takes seconds: run :class:`RegistrationJob` on a worker thread; it reports progress and can
be cancelled. It is fast because both series are first averaged down to about 3 mm voxels
(``target_spacing_mm``), the metric is sampled only inside the head (an Otsu mask of the current series,
closed, filled and dilated), and a three-level pyramid (about 12, 6, 3 mm) starts coarse; brain-scale accuracy
stays within a millimetre of a full-resolution registration (``benchmarks/registration.py``).
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

import numpy as np

from viewer.geometry.planes import rotation_matrix


if TYPE_CHECKING:
    import SimpleITK as sitk


def _sitk():
    """SimpleITK, imported on first use (keeps it out of the workstation's start-up)."""
    import SimpleITK

    return SimpleITK


class RegistrationCancelled(Exception):
    """The user cancelled the registration."""


class RegistrationError(Exception):
    """The registration could not run (e.g. empty image); the message says why."""


@dataclass
class Registration:
    """A rigid transform from the current series' patient space to the prior's."""

    matrix: list[list[float]]  # 4x4, current LPS → prior LPS
    fixed_series_uid: str = ""
    moving_series_uid: str = ""
    fixed_frame_of_reference_uid: str = ""
    moving_frame_of_reference_uid: str = ""
    metric: float | None = None  # final Mattes mutual information (lower is better)
    iterations: int = 0
    stop_condition: str = ""
    elapsed_s: float = 0.0
    accepted: bool = False  # the user confirmed it
    nudged: bool = False  # the user adjusted it by hand
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))

    @property
    def transform(self) -> np.ndarray:
        return np.asarray(self.matrix, dtype=float)

    def map_point(self, point) -> np.ndarray:
        m = self.transform
        return m[:3, :3] @ np.asarray(point, dtype=float) + m[:3, 3]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Registration":
        data = json.loads(text)
        m = np.asarray(data.get("matrix"), dtype=float)
        if m.shape != (4, 4) or not np.allclose(m[3], [0, 0, 0, 1]):
            raise RegistrationError("stored registration has no valid 4x4 matrix")
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def nudged_by(self, translation_mm=(0.0, 0.0, 0.0), rotation_deg=(0.0, 0.0, 0.0), center=None) -> "Registration":
        """A copy with a small user correction composed in the current series' space: the current point
        is first rotated by ``rotation_deg`` (about the LPS x, y, z axes through ``center``, default the
        origin) and translated by ``translation_mm``, then mapped by this registration."""
        r = np.eye(3)
        for axis, angle in zip(np.eye(3), rotation_deg):
            if angle:
                r = rotation_matrix(axis, angle) @ r
        return self._composed(r, translation_mm, center)

    def nudged_by_axis(self, axis, angle_deg: float, center=None) -> "Registration":
        """A copy whose current-space points are first rotated by ``angle_deg`` about ``axis`` (LPS)
        through ``center``."""
        return self._composed(rotation_matrix(axis, angle_deg), (0.0, 0.0, 0.0), center)

    def _composed(self, r: np.ndarray, translation_mm, center) -> "Registration":
        c = np.zeros(3) if center is None else np.asarray(center, dtype=float)
        n = np.eye(4)
        n[:3, :3] = r
        n[:3, 3] = c - r @ c + np.asarray(translation_mm, dtype=float)
        out = Registration(**asdict(self))
        out.matrix = (self.transform @ n).tolist()
        out.nudged, out.accepted = True, False
        return out


def rigid_error(estimated, truth, at_point) -> tuple[float, float]:
    """(distance in mm at ``at_point``, rotation angle in degrees) between two rigid 4x4 transforms."""
    e, t = np.asarray(estimated, dtype=float), np.asarray(truth, dtype=float)
    p = np.asarray(at_point, dtype=float)
    dist = float(np.linalg.norm((e[:3, :3] @ p + e[:3, 3]) - (t[:3, :3] @ p + t[:3, 3])))
    r = e[:3, :3] @ t[:3, :3].T
    angle = float(np.degrees(np.arccos(np.clip((np.trace(r) - 1) / 2, -1.0, 1.0))))
    return dist, angle


def to_sitk(volume, t: int = 0) -> sitk.Image:
    """A float32 SimpleITK image with the volume's geometry (both use LPS and columns = axes)."""
    sitk = _sitk()
    img = sitk.GetImageFromArray(np.ascontiguousarray(volume.frame(t), dtype=np.float32))
    img.SetSpacing([float(s) for s in volume.spacing])
    img.SetOrigin([float(o) for o in volume.origin])
    img.SetDirection([float(x) for x in np.asarray(volume.direction, dtype=float).ravel()])
    return img


def _euler_to_matrix(tx: sitk.Transform) -> np.ndarray:
    """4x4 of a SimpleITK matrix-offset transform: x → R (x - c) + c + t."""
    sitk = _sitk()
    e = sitk.Euler3DTransform(tx)
    r = np.asarray(e.GetMatrix(), dtype=float).reshape(3, 3)
    c = np.asarray(e.GetCenter(), dtype=float)
    t = np.asarray(e.GetTranslation(), dtype=float)
    m = np.eye(4)
    m[:3, :3] = r
    m[:3, 3] = c + t - r @ c
    return m


@dataclass
class RegistrationSettings:
    shrink_factors: tuple[int, ...] = (4, 2, 1)
    smoothing_sigmas_mm: tuple[float, ...] = (2.0, 1.0, 0.0)
    histogram_bins: int = 32
    sampling_fraction: float = 0.25
    iterations_per_level: int = 200
    learning_rate: float = 1.0
    min_step: float = 1e-4
    initializer: str = "geometry"  # or "moments"
    seed: int = 20261125
    max_voxels_finest: int = 3_000_000  # larger series start coarser (all factors multiplied)
    target_spacing_mm: float | None = 3.0  # average both series down to about this first (None: full resolution)
    mask_head: bool = True  # sample the metric only inside the head of the current series

    def shrink_for(self, n_voxels: int) -> list[int]:
        """Shrink factors for a fixed image of ``n_voxels``: ``shrink_factors`` times the smallest
        integer that brings the finest level under ``max_voxels_finest`` (keeps big series fast)."""
        base = max(1, int(np.ceil((n_voxels / self.max_voxels_finest) ** (1.0 / 3.0) - 1e-9)))
        return [f * base for f in self.shrink_factors]


class RegistrationJob:
    """One rigid registration, run with :meth:`run` on a worker thread; :meth:`cancel` from any thread.

    ``progress(fraction, text)`` is called from the worker thread."""

    def __init__(self, current, prior, settings: RegistrationSettings | None = None,
                 progress: Callable[[float, str], None] | None = None) -> None:
        self.current, self.prior = current, prior
        self.settings = settings or RegistrationSettings()
        self.progress = progress
        self._cancel = threading.Event()
        self._method: sitk.ImageRegistrationMethod | None = None

    def cancel(self) -> None:
        """Ask the running registration to stop (safe from any thread)."""
        self._cancel.set()
        if self._method is not None:
            self._method.StopRegistration()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> Registration:
        """Register the prior (moving) to the current series (fixed). Runs on a worker thread.
        Raises :class:`RegistrationCancelled` or :class:`RegistrationError`."""
        sitk = _sitk()
        s = self.settings
        if self.cancelled:
            raise RegistrationCancelled()
        fixed, moving = to_sitk(self.current), to_sitk(self.prior)
        for name, img in (("current", fixed), ("prior", moving)):
            arr = sitk.GetArrayViewFromImage(img)
            if min(img.GetSize()) < 4:
                raise RegistrationError(f"the {name} series is too thin to register (a 3D volume of at least "
                                        f"4 slices is needed, it has {img.GetSize()[2]})")
            if float(arr.max()) == float(arr.min()):
                raise RegistrationError(f"the {name} series is empty or uniform; nothing to register")
        t_start = time.perf_counter()
        fixed, moving = downsampled(fixed, s.target_spacing_mm), downsampled(moving, s.target_spacing_mm)
        if self.cancelled:
            raise RegistrationCancelled()
        mask = head_mask(fixed) if s.mask_head else None
        if self.cancelled:
            raise RegistrationCancelled()
        if self.progress is not None:
            self.progress(0.02, "prepared (downsampled, head mask)")
        init_mode = (sitk.CenteredTransformInitializerFilter.MOMENTS if s.initializer == "moments"
                     else sitk.CenteredTransformInitializerFilter.GEOMETRY)
        transform = sitk.CenteredTransformInitializer(fixed, moving, sitk.Euler3DTransform(), init_mode)
        transform = sitk.Euler3DTransform(transform)

        r = sitk.ImageRegistrationMethod()
        self._method = r
        r.SetMetricAsMattesMutualInformation(numberOfHistogramBins=s.histogram_bins)
        r.SetMetricSamplingStrategy(r.RANDOM)
        r.SetMetricSamplingPercentage(s.sampling_fraction, s.seed)
        if mask is not None:
            r.SetMetricFixedMask(mask)
        r.SetInterpolator(sitk.sitkLinear)
        r.SetOptimizerAsRegularStepGradientDescent(
            learningRate=s.learning_rate, minStep=s.min_step, numberOfIterations=s.iterations_per_level,
            relaxationFactor=0.5, gradientMagnitudeTolerance=1e-8)
        r.SetOptimizerScalesFromPhysicalShift()
        r.SetShrinkFactorsPerLevel(s.shrink_for(int(np.prod(fixed.GetSize()))))
        r.SetSmoothingSigmasPerLevel(list(s.smoothing_sigmas_mm))
        r.SmoothingSigmasAreSpecifiedInPhysicalUnitsOn()
        r.SetInitialTransform(transform, inPlace=True)

        levels = len(s.shrink_factors)
        count = {"it": 0}
        shown = {"frac": 0.02}

        def on_iteration() -> None:
            count["it"] += 1
            if self._cancel.is_set():
                r.StopRegistration()
                return
            if self.progress is not None:
                level = r.GetCurrentLevel()
                frac = (level + min(1.0, r.GetOptimizerIteration() / s.iterations_per_level)) / levels
                shown["frac"] = max(shown["frac"], min(0.02 + 0.97 * frac, 0.99))  # never backwards
                self.progress(shown["frac"], f"level {level + 1}/{levels}, metric {r.GetMetricValue():.4f}")

        r.AddCommand(sitk.sitkIterationEvent, on_iteration)
        try:
            r.Execute(fixed, moving)
        except RuntimeError as exc:  # ITK exceptions (e.g. too few samples overlap)
            if self.cancelled:
                raise RegistrationCancelled() from None
            raise RegistrationError(f"registration failed: {str(exc).strip().splitlines()[-1]}") from None
        finally:
            self._method = None
        if self.cancelled:
            raise RegistrationCancelled()
        if self.progress is not None:
            self.progress(1.0, "done")
        c, p = self.current, self.prior
        return Registration(
            matrix=_euler_to_matrix(transform).tolist(),
            fixed_series_uid=c.series_instance_uid, moving_series_uid=p.series_instance_uid,
            fixed_frame_of_reference_uid=c.frame_of_reference_uid,
            moving_frame_of_reference_uid=p.frame_of_reference_uid,
            metric=float(r.GetMetricValue()), iterations=count["it"],
            stop_condition=r.GetOptimizerStopConditionDescription(),
            elapsed_s=time.perf_counter() - t_start)


def downsampled(img: sitk.Image, target_mm: float | None) -> sitk.Image:
    """``img`` averaged over whole bins of voxels so that each axis' spacing is about ``target_mm``
    (BinShrink: a box filter and a shrink in one pass; patient geometry kept). ``None``: unchanged."""
    sitk = _sitk()
    if not target_mm:
        return img
    factors = [max(1, int(round(target_mm / sp))) for sp in img.GetSpacing()]
    factors = [min(f, max(1, n // 8)) for f, n in zip(factors, img.GetSize())]  # keep at least 8 voxels
    return img if factors == [1, 1, 1] else sitk.BinShrink(img, factors)


def head_mask(img: sitk.Image) -> sitk.Image | None:
    """The head in ``img`` as a 0/1 mask: Otsu threshold, largest component, closed, holes filled, dilated
    by about 6 mm (the skull's edge informs the metric). None when no plausible head is found."""
    sitk = _sitk()
    fg = sitk.OtsuThreshold(img, 0, 1)
    largest = sitk.RelabelComponent(sitk.ConnectedComponent(fg), sortByObjectSize=True) == 1
    radius = [max(1, int(round(6.0 / sp))) for sp in img.GetSpacing()]
    mask = sitk.BinaryDilate(sitk.BinaryFillhole(sitk.BinaryMorphologicalClosing(largest, radius)), radius)
    inside = float(np.mean(sitk.GetArrayViewFromImage(mask)))
    return sitk.Cast(mask, sitk.sitkUInt8) if 0.02 < inside < 0.98 else None


def register_rigid(current, prior, settings: RegistrationSettings | None = None, progress=None) -> Registration:
    """Blocking convenience wrapper around :class:`RegistrationJob` (call it on a worker thread)."""
    return RegistrationJob(current, prior, settings, progress).run()


class RegistrationStore:
    """Registrations kept as JSON files in ``folder``, one per (current series, prior series) pair."""

    def __init__(self, folder) -> None:
        self.folder = Path(folder)

    def _path(self, fixed_series_uid: str, moving_series_uid: str) -> Path:
        if not fixed_series_uid or not moving_series_uid:
            raise RegistrationError("a stored registration needs both series instance UIDs")
        safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in f"{fixed_series_uid}__{moving_series_uid}")
        return self.folder / f"{safe}.json"

    def save(self, reg: Registration) -> Path:
        path = self._path(reg.fixed_series_uid, reg.moving_series_uid)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(reg.to_json(), encoding="utf-8")
        tmp.replace(path)
        return path

    def load(self, fixed_series_uid: str, moving_series_uid: str) -> Registration | None:
        """The stored registration, or None when there is none or it is unreadable."""
        path = self._path(fixed_series_uid, moving_series_uid)
        if not path.is_file():
            return None
        try:
            return Registration.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, RegistrationError):
            return None
