"""Measurements on phantoms of known size, built in patient coordinates on OBLIQUE grids: lengths within
half a voxel, areas within 2 %, a sphere's volume within 3 %, the bidimensional axes of an ellipse, and the
same lesion measured on the native axial and on the axial MPR of a sagittal acquisition."""
from __future__ import annotations

import numpy as np
import pytest

from tests.measure.phantoms import OBLIQUE, SAGITTAL, add_object, ellipsoid, empty_volume, sphere, voxel_centres
from viewer.geometry.planes import acquired_plane, oblique_plane, standard_plane
from viewer.measure.bidimensional import convex_hull, from_contour
from viewer.measure.measurement import measure
from viewer.measure.outline import level_crossings, sample_plane
from viewer.measure.plane_math import from_uv, polygon_area_uv
from viewer.measure.volumes import contour_stack_volume_ml, mask_volume_ml

CENTRE = np.array([12.0, -20.0, 35.0])


def oblique_volume(spacing=(0.9, 0.9, 2.5), shape=(80, 80, 30), modality="MR"):
    return empty_volume(shape, spacing, OBLIQUE, CENTRE, modality=modality)


def outline_on(volume, plane, half_extent=40.0, pixel_mm=0.25, level=50.0):
    """The object's edge on ``plane`` (linear resampling, half-contrast crossings) as a hull in (u, v)."""
    img, us, vs = sample_plane(volume, plane, (-half_extent, half_extent), (-half_extent, half_extent), pixel_mm)
    rc = level_crossings(img, level)
    uv = np.stack([us[0] + rc[:, 1] * pixel_mm, vs[0] + rc[:, 0] * pixel_mm], axis=-1)
    return convex_hull(uv)


def test_length_between_two_markers_on_an_oblique_plane_within_half_a_voxel():
    vol = oblique_volume()
    a, b = CENTRE + [-14.3, 9.1, -6.2], CENTRE + [13.7, -5.5, 8.9]
    for p in (a, b):
        add_object(vol, sphere(p, 2.5), 1000.0)
    normal = np.cross(b - a, [0.3, 0.2, 1.0])  # a plane through both markers, oblique to the grid
    plane = oblique_plane(normal, (a + b) / 2)
    img, us, vs = sample_plane(vol, plane, (-30, 30), (-30, 30), 0.3, interpolation="nearest", background=0)
    rows, cols = np.nonzero(img > 200)
    w = img[rows, cols]
    uv = np.stack([us[cols], vs[rows]], axis=-1)
    centroids = []
    for side in (uv @ (plane.to_plane(b)[:2] - plane.to_plane(a)[:2]) < 0, None):
        sel = side if side is not None else ~centroids_side
        centroids_side = sel
        centroids.append(from_uv(plane, (uv[sel] * w[sel, None]).sum(0) / w[sel].sum())[0])
    m = measure("length", centroids, plane.normal, vol)
    truth = float(np.linalg.norm(b - a))
    assert abs(m.values["length_mm"] - truth) <= 0.5 * vol.spacing.min()
    assert m.references, "a measurement names the images it lies on"


def test_ellipse_roi_area_and_statistics_on_an_oblique_plane():
    vol = oblique_volume()
    axes = OBLIQUE  # an ellipsoid aligned with the grid's own tilted axes, cut by an oblique plane
    add_object(vol, ellipsoid(CENTRE, (16.0, 10.0, 12.0), axes), 100.0)
    plane = oblique_plane(axes[:, 2], CENTRE)  # the native (acquired) plane of the oblique series
    hull = outline_on(vol, plane)
    assert abs(polygon_area_uv(hull) - np.pi * 16 * 10) / (np.pi * 16 * 10) < 0.02
    # an ellipse ROI well inside the object: the object's value, no spread; one across the edge: partial
    inner = measure("ellipse", CENTRE + np.array([[-8, 0, 0], [8, 0, 0], [0, -5, 0], [0, 5, 0]]) @ axes.T,
                    plane.normal, vol)
    assert abs(inner.values["area_mm2"] - np.pi * 8 * 5) < 1e-6
    assert inner.values["mean"] == pytest.approx(100.0, abs=0.5)
    assert inner.values["min"] >= 95 and inner.values["sd"] < 2
    whole = measure("ellipse", CENTRE + np.array([[-24, 0, 0], [24, 0, 0], [0, -15, 0], [0, 15, 0]]) @ axes.T,
                    plane.normal, vol)
    assert whole.values["min"] == pytest.approx(0.0, abs=1e-6) and whole.values["max"] == pytest.approx(100.0, abs=1)
    # the mean of a region holding the object is the object's share of it: area(object) / area(ROI)
    assert whole.values["mean"] / 100.0 == pytest.approx((16 * 10) / (24 * 15), rel=0.02)


def test_polygon_roi_in_hounsfield_units_on_ct():
    vol = oblique_volume(modality="CT")
    vol.voxels[:] = -1000.0  # air
    add_object(vol, sphere(CENTRE, 15.0), 1040.0)  # water-ish +40 HU ball in air
    plane = acquired_plane(vol, CENTRE)
    square = from_uv(plane, [(-6, -6), (6, -6), (6, 6), (-6, 6)])
    m = measure("polygon", square, plane.normal, vol)
    assert m.value_unit == "HU"
    assert m.values["area_mm2"] == pytest.approx(144.0)
    assert m.values["mean"] == pytest.approx(40.0, abs=1.0)


