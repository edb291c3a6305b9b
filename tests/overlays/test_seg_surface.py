"""The segmentation in 3D (VTK under Xvfb): each label's surface in its colour at its place in the patient
(a lesion in the patient's LEFT on the right of the front view), the mask translucent, the cursor drawn,
and a pick on a surface gives its LPS point."""
from __future__ import annotations

import gc

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

from tests.viewer_layers.phantoms import label_volume, sagittal_tilted_labels
from viewer.render.offscreen import capture_rgb
from viewer.render.seg_surface import SegSurfaceScene, label_surface

pytestmark = pytest.mark.gui
SIZE = 400
RIGHT_BOX = ((-32.0, -18.0), (-14.0, -4.0), (2.0, 12.0))  # the mirror of LEFT_BOX: the patient's right


@pytest.fixture
def scene():
    win = vtkRenderWindow()
    win.SetOffScreenRendering(1)
    win.SetSize(SIZE, SIZE)
    ren = vtkRenderer()
    win.AddRenderer(ren)
    sc = SegSurfaceScene(ren)
    yield sc, win
    sc.close()
    win.Finalize()
    del win, ren
    gc.collect()


def _labels():
    """Label 1 in the patient's left (the shared LEFT_BOX), label 2 in the right, on an oblique grid."""
    tilted = sagittal_tilted_labels()  # label 1 in LEFT_BOX on a tilted sagittal 0.8x1.3x1.7 mm grid
    right = label_volume(tilted.shape_ijk, tilted.spacing, tilted.direction, (-20.0, -5.0, 5.0), box=RIGHT_BOX,
                         label=2)
    assert np.array_equal(right.affine, label_volume(tilted.shape_ijk, tilted.spacing, tilted.direction,
                                                     (-20.0, -5.0, 5.0)).affine)
    return tilted, right


def test_surfaces_lie_in_patient_coordinates():
    left, _ = _labels()
    poly = label_surface(left, 1, smooth=False)
    pts = np.array([poly.GetPoint(n) for n in range(poly.GetNumberOfPoints())])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    box = np.array([(18.0, 32.0), (-14.0, -4.0), (2.0, 12.0)])
    assert np.all(lo > box[:, 0] - 2.0) and np.all(hi < box[:, 1] + 2.0)  # within a voxel of the box
    assert np.all(np.abs((lo + hi) / 2 - box.mean(axis=1)) < 2.0)


def test_front_view_shows_the_left_lesion_on_the_right_in_its_colour(scene):
    sc, win = scene
    left, right = _labels()
    labels = left.with_voxels(np.maximum(left.voxels, 0))
    sc.set_labels(labels, {1: (230, 30, 30)})
    # the right lesion from its own volume, same scene (a second SEG's label)
    sc2_actor_count = len(sc.label_actors)
    sc.set_mask(right.with_voxels((right.voxels > 0).astype(np.uint8)), opacity=1.0, rgb=(30, 30, 230))
    sc.set_cursor((25.0, -9.0, 7.0))
    sc.reset_camera("anterior")
    win.Render()
    rgb = capture_rgb(win)
    red = (rgb[..., 0] > 120) & (rgb[..., 1] < 80) & (rgb[..., 2] < 80)
    blue = (rgb[..., 2] > 120) & (rgb[..., 0] < 80) & (rgb[..., 1] < 80)
    assert sc2_actor_count == 1 and red.sum() > 200 and blue.sum() > 200
    assert np.nonzero(red)[1].mean() > SIZE / 2 > np.nonzero(blue)[1].mean(), "patient left on the right"
    cyan = (rgb[..., 1] > 150) & (rgb[..., 2] > 150) & (rgb[..., 0] < 80)
    assert cyan.sum() > 10  # the cursor
    # a pick on the red surface gives a point of the left lesion
    rows, cols = np.nonzero(red)
    r, c = int(np.median(rows)), int(np.median(cols))
    xyz = sc.pick(c, SIZE - 1 - r)
    assert xyz is not None and 16.0 < xyz[0] < 34.0
    sc.set_label_visible(1, False)
    win.Render()
    assert not ((capture_rgb(win)[..., 0] > 120) & (capture_rgb(win)[..., 1] < 80)).any()
