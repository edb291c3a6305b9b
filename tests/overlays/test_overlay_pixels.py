"""AI overlays drawn by the real viewport renderer (VTK under Xvfb): a SEG written to DICOM and read back lands
in the patient's left on the screen's right; the heatmap shows the probabilities through its colour map
with a scale bar; a fused second series comes back aligned through the rigid registration."""
from __future__ import annotations

import gc

import numpy as np
import pytest
import SimpleITK as sitk
from vtkmodules.util.numpy_support import vtk_to_numpy

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, same_grid_labels
from viewer.io import load_path
from viewer.io.seg import read_seg
from viewer.model.overlay_layers import FusionLayer, HeatmapLayer, colormap_table
from viewer.model.seg_overlay import SegOverlay
from viewer.model.viewport_state import ViewportState
from viewer.model.windowing import Window
from viewer.render.offscreen import OffscreenViewport
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg

pytestmark = pytest.mark.gui
SIZE = 400
GREEN = (0, 200, 0)


@pytest.fixture
def offscreen():
    made = []

    def make(state):
        off = OffscreenViewport(state, (SIZE, SIZE))
        made.append(off)
        return off

    yield make
    for off in made:
        off.close()
    made.clear()
    gc.collect()


@pytest.fixture(scope="module")
def series_and_seg(tmp_path_factory):
    """A real DICOM series (101x101x61, 1 mm) and a real SEG of a box in the patient's LEFT, from files."""
    folder = tmp_path_factory.mktemp("series")
    files = write_series(image_volume(), folder / "mr", modality="MR")
    source = load_path(folder / "mr").volumes[0]
    labels = same_grid_labels()
    assert np.array_equal(source.affine, labels.affine)
    headers = source_headers(files, source)
    path = write_label_seg(labels.voxels, headers, [SegmentSpec(1, "lesion", GREEN, "test 1")],
                           folder / "seg.dcm", series_description="test SEG")
    return source, read_seg(path)


def _green(rgb) -> np.ndarray:
    return (rgb[..., 1] > 120) & (rgb[..., 0] < 80) & (rgb[..., 2] < 80)


@pytest.mark.parametrize("plane", ["axial", "coronal"])
def test_a_seg_lesion_in_the_patients_left_is_drawn_on_the_screens_right(series_and_seg, offscreen, plane):
    source, seg = series_and_seg
    s = ViewportState()
    s.set_volume(source, plane=plane)
    s.set_window(Window(400, 300))  # the image (0) is black
    s.go_to_point(LEFT_BOX_CENTRE)
    off = offscreen(s)
    overlay = SegOverlay(seg, opacity=1.0)
    overlay.add_to(s.layers)
    green = _green(off.pixels())
    assert green.sum() > 200
    assert np.nonzero(green)[1].min() > SIZE / 2, "patient left must be on the screen's right (radiological)"
    assert off.view.overlays.edge_label("right") == "L"
    rows, cols = np.nonzero(green)
    x, y = off.view.display_of_patient(LEFT_BOX_CENTRE)
    assert abs(cols.mean() - x) < 4 and abs(rows.mean() - (SIZE - 1 - y)) < 4
    overlay.set_segment_visible(1, False)
    assert not _green(off.pixels()).any()
    overlay.set_segment_visible(1, True)
    overlay.set_outline(True)
    assert 0 < _green(off.pixels()).sum() < 0.6 * green.sum()
    (entry,) = overlay.legend()
    assert entry.name == "lesion" and max(abs(a - b) for a, b in zip(entry.rgb, GREEN)) <= 2
    assert entry.volume_ml == pytest.approx(same_grid_labels().voxels.sum() / 1000.0)