def test_bidimensional_on_an_ellipse_gives_its_axes():
    t = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    rot = np.radians(33)
    x, y = 21.0 * np.cos(t), 8.5 * np.sin(t)
    uv = np.stack([x * np.cos(rot) - y * np.sin(rot) + 4, x * np.sin(rot) + y * np.cos(rot) - 7], axis=-1)
    pts = from_contour(uv)
    assert np.linalg.norm(pts[1] - pts[0]) == pytest.approx(42.0, abs=0.01)
    assert np.linalg.norm(pts[3] - pts[2]) == pytest.approx(17.0, abs=0.05)
    # and on an image of an ellipsoid lesion in an oblique series, within half a voxel
    vol = oblique_volume()
    add_object(vol, ellipsoid(CENTRE, (15.0, 9.0, 20.0), OBLIQUE), 100.0)
    plane = oblique_plane(OBLIQUE[:, 2], CENTRE)
    lps = from_uv(plane, from_contour(outline_on(vol, plane)))
    m = measure("bidimensional", lps, plane.normal, vol)
    assert abs(m.values["long_mm"] - 30.0) <= 0.5 * vol.spacing.min()
    assert abs(m.values["short_mm"] - 18.0) <= 0.5 * vol.spacing.min()
    assert m.values["product_mm2"] == pytest.approx(m.values["long_mm"] * m.values["short_mm"])


def test_mpr_of_a_sagittal_acquisition_measures_like_the_native_axial():
    lesion = ellipsoid(CENTRE, (14.0, 9.0, 7.0), np.linalg.qr(np.array([[1.0, 0.6, 0], [-0.6, 1.0, 0], [0, 0, 1]]))[0])
    axial = empty_volume((70, 70, 25), (0.9, 0.9, 1.5), np.eye(3), CENTRE)
    sag = empty_volume((60, 40, 70), (1.1, 1.3, 0.8), SAGITTAL, CENTRE + [2.0, -3.0, 1.0])
    for v in (axial, sag):
        add_object(v, lesion, 100.0)
    on_axial = acquired_plane(axial, CENTRE)  # the native axial slice through the lesion centre
    on_mpr = standard_plane("axial", CENTRE)  # the axial MPR of the sagittal series
    results = []
    for vol, plane in ((axial, on_axial), (sag, on_mpr)):
        hull = outline_on(vol, plane)
        m = measure("bidimensional", from_uv(plane, from_contour(hull)), plane.normal, vol)
        results.append((m.values["long_mm"], m.values["short_mm"], polygon_area_uv(hull)))
    (l_a, s_a, area_a), (l_s, s_s, area_s) = results
    voxel = 0.5 * min(axial.spacing.min(), sag.spacing.min())
    assert abs(l_a - l_s) <= voxel and abs(s_a - s_s) <= voxel
    assert abs(area_a - area_s) / area_a < 0.02
    assert abs(l_a - 28.0) <= voxel and abs(s_a - 18.0) <= voxel


def test_sphere_volume_from_a_mask_and_from_a_contour_stack_within_3_percent():
    vol = oblique_volume(spacing=(0.9, 0.9, 2.5), shape=(60, 60, 24))
    r = 14.0
    truth_ml = 4.0 / 3.0 * np.pi * r ** 3 / 1000.0
    inside = sphere(CENTRE + [0.4, -0.3, 0.7], r)
    mask = inside(voxel_centres(vol)).astype(np.uint8)
    assert abs(mask_volume_ml(mask, vol.affine) - truth_ml) / truth_ml < 0.03
    add_object(vol, inside, 100.0)
    contours = []
    for k in range(vol.voxels.shape[0]):  # the lesion outlined on each native oblique slice
        rc = level_crossings(vol.voxels[k], 50.0)
        if len(rc) < 3:
            continue
        ijk = np.stack([rc[:, 1], rc[:, 0], np.full(len(rc), k)], axis=-1)
        plane = acquired_plane(vol, vol.index_to_world([0, 0, k]))
        hull_uv = convex_hull(plane.to_plane(vol.index_to_world(ijk))[:, :2])
        if len(hull_uv) >= 3:
            contours.append(from_uv(plane, hull_uv))
    got = contour_stack_volume_ml(contours)
    assert abs(got - truth_ml) / truth_ml < 0.03


def test_contour_stack_refuses_tilted_planes():
    a = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0.0]])
    b = np.array([[0, 0, 5], [10, 0, 7], [0, 10, 5.0]])
    with pytest.raises(ValueError, match="parallel"):
        contour_stack_volume_ml([a, b])


def test_a_lesions_freehand_outlines_on_successive_slices_give_its_volume():
    from viewer.measure.volumes import lesion_volumes_ml
    from workstation.measurements.report_text import measurements_text, tumor_json

    vol = oblique_volume(spacing=(0.9, 0.9, 2.5), shape=(60, 60, 24))
    r = 12.0
    add_object(vol, sphere(CENTRE, r), 100.0)
    ms = []
    for k in range(vol.voxels.shape[0]):  # the reader outlines the lesion on each slice (half-contrast edge)
        rc = level_crossings(vol.voxels[k], 50.0)
        if len(rc) < 3:
            continue
        plane = acquired_plane(vol, vol.index_to_world([0, 0, k]))
        ijk = np.stack([rc[:, 1], rc[:, 0], np.full(len(rc), k)], axis=-1)
        hull = convex_hull(plane.to_plane(vol.index_to_world(ijk))[:, :2])
        if len(hull) >= 3:
            ms.append(measure("polygon", from_uv(plane, hull), plane.normal, vol, lesion="T1", study_uid="1.2.3"))
    truth = 4.0 / 3.0 * np.pi * r ** 3 / 1000.0
    (got,) = lesion_volumes_ml(ms).values()
    assert abs(got - truth) / truth < 0.03
    assert "Volume (contour stack) T1:" in measurements_text(ms)
    assert tumor_json(ms)["volumes_ml"][0]["volume_ml"] == pytest.approx(got, abs=1e-3)
