"""Heatmaps and fused series in MPR views, drawn by the 2D viewport's own adaptors (``HeatmapVisual``,
``FusionVisual`` through ``viewer.render.mpr_layers``; VTK under Xvfb): on an oblique plane the heatmap
holds the FRACTIONAL SEG's probability at a known patient point (and its colour is the colour map's at that
value); a fused series' structure in the patient's LEFT is on the screen's right in axial and coronal MPR,
also when it comes from another frame of reference through its registration."""
from __future__ import annotations

import gc

import numpy as np
import pytest
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, label_volume
from viewer.geometry.crosshair import CrosshairFrame
from viewer.geometry.planes import rotation_matrix
from viewer.io import load_path
from viewer.io.seg import read_seg
from viewer.model.overlay_layers import FusionLayer
from viewer.model.seg_overlay import SegOverlay
from viewer.mpr.slab import sample_trilinear
from viewer.render.mpr_layers import MprLayerOverlay
from viewer.render.mpr_view import MprViewRenderer
from viewer.render.offscreen import capture_rgb
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_probability_seg

pytestmark = pytest.mark.gui
SIZE = 400
#: a known point off every voxel centre, in the patient's left, anterior, superior
POINT = np.array([12.3, -7.1, 4.6])


def probability_at(xyz) -> np.ndarray:
    """The test's probability field: linear in patient mm (so the SEG's grid interpolates it exactly)."""
    p = np.asarray(xyz, dtype=float)
    return 0.5 + 0.007 * p[..., 0] - 0.004 * p[..., 2]


@pytest.fixture(scope="module")
def fractional_seg(tmp_path_factory):
    """A real FRACTIONAL SEG written to DICOM over a real series and read back."""
    folder = tmp_path_factory.mktemp("frac")
    files = write_series(image_volume(), folder / "mr", modality="MR")
    source = load_path(folder / "mr").volumes[0]
    nk, nj, ni = source.voxels.shape
    k, j, i = np.meshgrid(np.arange(nk), np.arange(nj), np.arange(ni), indexing="ij")
    prob = probability_at(source.index_to_world(np.stack([i, j, k], axis=-1))).astype(np.float32)
    path = write_probability_seg(prob, source_headers(files, source), SegmentSpec(1, "tumour probability"),
                                 folder / "prob.dcm", series_description="test probability")
    seg = read_seg(path)
    assert seg.segmentation_type == "FRACTIONAL"
    return source, seg


@pytest.fixture
def mpr_view():
    made = []

    def make(volume):
        win = vtkRenderWindow()
        win.SetOffScreenRendering(1)
        win.SetSize(SIZE, SIZE)
        ren = vtkRenderer()
        win.AddRenderer(ren)
        view = MprViewRenderer(ren, volume, name="test")
        view.set_window(300.0, 400.0)  # the image (0) is black
        made.append((win, ren, view))
        return view, win

    yield make
    for win, *_ in made:
        win.Finalize()
    made.clear()
    gc.collect()


def _show(view, overlays, win, plane):
    view.show_plane(plane)
    for o in overlays:
        o.sync()
    view.fit()
    win.Render()
    return capture_rgb(win)


def _resliced(visual) -> np.ndarray:
    """The adaptor's resliced values ``[rows, columns]`` (row r at the plane's v0 + r * dv)."""
    visual.reslice.Update()
    out = visual.reslice.GetOutput()
    nx, ny, _ = out.GetDimensions()
    return vtk_to_numpy(out.GetPointData().GetScalars()).reshape(ny, nx)


