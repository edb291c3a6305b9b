"""Registration accuracy: a series acquired after the patient moved (a known rigid motion the headers do
not know about) is brought back onto the T1c: within a millimetre on average over the brain and 2 mm at
worst (the slices are 5 mm thick), and a series without
motion stays where the scanner put it. Thick oblique slices on differently tilted grids, T2 against T1c
(different contrasts: mutual information)."""
from __future__ import annotations

import numpy as np
import pytest

from inference.register import moves_less_than, prepare_fixed, rigid_register, to_sitk
from inference.synthetic.acquire import Grid, acquire, centred_grid
from inference.synthetic.phantom import HeadPhantom, rotation

from .conftest import thick_oblique_grids


def _motion(degrees: float, axis, shift_mm, centre) -> np.ndarray:
    m = np.eye(4)
    m[:3, :3] = rotation(axis, degrees)
    m[:3, 3] = np.asarray(shift_mm, float) + centre - m[:3, :3] @ centre
    return m


@pytest.fixture(scope="module")
def head():
    rng = np.random.default_rng(8080)
    ph = HeadPhantom(rng, tumour_radius_mm=12.0)
    grids = thick_oblique_grids(ph.centre)
    t1c = acquire(ph, grids["T1c"], rng, channels=(1,))[0]
    return ph, grids, rng, prepare_fixed(to_sitk(t1c, grids["T1c"].affine))


def _brain_points(ph, n=400, seed=1):
    rng = np.random.default_rng(seed)
    u = rng.uniform(-1, 1, (4 * n, 3))
    u = u[np.linalg.norm(u, axis=1) < 1][:n]
    return ph.centre + u * ph.axes * 0.9


def _errors_mm(transform, truth: np.ndarray, pts: np.ndarray) -> np.ndarray:
    got = np.array([transform.TransformPoint([float(x) for x in p]) for p in pts])
    want = pts @ truth[:3, :3].T + truth[:3, 3]
    return np.linalg.norm(got - want, axis=1)


@pytest.mark.parametrize("degrees, axis, shift", [(4.0, (0.3, 1.0, 0.2), (3.0, -4.0, 2.5)),
                                                  (-3.0, (1.0, 0.0, 0.4), (-5.0, 2.0, -3.0))])
def test_moved_series_is_registered_within_a_millimetre(head, degrees, axis, shift):
    ph, grids, rng, fixed = head
    g = grids["T2"]
    motion = _motion(degrees, axis, shift, ph.centre)  # where the head now is, in the scanner's LPS
    # the scanner images the moved head but writes the original grid into the headers
    moved_grid = Grid(np.linalg.inv(motion) @ g.affine, g.shape)
    t2 = acquire(ph, moved_grid, rng, channels=(2,))[0]
    tf = rigid_register(fixed, to_sitk(t2, g.affine))
    # a T1c point p shows the anatomy the T2's headers put at motion @ p
    err = _errors_mm(tf, motion, _brain_points(ph))
    assert err.mean() < 1.0 and err.max() < 2.0, f"registration off by {err.mean():.2f} mm on average, {err.max():.2f} at worst"
    assert _errors_mm(tf, np.eye(4), _brain_points(ph)).mean() > 3.0  # the motion was there to be found


def test_series_without_motion_stays_in_place(head):
    ph, grids, rng, fixed = head
    g = grids["FLAIR"]
    flair = acquire(ph, g, rng, channels=(3,))[0]
    tf = rigid_register(fixed, to_sitk(flair, g.affine))
    err = _errors_mm(tf, np.eye(4), _brain_points(ph))
    assert err.mean() < 1.0 and err.max() < 2.0, f"a still series moved by {err.mean():.2f} mm on average, {err.max():.2f} at worst"


def test_moves_less_than_measures_the_displacement():
    import SimpleITK as sitk

    assert moves_less_than(None, 0.1)
    assert moves_less_than(sitk.Euler3DTransform((0, 0, 0), 0, 0, 0, (0.02, 0.0, 0.0)), 0.1)
    assert not moves_less_than(sitk.Euler3DTransform((0, 0, 0), 0, 0, 0, (0.5, 0.0, 0.0)), 0.1)
    # 0.2 degrees about the centre is 0.35 mm at 100 mm from it
    assert not moves_less_than(sitk.Euler3DTransform((0, 0, 0), np.radians(0.2), 0, 0, (0, 0, 0)), 0.1)
