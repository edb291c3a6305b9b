"""The layer model without Qt or VTK: the stack's order and events, label colours, outline, the image as
layer 0 of a viewport, and the sampling maths that puts a label map on another grid onto a view."""
from __future__ import annotations

import numpy as np
import pytest

from tests.viewer_layers.phantoms import LEFT_BOX, LEFT_BOX_CENTRE, image_volume, sagittal_tilted_labels, same_grid_labels
from viewer.geometry.slicing import sample_on_plane
from viewer.model.layers import ImageLayer, LabelLayer, LayerStack, outline_mask
from viewer.model.viewport_state import ViewportState


def test_the_series_is_layer_zero_and_stays_so_when_the_series_changes():
    s = ViewportState()
    a, b = image_volume(), image_volume(5.0)
    s.set_volume(a)
    labels = s.layers.add(LabelLayer(same_grid_labels()))
    assert [type(x) for x in s.layers] == [ImageLayer, LabelLayer]
    assert s.layers[0].volume is a
    s.set_volume(b)
    assert len(s.layers) == 2 and s.layers[0].volume is b and s.layers[1] is labels


def test_stack_add_remove_reorder_emit_events_and_forward_layer_changes():
    stack, seen = LayerStack(), []
    stack.subscribe(lambda event, layer, changed: seen.append((event, layer.name, changed)))
    img = stack.add(ImageLayer(image_volume()))
    one = stack.add(LabelLayer(same_grid_labels(), name="one"))
    two = stack.add(LabelLayer(same_grid_labels(), name="two"))
    stack.move(two, 1)
    assert [x.name for x in stack] == ["image", "two", "one"]
    one.set_opacity(0.25)
    stack.remove(two)
    two.set_opacity(0.9)  # no longer in the stack: not reported
    assert seen == [("added", "image", set()), ("added", "one", set()), ("added", "two", set()),
                    ("moved", "two", set()), ("changed", "one", {"opacity"}), ("removed", "two", set())]
    assert stack.overlays() == [one] and stack[0] is img
    with pytest.raises(ValueError):
        stack.add(one)


def test_label_colours_hidden_labels_and_bad_values():
    vol = same_grid_labels()
    vol.voxels[0, 0, :3] = [1, 2, 3]
    layer = LabelLayer(vol, colors={2: (0, 255, 0)})
    table = layer.lookup_table()
    assert table.shape == (4, 4)
    assert tuple(table[0]) == (0, 0, 0, 0)  # background never drawn
    assert tuple(table[2]) == (0, 255, 0, 255)
    assert table[1, 3] == 255 and tuple(table[1]) != tuple(table[3])  # palette: distinct colours
    layer.set_label_visible(3, False)
    assert tuple(layer.lookup_table()[3]) == (0, 0, 0, 0)
    layer.set_label_visible(3, True)
    assert layer.lookup_table()[3, 3] == 255
    with pytest.raises(ValueError):
        layer.set_opacity(1.5)
    with pytest.raises(ValueError):
        layer.set_color(1, (300, 0, 0))
    with pytest.raises(ValueError):
        LabelLayer(image_volume().with_voxels(np.zeros((2, 2, 2), dtype=np.float32)))


def test_outline_keeps_only_the_border_of_each_region():
    lab = np.zeros((7, 9), dtype=np.uint8)
    lab[1:6, 1:5] = 1
    lab[1:6, 5:8] = 2  # touching region: its shared edge is a border of both
    m = outline_mask(lab)
    assert not m[3, 2] and not m[3, 6]  # interiors
    assert m[1, 2] and m[3, 1] and m[3, 4] and m[3, 5] and m[3, 7]
    assert not m[0].any()  # background is never outline


def _sampled(state, labels):
    return sample_on_plane(labels.voxels, labels.affine, state.basis, state.plane_origin(), state.geometry)


def _centroid_mm(state, mask):
    """LPS of the centroid of the True pixels of a [row (top first), column] mask on the view's grid."""
    g = state.geometry
    rows, cols = np.nonzero(mask)
    nv = g.output_size()[1]
    u = g.u_range[0] + cols.mean() * g.pixel_mm
    v = g.v_range[0] + (nv - 1 - rows.mean()) * g.pixel_mm
    return state.screen_to_patient(u, v)


def _extent_mm(state, mask, axis):
    """(min, max) LPS coordinate ``axis`` over the True pixels of a view mask."""
    g = state.geometry
    rows, cols = np.nonzero(mask)
    nv = g.output_size()[1]
    u = g.u_range[0] + cols * g.pixel_mm
    v = g.v_range[0] + (nv - 1 - rows) * g.pixel_mm
    pts = state.plane_origin() + np.outer(u, state.basis.right) + np.outer(v, state.basis.up)
    return float(pts[:, axis].min()), float(pts[:, axis].max())


@pytest.mark.parametrize("plane", ["axial", "coronal", "sagittal"])
def test_a_label_map_on_another_grid_samples_to_the_same_patient_place(plane):
    s = ViewportState()
    s.set_volume(image_volume(), plane=plane)
    s.go_to_point(LEFT_BOX_CENTRE)
    same, other = _sampled(s, same_grid_labels()), _sampled(s, sagittal_tilted_labels())
    assert same.sum() > 50 and other.sum() > 50
    # both land where the box is in the patient (the tilted grid's voxels are up to 1.7 mm)
    for mask in (same, other):
        c = _centroid_mm(s, mask > 0)
        in_plane = np.delete(c - LEFT_BOX_CENTRE, int(np.argmax(np.abs(s.basis.normal))))
        assert np.abs(in_plane).max() < 1.5, (plane, c)
        # and cover the box's extent on the screen, to within the coarser grid's voxel (1.7 mm)
        for axis_vec in (s.basis.right, s.basis.up):
            axis = int(np.argmax(np.abs(axis_vec)))
            lo, hi = LEFT_BOX[axis]
            ext = _extent_mm(s, mask > 0, axis)
            assert abs(ext[0] - lo) <= 2.0 and abs(ext[1] - hi) <= 2.0, (plane, axis, ext)


@pytest.mark.parametrize("plane", ["axial", "coronal"])
def test_a_label_in_the_patients_left_is_on_the_right_half_of_the_view(plane):
    s = ViewportState()
    s.set_volume(image_volume(), plane=plane)
    s.go_to_point(LEFT_BOX_CENTRE)
    mask = _sampled(s, sagittal_tilted_labels()) > 0
    cols = np.nonzero(mask)[1]
    assert cols.min() > mask.shape[1] / 2  # radiological: the patient's left on the screen's right
    s.flip_horizontal()
    cols = np.nonzero(_sampled(s, sagittal_tilted_labels()) > 0)[1]
    assert cols.max() < mask.shape[1] / 2
