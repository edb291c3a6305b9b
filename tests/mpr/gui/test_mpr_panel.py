"""The MPR panel wires the MPR window and prior comparison to the viewport grid."""
import numpy as np
import pytest

from viewer.mpr.registration import Registration
from workstation.ui.mpr_panel import MprPanel, registrations_dir
from workstation.ui.viewport_grid_widget import ViewportGridWidget
from tests.mpr.phantoms import grid_volume
from tests.mpr.siemens import load_siemens

pytestmark = pytest.mark.gui


@pytest.fixture
def grid_and_panel(show, shared_data):
    grid = show(ViewportGridWidget(), 900, 450)
    grid.set_layout("1x2")
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    grid.viewports[0].state.set_volume(ax)
    grid.viewports[1].state.set_volume(sag)
    grid.set_active(0)
    panel = show(MprPanel(grid), 300, 400)
    return grid, panel, ax, sag


def test_mpr_window_crosshair_moves_the_linked_viewport(qtbot, grid_and_panel, show):
    grid, panel, ax, sag = grid_and_panel
    panel.link_box.setChecked(True)
    mpr = panel.open_mpr()
    show(mpr, 1200, 420)
    assert mpr.volume is ax
    point = ax.center_world + (20.0, -10.0, 5.0)
    mpr.set_crosshair(point)
    st = grid.viewports[1].state
    assert abs(st.patient_to_screen(mpr.frame.point)[2]) <= st.geometry.step / 2 + 1e-6
    panel.link_box.setChecked(False)
    before = st.slice_index
    mpr.set_crosshair(point + (-40.0, 0.0, 0.0))
    assert st.slice_index == before


def test_prior_comparison_reuses_a_kept_registration(grid_and_panel, show):
    grid, panel, ax, _sag = grid_and_panel
    other = grid_volume((30, 40, 40), spacing=(3, 3, 3), origin=(-60, -60, -45),
                        frame_of_reference_uid="2.25.4242", series_uid="2.25.4243")
    other = other.with_voxels(np.random.default_rng(0).random(other.voxels.shape).astype(np.float32))
    grid.viewports[1].state.set_volume(other)
    panel.refresh_choices()
    shift = np.eye(4)
    shift[:3, 3] = (2.0, 0.0, 0.0)
    panel.store.save(Registration(matrix=shift.tolist(), fixed_series_uid=ax.series_instance_uid,
                                  moving_series_uid=other.series_instance_uid, accepted=True))
    assert panel.store.folder == registrations_dir()
    view = show(panel.open_priors(), 900, 420)
    assert view.registration is not None and view.registration.accepted
    assert np.allclose(panel.links.transform(ax.frame_of_reference_uid, "2.25.4242"), shift)


def test_no_series_gives_a_message_not_a_crash(show):
    grid = show(ViewportGridWidget(), 400, 300)
    panel = show(MprPanel(grid), 300, 300)
    assert panel.open_mpr() is None and panel.open_priors() is None
    assert panel.message.text()
