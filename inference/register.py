"""Rigid co-registration to the T1c series and resampling between grids, in patient coordinates.

SimpleITK works in LPS mm like DICOM, so a volume's affine maps straight onto an image's origin,
spacing and direction. Registration: Euler 3D, Mattes mutual information, three resolution levels
(shrink 4/2/1, smoothing 2/1/0 mm), initialised at identity (same frame of reference: the scanner's).
"""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk


def to_sitk(voxels: np.ndarray, affine: np.ndarray) -> sitk.Image:
    """A ``[k, j, i]`` array with its index → LPS affine as a SimpleITK image."""
    img = sitk.GetImageFromArray(np.ascontiguousarray(voxels, np.float32))
    spacing = np.linalg.norm(affine[:3, :3], axis=0)
    img.SetSpacing([float(s) for s in spacing])
    img.SetOrigin([float(x) for x in affine[:3, 3]])
    img.SetDirection([float(x) for x in (affine[:3, :3] / spacing).ravel()])
    return img


def iso_grid(affine: np.ndarray, shape_kji, spacing: float = 1.0, margin_mm: float = 0.0):
    """An LPS-aligned grid of ``spacing`` mm covering a volume's extent: ``(affine, shape [k, j, i])``."""
    k, j, i = shape_kji
    corners = np.array([[a, b, c, 1.0] for a in (-0.5, i - 0.5) for b in (-0.5, j - 0.5) for c in (-0.5, k - 0.5)])
    world = (affine @ corners.T).T[:, :3]
    lo, hi = world.min(0) - margin_mm, world.max(0) + margin_mm
    n = np.ceil((hi - lo) / spacing).astype(int)
    a = np.eye(4)
    a[:3, :3] *= spacing
    a[:3, 3] = lo + spacing / 2
    return a, (int(n[2]), int(n[1]), int(n[0]))


def rigid_register(fixed: sitk.Image, moving: sitk.Image, iterations: int = 60) -> sitk.Transform:
    """The rigid transform taking fixed-image points to moving-image points (what Resample needs)."""
    reg = sitk.ImageRegistrationMethod()
    reg.SetMetricAsMattesMutualInformation(numberOfHistogramBins=32)
    reg.SetMetricSamplingStrategy(reg.RANDOM)
    reg.SetMetricSamplingPercentage(0.05, seed=1)
    reg.SetInterpolator(sitk.sitkLinear)
    reg.SetOptimizerAsRegularStepGradientDescent(learningRate=1.0, minStep=1e-3, numberOfIterations=iterations,
                                                 relaxationFactor=0.6)
    reg.SetOptimizerScalesFromPhysicalShift()
    reg.SetShrinkFactorsPerLevel([4, 2])
    reg.SetSmoothingSigmasPerLevel([2.0, 1.0])
    reg.SmoothingSigmasAreSpecifiedInPhysicalUnitsOn()
    init = sitk.CenteredTransformInitializer(fixed, moving, sitk.Euler3DTransform(),
                                             sitk.CenteredTransformInitializerFilter.GEOMETRY)
    # same scanner frame: start from identity, only the centre of rotation from the initializer
    init = sitk.Euler3DTransform(init.GetCenter(), 0.0, 0.0, 0.0, (0.0, 0.0, 0.0))
    reg.SetInitialTransform(init, inPlace=False)
    return reg.Execute(sitk.Cast(fixed, sitk.sitkFloat32), sitk.Cast(moving, sitk.sitkFloat32))


def resample_onto(img: sitk.Image, affine: np.ndarray, shape_kji, transform: sitk.Transform | None = None,
                  linear: bool = True, default: float = 0.0) -> np.ndarray:
    """``img`` sampled at the voxel centres of the grid ``(affine, shape)`` → ``[k, j, i]`` float32."""
    ref = to_sitk(np.zeros(shape_kji, np.float32), affine)
    out = sitk.Resample(img, ref, transform or sitk.Transform(), sitk.sitkLinear if linear else sitk.sitkNearestNeighbor,
                        default, sitk.sitkFloat32)
    return sitk.GetArrayFromImage(out)
