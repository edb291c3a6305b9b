"""Synchronised scrolling by patient position for series of different spacing and orientation."""
import numpy as np
import pytest

from viewer.mpr.cursor import slice_normal, slice_origin, slice_spacing
from viewer.geometry.planes import rotation_matrix
from viewer.mpr.sync_scroll import SyncScroller, sync_slice
from tests.mpr.phantoms import grid_volume
from tests.mpr.siemens import load_siemens


def _plane_distance(vol, k, point):
    return abs(np.dot(point - slice_origin(vol, k), slice_normal(vol)))


def test_thin_and_thick_series_scroll_together_within_half_a_slice():
    thin = grid_volume((120, 40, 40), spacing=(1.0, 1.0, 1.0), origin=(-20, -20, -60))
    # thicker slices, tilted 10 degrees, starting elsewhere: indices mean nothing across series
    thick = grid_volume((25, 40, 40), spacing=(0.9, 0.9, 4.4), direction=rotation_matrix((1, 0, 0), 10.0),
                        origin=(-18, -15, -50))
    inside = 0
    for k in range(thin.shape_ijk[2]):
        res = sync_slice(thin, k, thick)
        if res.index is None:
            continue
        inside += 1
        assert _plane_distance(thin, k, res.point) == pytest.approx(0.0, abs=1e-9)  # point on the source slice
        assert _plane_distance(thick, res.index, res.point) <= slice_spacing(thick) / 2 + 1e-6
    assert inside > 80
    # and the other way round
    for k in range(thick.shape_ijk[2]):
        res = sync_slice(thick, k, thin)
        if res.index is not None:
            assert _plane_distance(thin, res.index, res.point) <= 0.5 + 1e-6


def test_positions_beyond_the_other_series_leave_it_alone_unless_clamped():
    a = grid_volume((50, 10, 10), origin=(0, 0, 0))
    b = grid_volume((10, 10, 10), spacing=(1, 1, 2), origin=(0, 0, 100))
    assert sync_slice(a, 0, b).index is None
    assert sync_slice(a, 0, b, clamp=True).index == 0
    other_for = grid_volume(frame_of_reference_uid="9.9.9")
    assert sync_slice(a, 5, other_for).index is None


def test_scroller_follows_the_cursor_anchor_on_real_series_of_different_orientation(shared_data):
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    cor = load_siemens(str(shared_data), "cor_asc_35sl")
    scroller = SyncScroller([ax, cor])
    scroller.set_anchor(ax.center_world + (5.0, 12.0, 0.0))
    for k in range(ax.shape_ijk[2]):
        scroller.scroll(0, k)
        p = scroller.anchor - np.dot(scroller.anchor - slice_origin(ax, k), slice_normal(ax)) * slice_normal(ax)
        res = sync_slice(ax, k, cor, scroller.anchor)
        if res.index is not None:
            assert scroller.indices[1] == res.index
            assert _plane_distance(cor, res.index, p) <= slice_spacing(cor) / 2 + 1e-6
    # scrolling the axial moves the anchor up and down: the coronal slice through it barely moves
    # (the axial is tilted 6 degrees), but every slice it picks still holds the point
    assert scroller.indices[0] == ax.shape_ijk[2] - 1
