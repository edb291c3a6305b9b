"""Rigid registration of a prior: a known shift + rotation applied at test time is recovered."""
import threading
import time

import numpy as np
import pytest
import SimpleITK as sitk

from viewer.mpr.cursor import LinkGroups, slice_through
from viewer.geometry.planes import rotation_matrix
from viewer.mpr.registration import (Registration, RegistrationCancelled, RegistrationError, RegistrationJob,
                                     RegistrationStore, register_rigid, rigid_error, to_sitk)
from tests.mpr.phantoms import mni_volume


def _known_transform() -> np.ndarray:
    t = np.eye(4)
    t[:3, :3] = rotation_matrix((0.3, -0.4, 1.0), 7.0)
    t[:3, 3] = (6.0, -4.5, 3.5)
    return t


@pytest.fixture(scope="module")
def current(shared_data):
    return mni_volume(shared_data, step=3)


@pytest.fixture(scope="module")
def prior(current):
    """The same brain scanned again: voxels resampled so that prior LPS = T @ current LPS."""
    t = _known_transform()
    inverse = sitk.AffineTransform(3)
    inv = np.linalg.inv(t)
    inverse.SetMatrix(inv[:3, :3].ravel().tolist())
    inverse.SetTranslation(inv[:3, 3].tolist())
    moved = sitk.Resample(to_sitk(current), to_sitk(current), inverse, sitk.sitkLinear, 0.0)
    return current.with_voxels(sitk.GetArrayFromImage(moved), frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.20",
                               series_instance_uid="1.2.826.0.1.3680043.2.1125.21")


def test_registration_recovers_known_rigid_transform_within_1mm_and_1deg(current, prior):
    reg = register_rigid(current, prior)
    dist, angle = rigid_error(reg.transform, _known_transform(), current.center_world)
    assert dist < 1.0 and angle < 1.0, (dist, angle, reg.stop_condition)
    # also at the edge of the brain, where a rotation error would show most
    corner_dist, _ = rigid_error(reg.transform, _known_transform(), current.center_world + (60, 60, 40))
    assert corner_dist < 1.0
    assert reg.fixed_frame_of_reference_uid != reg.moving_frame_of_reference_uid


def test_registration_links_the_cursor_across_frames_of_reference(current, prior):
    reg = register_rigid(current, prior)
    links = LinkGroups()
    assert links.map_point((0, 0, 0), current, prior) is None  # different frames: not linked yet
    links.add_transform(current.frame_of_reference_uid, prior.frame_of_reference_uid, reg.transform)
    p = current.center_world + (20.0, -10.0, 15.0)
    q = links.map_point(p, current, prior)
    assert np.linalg.norm(q - _known_transform()[:3, :3] @ p - _known_transform()[:3, 3]) < 1.0
    assert slice_through(prior, q).inside_slice
    back = links.map_point(q, prior, current)
    assert np.allclose(back, p, atol=1e-6)


def test_registration_is_kept_as_json_and_reused(current, prior, tmp_path):
    reg = Registration(matrix=_known_transform().tolist(), fixed_series_uid=current.series_instance_uid,
                       moving_series_uid=prior.series_instance_uid, metric=-0.5)
    store = RegistrationStore(tmp_path / "registrations")
    assert store.load(current.series_instance_uid, prior.series_instance_uid) is None
    store.save(reg)
    again = store.load(current.series_instance_uid, prior.series_instance_uid)
    assert np.allclose(again.transform, reg.transform) and again.metric == -0.5
    # a damaged file is ignored, not a crash
    next((tmp_path / "registrations").glob("*.json")).write_text("{not json", encoding="utf-8")
    assert store.load(current.series_instance_uid, prior.series_instance_uid) is None


def test_nudge_composes_a_small_user_correction():
    reg = Registration(matrix=_known_transform().tolist())
    nudged = reg.nudged_by(translation_mm=(1.0, 0.0, 0.0))
    p = np.array([10.0, 20.0, 30.0])
    assert np.allclose(nudged.map_point(p), reg.map_point(p + (1.0, 0.0, 0.0)))
    turned = reg.nudged_by(rotation_deg=(0.0, 0.0, 2.0), center=p)
    assert np.allclose(turned.map_point(p), reg.map_point(p))  # the centre stays put
    assert rigid_error(turned.transform, reg.transform, p)[1] == pytest.approx(2.0)
    assert nudged.nudged and not nudged.accepted


def test_cancel_from_another_thread_stops_the_registration(current, prior):
    progress = []
    job = RegistrationJob(current, prior, progress=lambda f, text: progress.append(f))
    outcome = {}

    def work():
        try:
            outcome["result"] = job.run()
        except RegistrationCancelled:
            outcome["cancelled"] = True

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 20
    while not progress and time.monotonic() < deadline:
        time.sleep(0.005)
    job.cancel()
    worker.join(30)
    assert not worker.is_alive()
    assert outcome == {"cancelled": True}
    assert progress and all(0.0 <= f <= 1.0 for f in progress)


def test_uniform_series_gives_a_clear_error(current):
    blank = current.with_voxels(np.zeros_like(current.voxels))
    with pytest.raises(RegistrationError, match="empty or uniform"):
        register_rigid(current, blank)
    single = current.with_voxels(current.voxels[30:31])
    with pytest.raises(RegistrationError, match="too thin"):
        register_rigid(current, single)


def test_big_series_register_on_a_coarser_pyramid():
    from viewer.mpr.registration import RegistrationSettings

    s = RegistrationSettings()
    assert s.shrink_for(64 * 64 * 35) == [4, 2, 1]
    assert s.shrink_for(512 * 512 * 300) == [12, 6, 3]  # finest level ~2.9 M voxels, not 79 M
