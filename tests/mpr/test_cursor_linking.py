"""3D cursor: a patient point maps to the slice through it in every series of the frame of reference."""
import numpy as np
import pytest

from viewer.mpr.cursor import LinkGroups, slice_spacing, slice_through
from tests.mpr.phantoms import grid_volume
from tests.mpr.siemens import SERIES, load_siemens, reference_index_affine


@pytest.fixture(scope="module")
def siemens(shared_data):
    return {name: load_siemens(str(shared_data), name) for name in SERIES}


def _points_inside_all(volumes, n=40, seed=3):
    """Random patient points that lie inside every volume (rejection sampling around the centres)."""
    rng = np.random.default_rng(seed)
    centre = np.mean([v.center_world for v in volumes], axis=0)
    pts = []
    while len(pts) < n:
        p = centre + rng.uniform(-60, 60, 3)
        if all(slice_through(v, p).inside_slice for v in volumes):
            pts.append(p)
    return np.array(pts)


def test_siemens_series_of_three_orientations_share_one_frame_of_reference(siemens):
    uids = {v.frame_of_reference_uid for v in siemens.values()}
    assert len(uids) == 1 and "" not in uids
    normals = [np.cross(v.direction[:, 0], v.direction[:, 1]) for v in siemens.values()]
    # axial, coronal and sagittal: the slice normals are far from parallel
    assert abs(normals[0] @ normals[1]) < 0.3 and abs(normals[0] @ normals[2]) < 0.3


def test_point_maps_to_slices_whose_planes_contain_it_within_half_a_slice(siemens, shared_data):
    vols = list(siemens.values())
    links = LinkGroups()
    for p in _points_inside_all(vols):
        hits = links.follow(p, vols[0], vols)  # the point was clicked in the axial view
        assert set(hits) == {0, 1, 2}
        for (name, vol), hit in zip(siemens.items(), hits.values()):
            assert hit.within_half_slice, (name, p, hit.distance_mm)
            # independent check with dcm2niix's geometry: the chosen slice's plane holds the point
            # (dcm2niix may number the slices the other way round, so compare positions, not indices)
            to_ref = np.linalg.inv(reference_index_affine(str(shared_data), name))
            ref_k_point = (to_ref @ np.append(p, 1.0))[2]
            ref_k_slice = (to_ref @ np.append(vol.index_to_world([0.0, 0.0, hit.index]), 1.0))[2]
            assert ref_k_slice == pytest.approx(round(ref_k_slice), abs=0.01), name  # a real slice
            assert abs(ref_k_point - ref_k_slice) <= 0.5 + 1e-3, name


def test_axial_series_slice_spacing_accounts_for_the_tilt(siemens):
    ax = siemens["ax_asc_35sl"]
    assert slice_spacing(ax) == pytest.approx(3.6, abs=0.01)
    assert slice_through(ax, ax.index_to_world([10, 20, 7])).index == 7


def test_other_frame_of_reference_does_not_follow_without_registration(siemens):
    ax = siemens["ax_asc_35sl"]
    other = grid_volume(frame_of_reference_uid="1.2.3.999")
    links = LinkGroups()
    assert links.follow(ax.center_world, ax, [ax, other]).keys() == {0}
    links.add_transform(ax.frame_of_reference_uid, "1.2.3.999", np.eye(4))
    assert links.follow(ax.center_world, ax, [ax, other]).keys() == {0, 1}
    unknown = grid_volume(frame_of_reference_uid="")
    assert not links.linked(ax, unknown)


def test_transforms_chain_through_frames_of_reference():
    links = LinkGroups()
    a, b, c = (np.eye(4) for _ in range(3))
    a[:3, 3] = (1, 0, 0)
    b[:3, 3] = (0, 2, 0)
    links.add_transform("A", "B", a)
    links.add_transform("B", "C", b)
    m = links.transform("C", "A")
    assert np.allclose(m[:3, 3], (-1, -2, 0))


def test_point_outside_a_series_is_reported_outside(siemens):
    ax = siemens["ax_asc_35sl"]
    far = ax.center_world + 500 * np.cross(ax.direction[:, 0], ax.direction[:, 1])
    hit = slice_through(ax, far)
    assert not hit.inside_stack and not hit.within_half_slice
    assert hit.index == ax.shape_ijk[2] - 1  # clamped to the last slice
