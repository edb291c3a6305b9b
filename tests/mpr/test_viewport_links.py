"""2D viewports (viewer.model.ViewportState) linked by patient position: cursor and sync scrolling."""
import numpy as np
import pytest
import SimpleITK as sitk

from viewer.model.viewport_state import ViewportState
from viewer.mpr.cursor import LinkGroups
from viewer.mpr.registration import to_sitk
from viewer.mpr.viewport_links import ViewportLinker
from tests.mpr.phantoms import grid_volume
from tests.mpr.siemens import load_siemens


def _state(volume, plane="native"):
    st = ViewportState()
    st.set_volume(volume, plane)
    return st


@pytest.fixture(scope="module")
def ax_and_thin(shared_data):
    """The Siemens axial EPI (3.6 mm tilted slices) and the same head resampled at test time to true
    axial 1.5 mm slices: one frame of reference, different spacing and orientation."""
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    img = to_sitk(ax)
    ref = sitk.Image([128, 128, 100], sitk.sitkFloat32)
    ref.SetSpacing([1.7, 1.7, 1.5])
    ref.SetOrigin([-108.0, -125.0, -70.0])
    thin_img = sitk.Resample(img, ref, sitk.Transform(), sitk.sitkLinear, 0.0)
    thin = ax.with_voxels(sitk.GetArrayFromImage(thin_img), spacing=np.array(ref.GetSpacing()),
                          origin=np.array(ref.GetOrigin()), direction=np.eye(3), series_instance_uid="2.25.99")
    return ax, thin


def test_scrolling_one_series_moves_the_other_by_patient_position(ax_and_thin):
    ax, thin = ax_and_thin
    a, b = _state(ax), _state(thin)
    linker = ViewportLinker()
    linker.attach([a, b])
    checked = 0
    for k in range(a.slice_count):
        a.set_slice(k)
        p = a.plane_origin()
        d = b.patient_to_screen(p)[2]  # distance of a's slice centre from b's shown slice
        if 0 < b.slice_index < b.slice_count - 1:
            assert abs(d) <= b.geometry.step / 2 + 1e-6, k
            checked += 1
    assert checked > 20
    # and back: scrolling the thin series moves the thick one within half of ITS slice
    checked = 0
    for k in range(0, b.slice_count, 3):
        b.set_slice(k)
        if 0 < a.slice_index < a.slice_count - 1:  # inside the thick series' range
            assert abs(a.patient_to_screen(b.plane_origin())[2]) <= a.geometry.step / 2 + 1e-6
            checked += 1
    assert checked > 20
    linker.detach()
    before = b.slice_index
    a.set_slice(0)
    assert b.slice_index == before  # detached: no longer follows


def test_cursor_point_moves_linked_viewports_only(ax_and_thin, shared_data):
    ax, thin = ax_and_thin
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    stranger = grid_volume((20, 20, 20), frame_of_reference_uid="2.25.12345")
    states = [_state(ax), _state(thin), _state(sag), _state(stranger)]
    linker = ViewportLinker(sync_scroll=False)
    linker.attach(states)
    point = ax.center_world + (10.0, -15.0, 8.0)
    s_before = states[3].slice_index
    assert linker.set_point(point, ax) == 4 - 1
    for st in states[:3]:
        assert abs(st.patient_to_screen(point)[2]) <= st.geometry.step / 2 + 1e-6
    assert states[3].slice_index == s_before
    # a registration links the stranger too
    links = LinkGroups()
    links.add_transform(ax.frame_of_reference_uid, "2.25.12345", np.eye(4))
    linker.links = links
    assert linker.set_point(stranger.center_world, ax) == 4


def test_viewport_marks_show_cursor_and_where_the_other_planes_cut(shared_data):
    from viewer.mpr.viewport_links import state_plane, viewport_marks

    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    a, s = _state(ax), _state(sag)
    linker = ViewportLinker(sync_scroll=False)
    linker.attach([a, s])
    point = ax.center_world + (18.0, 6.0, -4.0)
    linker.set_point(point, ax)
    marks = viewport_marks([a, s], linker.links, point, ax)
    pa, ps = state_plane(a), state_plane(s)
    for mine, other, entry in ((pa, ps, marks[0]), (ps, pa, marks[1])):
        u, v = entry["cursor"]
        assert np.allclose(mine.to_plane(point)[:2], (u, v))
        seg = entry["lines"][1 if mine is pa else 0]
        assert seg.length > 50
        for uv in (seg.start, seg.end):  # on both planes
            assert abs(other.signed_distance(mine.to_world(uv[0], uv[1]))) < 1e-6
    # the sagittal line in the axial view runs top-bottom through the cursor's left-right position
    seg = marks[0]["lines"][1]
    d = seg.end - seg.start
    assert abs(d[0]) < 0.2 * abs(d[1])
    # a cursor far from a viewport's slice is not marked there
    s.set_slice(0)
    assert viewport_marks([a, s], linker.links, point, ax)[1]["cursor"] is None