def test_the_heatmap_draws_the_probabilities_through_its_colour_map_with_a_scale_bar(offscreen):
    s = ViewportState()
    s.set_volume(image_volume(), plane="axial")
    s.set_window(Window(400, 300))
    s.go_to_point(LEFT_BOX_CENTRE)
    off = offscreen(s)
    box = same_grid_labels()
    prob = box.voxels.astype(np.float32) * 0.8  # 0.8 in the box, 0 elsewhere
    layer = s.layers.add(HeatmapLayer(box.with_voxels(prob), colormap="jet", opacity=1.0, threshold=0.1))
    rgb = off.pixels()
    x, y = (int(round(v)) for v in off.view.display_of_patient(LEFT_BOX_CENTRE))
    expected = colormap_table("jet")[int(0.8 * 256)]
    assert np.abs(rgb[SIZE - 1 - y, x].astype(int) - expected).max() <= 12
    # zero probability (the patient's right, the screen's left) is not drawn: the black image shows
    xr, _ = off.view.display_of_patient(LEFT_BOX_CENTRE * (-1, 1, 1))
    assert rgb[SIZE - 1 - y, int(xr)].max() < 10
    bar = off.view.visual_of(layer).scale_bar
    assert bar is not None and bar.GetVisibility()
    strip = rgb[int(SIZE * 0.3):int(SIZE * 0.7), int(SIZE * 0.9):]  # the bar's colours at the right edge
    assert (strip[..., 2] > 120).any() and (strip[..., 0] > 120).any()
    layer.set_scale_bar(False)
    assert not bar.GetVisibility()


def _known_transform() -> np.ndarray:
    from viewer.geometry.planes import rotation_matrix

    t = np.eye(4)
    t[:3, :3] = rotation_matrix((0.2, 1.0, -0.3), 6.0)
    t[:3, 3] = (7.0, -5.0, 4.0)
    return t


def test_fusion_of_a_series_with_itself_moved_comes_back_aligned_within_1mm(shared_data, offscreen):
    from tests.mpr.phantoms import mni_volume
    from viewer.mpr.registration import register_rigid, rigid_error, to_sitk

    base = mni_volume(shared_data, step=3)
    t = _known_transform()  # moved LPS = T @ base LPS
    inv = np.linalg.inv(t)
    tx = sitk.AffineTransform(3)
    tx.SetMatrix(inv[:3, :3].ravel().tolist())
    tx.SetTranslation(inv[:3, 3].tolist())
    moved = base.with_voxels(sitk.GetArrayFromImage(sitk.Resample(to_sitk(base), to_sitk(base), tx,
                                                                  sitk.sitkLinear, 0.0)),
                             frame_of_reference_uid="1.2.826.0.1.3680043.2.1125.99")
    reg = register_rigid(base, moved)
    layer = FusionLayer(moved, colormap="gray", registration=reg.transform, opacity=0.5)
    # every voxel of the fused series lands where the same anatomy is in the base series, within 1 mm
    corners = moved.corners_world()
    truth = (inv @ np.c_[corners, np.ones(8)].T).T[:, :3]  # moved LPS → base LPS
    got = (layer.affine @ np.c_[moved.world_to_index(corners), np.ones(8)].T).T[:, :3]
    assert np.linalg.norm(got - truth, axis=1).max() < 1.0
    assert rigid_error(reg.transform, t, base.center_world)[0] < 1.0
    # and on the screen: the fused slice matches the base slice (unregistered, it does not)
    s = ViewportState()
    s.set_volume(base, plane="axial")
    s.go_to_point(base.center_world + (0, 0, 10))
    off = offscreen(s)
    s.layers.add(layer)
    off.pixels()

    def plane(visual):
        out = visual.reslice.GetOutput()
        nx, ny, _ = out.GetDimensions()
        return vtk_to_numpy(out.GetPointData().GetScalars()).reshape(ny, nx).astype(float)

    def corr(x, y):
        inside = (x > 0) & (y >= 0)  # both in their volumes (the fused layer's outside is below its range)
        return np.corrcoef(x[inside], y[inside])[0, 1]

    a, b = plane(off.view.visual_of(s.layers[0])), plane(off.view.visual_of(layer))
    truth = s.layers.add(FusionLayer(moved, colormap="gray", registration=t))  # the known answer, same path
    off.pixels()
    bt = plane(off.view.visual_of(truth))
    assert corr(bt, b) > 0.99
    assert corr(a, b) > 0.9  # the base image itself (resampled once more, so less than 1)
    layer.set_registration(None)
    off.pixels()
    b0 = plane(off.view.visual_of(layer))
    assert corr(bt, b0) < 0.9 and corr(a, b0) < corr(a, b) - 0.05
    layer.set_blend(0.3)
    assert layer.opacity == pytest.approx(0.3)
