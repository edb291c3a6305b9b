"""The MPR window opened from a viewport shows that viewport's AI layers on its planes (Xvfb, the real main
window): a FRACTIONAL SEG's heatmap with its scale bar, and a fused series added to the viewport AFTER the
window opened (the MPR window follows the viewport's layer stack); removing the fusion takes it away there
too."""
from __future__ import annotations

import numpy as np
import pytest

from tests.gui.conftest import wait_loaded
from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, label_volume
from viewer.io import load_path
from viewer.model.overlay_layers import FusionLayer
from viewer.render.offscreen import capture_rgb
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_probability_seg

pytestmark = pytest.mark.gui


@pytest.fixture
def window_with_probability(make_main_window, tmp_path):
    w = make_main_window(archive="new", size=(1200, 800))
    files = write_series(image_volume(), tmp_path / "mr", modality="MR", description="T1 post contrast")
    source = load_path(tmp_path / "mr").volumes[0]
    box = label_volume((101, 101, 61), (1.0, 1.0, 1.0), np.eye(3), (0.0, 0.0, 0.0)).voxels
    prob = np.where(box > 0, 0.9, 0.0).astype(np.float32)
    seg = write_probability_seg(prob, source_headers(files, source), SegmentSpec(1, "tumour probability"),
                                tmp_path / "prob.dcm", series_description="M1 probability (test)")
    for f in [*files, seg]:
        assert w.archive.ingest_file(f).status == "stored"
    from workstation.ui import ai_overlay_panel

    w.add_panel("ai_overlays", "AI segmentation", ai_overlay_panel.make_panel(w.panel_context), "right")
    return w, w.archive.studies()[0].study_instance_uid


def _coloured(rgb) -> np.ndarray:
    """Saturated colours (heatmap or fusion; the reference lines too), away from the edges (letters, scale
    bar)."""
    rgb = rgb.astype(int)
    mask = (rgb.max(axis=2) - rgb.min(axis=2)) > 90
    h, w = mask.shape
    mask[: h // 10] = mask[-h // 10:] = False
    mask[:, : w // 10] = mask[:, -w // 5:] = False
    return mask


def test_mpr_window_shows_the_viewports_heatmap_and_a_fusion_added_later(window_with_probability, qtbot):
    from workstation.ui import mpr_panel

    w, study = window_with_probability
    w.controller.open_study(study)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    qtbot.waitUntil(lambda: any(type(l).__name__ == "HeatmapLayer" for l in vp.state.layers), timeout=20_000)
    heatmap = next(l for l in vp.state.layers if type(l).__name__ == "HeatmapLayer")
    for layer in vp.state.layers.overlays():
        if layer is not heatmap:
            layer.set_visible(False)  # the heatmap only (its label map's outline is drawn too)
    mpr = mpr_panel.make_panel(w.panel_context)
    qtbot.addWidget(mpr)
    view = mpr.open_mpr()
    qtbot.waitExposed(view)
    view.set_crosshair(LEFT_BOX_CENTRE)

    def coloured():
        out = {}
        for name in ("axial", "coronal"):
            sw = view.views[name]
            sw.render_now()
            out[name] = _coloured(capture_rgb(sw.GetRenderWindow()))
        return out

    heatmap.set_visible(False)
    lines = coloured()  # the reference lines and cursor only

    def shown():  # what the layers add
        return {name: mask & ~lines[name] for name, mask in coloured().items()}

    heatmap.set_visible(True)
    heat = shown()
    for name, mask in heat.items():
        assert mask.sum() > 30, name
        assert np.nonzero(mask)[1].min() > mask.shape[1] / 2, f"{name}: the patient's left on the right"
        bar = view.overlay_mirror.set_of(name).visual_of(heatmap).scale_bar
        assert bar is not None and bar.GetVisibility()
    heatmap.set_visible(False)
    assert not any(m.any() for m in shown().values())
    # a fused series (bright box in the patient's left, hot) added to the viewport after MPR opened
    box = label_volume((80, 80, 50), (1.2, 1.2, 1.2), np.eye(3), (2.0, -3.0, 1.0))
    fusion = FusionLayer(box.with_voxels(box.voxels.astype(np.int16) * 500), colormap="hot",
                         value_range=(0.0, 1000.0), opacity=1.0)
    vp.state.layers.add(fusion, 1)
    fused = shown()
    for name, mask in fused.items():
        assert mask.sum() > 30, name
        assert np.nonzero(mask)[1].min() > mask.shape[1] / 2, f"{name}: the patient's left on the right"
    vp.state.layers.remove(fusion)
    assert not any(m.any() for m in shown().values())
    view.close()
