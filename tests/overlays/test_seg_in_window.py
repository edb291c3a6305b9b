"""SEGs in the archive reach the screen: a study with a SEG opens with the SEG over its source series (not
hung as an image), a SEG series dropped on a viewport overlays it, the browser shows a SEG thumbnail, and
the AI segmentation panel lists the segments and drives the overlay."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import viewport_pixels, wait_loaded
from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, same_grid_labels
from viewer.io import load_path
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg

pytestmark = pytest.mark.gui
GREEN = (0, 200, 0)


def _green(rgb) -> np.ndarray:
    return (rgb[..., 1] > 120) & (rgb[..., 0] < 80) & (rgb[..., 2] < 80)


@pytest.fixture
def window_with_seg(make_main_window, tmp_path):
    from workstation.ui import ai_overlay_panel

    w = make_main_window(archive="new", size=(1200, 800))
    files = write_series(image_volume(), tmp_path / "mr", modality="MR", description="T1 post contrast")
    source = load_path(tmp_path / "mr").volumes[0]
    seg = write_label_seg(same_grid_labels().voxels, source_headers(files, source),
                          [SegmentSpec(1, "enhancing tumour", GREEN, "demo-m1 0.1")], tmp_path / "seg.dcm",
                          series_description="M1 tumour SEG (test)")
    for f in [*files, seg]:
        assert w.archive.ingest_file(f).status == "stored"
    panel = ai_overlay_panel.make_panel(w.panel_context)
    w.add_panel("ai_overlays", "AI segmentation", panel, "right")
    study = w.archive.studies()[0].study_instance_uid
    seg_series = [s for s in w.archive.series(study) if s.modality == "SEG"][0]
    return w, panel, study, source, seg_series.series_instance_uid


def _centred_on_lesion(vp):
    vp.state.go_to_point(LEFT_BOX_CENTRE)
    return viewport_pixels(vp)


def test_opening_a_study_overlays_its_seg_on_the_source_series(window_with_seg, qtbot):
    w, panel, study, source, _ = window_with_seg
    opened = w.controller.open_study(study)
    assert opened == [source.series_instance_uid]  # the SEG is not hung as an image
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    qtbot.waitUntil(lambda: len(vp.state.layers) > 1, timeout=20_000)
    green = _green(_centred_on_lesion(vp))
    assert green.sum() > 100
    assert np.nonzero(green)[1].min() > vp.width() / 2  # patient's left on the screen's right
    assert panel.segments.count() == 1
    ml = same_grid_labels().voxels.sum() / 1000.0  # 1 mm voxels
    assert panel.segments.item(0).text() == f"enhancing tumour — {ml:.1f} mL"
    # the panel drives the overlay: the segment's tick hides it, outline draws its border only
    panel.segments.item(0).setCheckState(Qt.Unchecked)
    assert not _green(viewport_pixels(vp)).any()
    panel.segments.item(0).setCheckState(Qt.Checked)
    panel.outline.setChecked(True)
    assert 0 < _green(viewport_pixels(vp)).sum() < 0.6 * green.sum()
    panel.opacity.setValue(0)
    assert not _green(viewport_pixels(vp)).any()


def test_a_seg_dropped_on_a_viewport_overlays_the_series_shown_there(window_with_seg, qtbot):
    w, panel, _study, source, seg_uid = window_with_seg
    w.controller.open_series(source.series_instance_uid, 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    assert len(vp.state.layers) == 1
    w.grid.series_dropped.emit(0, seg_uid)  # what a drop of the SEG's thumbnail does
    qtbot.waitUntil(lambda: len(vp.state.layers) > 1, timeout=20_000)
    assert vp.state.volume.series_instance_uid == source.series_instance_uid  # still the image
    assert _green(_centred_on_lesion(vp)).sum() > 100
    assert panel.choice.count() == 1


def test_the_browser_shows_a_seg_thumbnail(window_with_seg):
    from viewer.model.seg_overlay import seg_thumbnail

    w, _panel, _study, _source, seg_uid = window_with_seg
    arr = seg_thumbnail([str(f) for f in w.archive.series_files(seg_uid)], 96)
    assert arr is not None and arr.max() >= 200 and arr.min() <= 40  # the segment light on a dark field
    # patient's left on the thumbnail's right, as in the viewport
    cols = np.nonzero(arr >= 200)[1]
    assert cols.min() > arr.shape[1] / 2


def test_mpr_opened_from_the_viewport_shows_its_seg_on_every_plane(window_with_seg, qtbot):
    from workstation.ui import mpr_panel

    w, panel, study, _source, _ = window_with_seg
    w.controller.open_study(study)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    qtbot.waitUntil(lambda: len(vp.state.layers) > 1, timeout=20_000)
    mpr = mpr_panel.make_panel(w.panel_context)
    qtbot.addWidget(mpr)
    view = mpr.open_mpr()
    assert view is not None
    qtbot.waitExposed(view)
    view.set_crosshair(LEFT_BOX_CENTRE)
    from viewer.render.offscreen import capture_rgb

    def greens():
        out = {}
        for name in ("axial", "coronal"):
            sw = view.views[name]
            sw.render_now()
            out[name] = _green(capture_rgb(sw.GetRenderWindow()))
        return out

    shown = greens()
    panel.segments.item(0).setCheckState(Qt.Unchecked)  # the same SEG layer drives the MPR overlay
    hidden = greens()
    for name in ("axial", "coronal"):
        seg = shown[name] & ~hidden[name]  # the SEG's pixels (the MPR's reference lines are green too)
        assert seg.sum() > 30, name
        assert np.nonzero(seg)[1].min() > seg.shape[1] / 2, f"{name}: patient left on the right"
    view.close()
