"""Priors side by side: registration off the GUI thread links the cursor; kept, reused, nudged, accepted."""
import numpy as np
import pytest
import SimpleITK as sitk
from PySide6.QtCore import QPoint, Qt

from viewer.geometry.planes import rotation_matrix
from viewer.mpr.registration import RegistrationStore, rigid_error, to_sitk
from viewer.qt.mpr_priors_view import PriorsView
from tests.mpr.gui.helpers import grab
from tests.mpr.phantoms import mni_volume

pytestmark = pytest.mark.gui


def _truth() -> np.ndarray:
    t = np.eye(4)
    t[:3, :3] = rotation_matrix((0.2, 1.0, 0.3), -6.0)
    t[:3, 3] = (-5.0, 7.0, 4.0)
    return t


@pytest.fixture(scope="module")
def pair(shared_data):
    current = mni_volume(shared_data, step=3)
    inv = np.linalg.inv(_truth())
    tx = sitk.AffineTransform(3)
    tx.SetMatrix(inv[:3, :3].ravel().tolist())
    tx.SetTranslation(inv[:3, 3].tolist())
    moved = sitk.Resample(to_sitk(current), to_sitk(current), tx, sitk.sitkLinear, 0.0)
    prior = current.with_voxels(sitk.GetArrayFromImage(moved), frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.30",
                                series_instance_uid="1.2.826.0.1.3680043.2.1125.31")
    return current, prior


def _similarity(view) -> float:
    a, b = grab(view.left), grab(view.right)
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


def test_registration_runs_off_the_gui_thread_and_links_the_cursor(qtbot, show, pair, tmp_path):
    current, prior = pair
    store = RegistrationStore(tmp_path)
    view = show(PriorsView(current, prior, store), 1100, 520)
    assert view.registration is None and view.register_button.isEnabled()
    before = _similarity(view)
    ticks = []
    qtbot.mouseClick(view.register_button, Qt.LeftButton)
    assert view.cancel_button.isEnabled()  # the GUI is free while it runs
    qtbot.waitUntil(lambda: (ticks.append(1) or True) and view.registration is not None, timeout=90_000)
    assert len(ticks) > 1  # the event loop kept turning during the registration
    dist, angle = rigid_error(view.registration.transform, _truth(), current.center_world)
    assert dist < 1.0 and angle < 1.0
    # the prior now shows the same anatomy as the current view
    assert _similarity(view) > max(0.9, before + 0.1)

    # a click in the current series puts the prior's cursor on the same anatomy
    target = current.center_world + (15.0, -20.0, 0.0)
    x, y = view.left.widget_pos_of(target)
    qtbot.mouseClick(view.left, Qt.LeftButton, pos=QPoint(int(round(x)), int(round(y))))
    expected = _truth()[:3, :3] @ view.point + _truth()[:3, 3]
    assert np.linalg.norm(view.prior_point() - expected) < 1.0
    assert np.allclose(view.point[:2], target[:2], atol=1.5)

    # nudge, accept: kept on disk
    m0 = view.registration.transform.copy()
    qtbot.mouseClick(view.nudge_buttons["right"], Qt.LeftButton)
    assert not np.allclose(view.registration.transform, m0) and not view.registration.accepted
    qtbot.mouseClick(view.accept_button, Qt.LeftButton)
    kept = store.load(current.series_instance_uid, prior.series_instance_uid)
    assert kept.accepted and np.allclose(kept.transform, view.registration.transform)

    # next time the same pair opens linked, without registering again
    again = show(PriorsView(current, prior, store), 1100, 520)
    assert again.registration is not None and again.registration.accepted
    assert np.allclose(again.registration.transform, kept.transform)
    assert again._thread is None


def test_nudging_moves_the_prior_image_the_way_the_arrow_points(show, pair):
    current, prior = pair
    view = show(PriorsView(current, prior), 900, 450)
    from viewer.mpr.registration import Registration

    view.registration = Registration(matrix=_truth().tolist())
    view.refresh()
    view._update_buttons()
    before = view.right.widget_pos_of(view.prior_point())
    view.nudge("right")
    # the prior anatomy that was under the cursor moved 1 mm to the screen's right
    anatomy = _truth()[:3, :3] @ view.point + _truth()[:3, 3]
    after = view.right.widget_pos_of(anatomy)
    mm_per_px = 1.0 / (after[0] - before[0])
    assert 0 < mm_per_px < 2.0 and abs(after[1] - before[1]) < 0.2


def test_cancel_leaves_the_prior_unlinked(qtbot, show, pair):
    current, prior = pair
    view = show(PriorsView(current, prior), 900, 450)
    view.start_registration()
    view.cancel_registration()
    qtbot.waitUntil(lambda: view._thread is None, timeout=30_000)
    assert view.registration is None
    assert "cancel" in view.status.text().lower()
    assert view.register_button.isEnabled()


def test_same_frame_of_reference_is_linked_without_registration(show, pair):
    current, _ = pair
    twin = current.with_voxels(current.voxels, series_instance_uid="1.2.826.0.1.3680043.2.1125.40")
    view = show(PriorsView(current, twin), 900, 450)
    assert view.registration is not None and not view.register_button.isEnabled()
    assert np.allclose(view.prior_point(), view.point)