def test_heatmap_in_an_oblique_mpr_plane_holds_the_segs_probability(fractional_seg, mpr_view):
    source, seg = fractional_seg
    heatmap = SegOverlay(seg).heatmap
    heatmap.set_opacity(1.0)
    view, win = mpr_view(source)
    overlay = MprLayerOverlay(view, heatmap)
    plane = CrosshairFrame.at(POINT).rotated((0.3, 1.0, 0.2), 35.0).plane("axial")  # oblique, through POINT
    rgb = _show(view, [overlay], win, plane)
    values = _resliced(overlay.visual)
    grid = view.reslice.grid
    # the value at the known point: bilinear between the four output pixels around it
    u, v, w = view.view_plane.to_plane(POINT)
    assert abs(w) < 1e-6
    c, r = grid.pixel_of(u, v)
    c0, r0 = int(np.floor(c)), int(np.floor(r))
    fc, fr = c - c0, r - r0
    at_point = ((1 - fr) * ((1 - fc) * values[r0, c0] + fc * values[r0, c0 + 1])
                + fr * ((1 - fc) * values[r0 + 1, c0] + fc * values[r0 + 1, c0 + 1]))
    seg_value = float(sample_trilinear(heatmap.volume, POINT[None])[0])  # the SEG's own value there
    assert at_point == pytest.approx(seg_value, abs=2e-3)
    assert at_point == pytest.approx(probability_at(POINT), abs=1 / 255 + 2e-3)
    # every pixel of the plane inside the volume holds the SEG's value at its own patient point
    uu, vv = grid.uv()
    xyz = view.view_plane.origin + uu[..., None] * view.view_plane.right + vv[..., None] * view.view_plane.down
    inside = np.all((xyz > (-49.0, -49.0, -29.0)) & (xyz < (49.0, 49.0, 29.0)), axis=-1)
    assert inside.sum() > 1000
    assert np.abs(values[inside] - probability_at(xyz[inside])).max() < 1 / 255 + 2e-3
    # on the screen: the colour map's colour at that value, at the point's pixel
    x, y = view.patient_to_display(POINT)
    shown = rgb[int(round(SIZE - 1 - y)), int(round(x))].astype(int)
    expected = heatmap.rgba(np.array([[seg_value]]))[0, 0, :3].astype(int)
    assert np.abs(shown - expected).max() <= 12, (shown, expected)
    assert overlay.visual.scale_bar is not None and overlay.visual.scale_bar.GetVisibility()
    # the layer's settings reach the MPR view by themselves
    heatmap.set_visible(False)
    win.Render()
    hidden = capture_rgb(win)[int(round(SIZE - 1 - y)), int(round(x))]
    assert hidden.max() < 30
    overlay.close()


def _hot(rgb) -> np.ndarray:
    """The hot colour map's reds and yellows (not the view's letters at the edges)."""
    mask = (rgb[..., 0] > 150) & (rgb[..., 2] < 80)
    mask[:30] = mask[-30:] = False
    mask[:, :30] = mask[:, -30:] = False
    return mask


def _bright_left_box(direction=np.eye(3), centre=(0.0, 0.0, 0.0)):
    """A series whose only structure is a bright box in the patient's LEFT (on its own grid)."""
    box = label_volume((101, 101, 61), (1.0, 1.0, 1.0), direction, centre)
    return box.with_voxels((box.voxels.astype(np.int16) * 1000))


def _moved(transform):
    """The box series in another frame of reference: what lies at LPS ``p`` of the base lies at
    ``transform @ p`` of this series (``transform`` = base LPS → its LPS, as ``register_rigid`` returns)."""
    box = _bright_left_box()
    vox = box.voxels
    moved_affine = transform @ box.affine
    from viewer.geometry.volume import Volume

    a = moved_affine[:3, :3]
    spacing = np.linalg.norm(a, axis=0)
    return Volume(vox, spacing=spacing, origin=moved_affine[:3, 3], direction=a / spacing, modality="MR")


@pytest.mark.parametrize("how", ["same frame", "registered"])
@pytest.mark.parametrize("name", ["axial", "coronal"])
def test_fused_left_structure_on_the_screens_right_in_mpr(mpr_view, name, how):
    if how == "same frame":
        layer = FusionLayer(_bright_left_box(), colormap="hot", value_range=(0.0, 2000.0), opacity=1.0)
    else:
        transform = np.eye(4)
        transform[:3, :3] = rotation_matrix((0.2, 0.1, 1.0), 12.0)
        transform[:3, 3] = (-20.0, 9.0, 6.0)
        layer = FusionLayer(_moved(transform), colormap="hot", value_range=(0.0, 2000.0), opacity=1.0,
                            registration=transform)
    view, win = mpr_view(image_volume())
    overlay = MprLayerOverlay(view, layer)
    hot = _hot(_show(view, [overlay], win, CrosshairFrame.at(LEFT_BOX_CENTRE).plane(name)))
    assert hot.sum() > 100
    assert np.nonzero(hot)[1].min() > SIZE / 2, "the patient's left is on the screen's right"
    assert view.labels["right"].GetInput() == "L"
    # where the box's patient centre projects
    x, y = view.patient_to_display(LEFT_BOX_CENTRE)
    rows, cols = np.nonzero(hot)
    assert abs(cols.mean() - x) < 6 and abs(rows.mean() - (SIZE - 1 - y)) < 6
    layer.set_blend(0.0)  # the blend slider at the image's end
    win.Render()
    assert not _hot(capture_rgb(win)).any()
    overlay.close()
