"""The neurosurgeon's screen on the real demo glioma (TCGA-FG-6692): the study opens with its SEGs over the
T1c series, the right frontal lesion drawn on the screen's LEFT, the legend with names and mL, the heatmap
with its scale bar; Reject (with its reason) and Accept after a brush edit from the panel are stored and
audited, the rejected SEG stays shown. The SEGs are FLAIR threshold masks made at test time, NOT AI (M1's
weights are not in the checkout), and say so in their titles. Its pictures stay in tmp_path: the docs'
screenshots come from M1's real output (tests/gui/test_ai_screenshots_m1.py)."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.ai_review.demo_seg import DEMO, TITLE, focus, write_demo_segs
from tests.gui.conftest import viewport_pixels, wait_loaded
from viewer.render.offscreen import capture_rgb, write_png
from workstation.app.launch import grab_window

pytestmark = pytest.mark.gui


def _yellow(rgb) -> np.ndarray:
    """The lesion's yellow, away from the edges (the orientation letters are yellow too)."""
    mask = (rgb[..., 0] > 120) & (rgb[..., 1] > 100) & (rgb[..., 2] < 60)
    h, w = mask.shape
    mask[: h // 12] = mask[-h // 12:] = False
    mask[:, : w // 12] = mask[:, -w // 12:] = False
    return mask


@pytest.fixture
def demo_window(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new", with_panels=True, size=(1500, 950))
    seg, prob = write_demo_segs(tmp_path)
    for f in [*sorted(DEMO.glob("*/*.dcm")), seg, prob]:
        assert w.archive.ingest_file(f).status == "stored"
    assert "ai_overlays" in w.docks, w.status.currentMessage()
    panel = w.docks["ai_overlays"].widget()
    w.docks["ai_overlays"].raise_()
    study = w.archive.studies()[0].study_instance_uid
    w.controller.open_study(study, focus=focus())
    for vp in w.grid.viewports:
        wait_loaded(qtbot, vp)
    t1c = next(n for n, vp in enumerate(w.grid.viewports)
               if "T1" in vp.state.volume.metadata.get("series_description", "").upper()
               and "GD" in vp.state.volume.metadata.get("series_description", "").upper())
    vp = w.grid.viewports[t1c]
    qtbot.waitUntil(lambda: len(vp.state.layers) >= 4, timeout=60_000)  # 2 SEGs: labels + heatmap/outline
    w.grid.set_active(t1c)
    w.grid.toggle_maximize(t1c)
    vp.state.go_to_point(focus())
    qtbot.waitUntil(lambda: panel.choice.count() == 2, timeout=10_000)
    return w, panel, vp


def _choose(panel, text):
    for n in range(panel.choice.count()):
        if panel.choice.itemText(n) == text:
            panel.choice.setCurrentIndex(n)
            return panel.current()[1]
    raise AssertionError(f"{text!r} not in the panel")


def test_demo_glioma_overlay_legend_and_heatmap(demo_window, qtbot, tmp_path):
    w, panel, vp = demo_window
    assert all(vp.state.volume.series_instance_uid in r.source_series_uids for r, _ in panel.manager.overlays())
    _choose(panel, f"{TITLE} (score)")
    panel.shown.setChecked(False)  # the panel's Show tick: the score map off for now
    labels = _choose(panel, TITLE)
    lines = [panel.segments.item(n).text() for n in range(panel.segments.count())]
    assert lines[0].startswith("FLAIR-bright lesion (threshold) — ") and lines[0].endswith(" mL")
    assert float(lines[0].split("— ")[1].split()[0]) > 5.0
    rgb = viewport_pixels(vp)
    lesion = _yellow(rgb)
    assert lesion.sum() > 100
    # the lesion is in the patient's RIGHT frontal lobe: the screen's LEFT half, upper half (anterior)
    cols, rows = np.nonzero(lesion)[1], np.nonzero(lesion)[0]
    assert cols.mean() < rgb.shape[1] / 2 and rows.mean() < rgb.shape[0] / 2
    assert vp.view.overlays.edge_label("left") == "R"
    grab_window(w, tmp_path / "ai-overlay.png")
    panel.shown.setChecked(False)
    assert not labels.label_layers[0].visible
    score = _choose(panel, f"{TITLE} (score)")
    panel.shown.setChecked(True)
    panel.heatmap.setChecked(True)
    assert panel.heatmap.isEnabled() and panel.heatmap.isChecked()
    bar = vp.view.visual_of(score.heatmap).scale_bar
    assert bar is not None and bar.GetVisibility()
    heat = viewport_pixels(vp)
    assert (np.abs(heat.astype(int) - rgb.astype(int)).sum(axis=2) > 60).sum() > 500
    grab_window(w, tmp_path / "ai-heatmap.png")
    panel.heatmap.setChecked(False)
    assert not score.heatmap.visible and not bar.GetVisibility()


def test_reject_then_edit_and_accept_from_the_panel(demo_window, qtbot, tmp_path):
    w, panel, vp = demo_window
    _choose(panel, f"{TITLE} (score)")
    panel.shown.setChecked(False)
    _choose(panel, TITLE)
    review = panel.review
    assert review.accept_button.isEnabled()
    assert "Not reviewed" in review.review_line.text()
    review.reject_button.click()  # no reason given: refused, said, nothing stored
    assert "say why" in review.error.text()
    assert review.service().latest(panel.current()[0].sop_instance_uid) is None
    review.comment.setText("threshold mask spills into the cortex")
    review.reject_button.click()
    ref = panel.current()[0]
    latest = review.service().latest(ref.sop_instance_uid)
    assert latest is not None and latest.decision == "rejected"
    assert review.review_line.text().startswith("REJECTED by ")
    # shown as rejected, still over the image
    assert _yellow(viewport_pixels(vp)).sum() > 100
    audit = w.session.reading.audit
    assert any(e.action == "ai_review" and ref.sop_instance_uid in e.target for e in audit.entries())
    # edit: the brush paints in the patient's LEFT (screen right), then accept saves a new version
    review.edit_button.setChecked(True)
    assert review.editor is not None

    def on_screen(xyz):  # the point of the slice shown under ``xyz`` (what a mouse press there gives)
        return vp.view.patient_at_display(*vp.view.display_of_patient(xyz))

    left = focus() * (-1, 1, 1)
    for dy in (-4.0, 0.0, 4.0):
        review.stroke_at(on_screen(left + (0, dy, 0)))
    review.brush.setChecked(False)
    review.eraser.setChecked(True)
    review.stroke_at(on_screen(focus()))
    qtbot.wait(50)
    painted = _yellow(viewport_pixels(vp))
    assert painted[:, painted.shape[1] // 2:].sum() > 20  # the new stroke shows on the screen's right
    grab_window(w, tmp_path / "ai-review.png")
    before = len(w.archive.series(ref.study_instance_uid))
    review.comment.setText("trimmed; the left stroke is a test edit")
    review.accept_button.click()
    assert len(w.archive.series(ref.study_instance_uid)) == before + 1  # the edited version, beside the original
    qtbot.waitUntil(lambda: panel.choice.count() == 3, timeout=20_000)
    assert review.service().latest(ref.sop_instance_uid).decision == "accepted"
    assert review.service().latest(ref.sop_instance_uid).edited_seg_sop_instance_uid
    assert [h.decision for h in review.service().history(ref.sop_instance_uid)] == ["rejected", "accepted"]


def test_segmentation_in_3d_rotates_and_moves_the_cursor(demo_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    w, panel, vp = demo_window
    _choose(panel, TITLE)
    dock = w.docks["ai_3d"]
    dock.setFloating(True)
    dock.resize(900, 760)
    dock.show()
    dock.raise_()
    view = dock.widget()
    qtbot.waitUntil(lambda: view.scene is not None and len(view.scene.label_actors) == 2, timeout=60_000)
    assert view.scene.mask_actor is not None and view.scene.mask_actor.GetProperty().GetOpacity() < 0.5
    assert "not a brain mask" in view.info.text()  # the demo has no brain mask SEG: the head, said so
    # the lesion's surface (label 1, yellow) lies in the patient's right frontal lobe
    poly = view.scene.label_actors[1].GetMapper().GetInput()
    pts = np.array([poly.GetPoint(n) for n in range(0, poly.GetNumberOfPoints(), 7)])
    assert np.median(pts[:, 0]) < 0 and np.median(pts[:, 1]) < 0  # right (x < 0), anterior (y < 0)
    # a click on the surface: the cursor and every viewport of the study go there
    target = np.median(pts, axis=0)
    before = [v.state.slice_index for v in w.grid.viewports]
    view.go_to(target)
    assert np.allclose(view.scene.cursor, target)
    assert abs(vp.state.slice_position_mm() - float(np.dot(target, vp.state.basis.normal))) < 6.0
    view.scene.reset_camera("anterior")
    cam = view.scene.renderer.GetActiveCamera()
    cam.Azimuth(-30)
    cam.Elevation(15)
    view.render()
    QApplication.processEvents()
    win = view.vtk_widget.GetRenderWindow()
    rgb = capture_rgb(win)
    yellow = (rgb[..., 0] > 150) & (rgb[..., 1] > 120) & (rgb[..., 2] < 90)
    assert yellow.sum() > 200  # the lesion's surface is drawn, in its colour
    write_png(win, tmp_path / "ai-3d.png")
    assert [v.state.slice_index for v in w.grid.viewports] != before


def test_fusion_of_flair_over_the_t1c_with_a_blend_slider(demo_window, qtbot, tmp_path):
    w, panel, vp = demo_window
    for r, overlay in panel.manager.overlays():  # the image and the fused series only
        overlay.set_visible(False)
    fusion = w.docks["fusion"].widget()
    w.docks["fusion"].raise_()
    fusion.refresh()
    names = [fusion.series.itemText(n) for n in range(fusion.series.count())]
    flair = next(n for n, t in enumerate(names) if "FLAIR" in t.upper())
    assert not any("NOT AI" in t for t in names)  # SEGs are not offered for fusion
    fusion.series.setCurrentIndex(flair)
    before = viewport_pixels(vp)
    fusion.fuse_button.click()
    qtbot.waitUntil(lambda: id(vp.state) in fusion.layers, timeout=120_000)
    layer = fusion.layers[id(vp.state)]
    assert layer in list(vp.state.layers) and "FLAIR" in layer.name.upper()
    assert "same frame of reference" in fusion.status.text() and layer.registration is None
    fused = viewport_pixels(vp)
    hot = (fused[..., 0].astype(int) - fused[..., 2].astype(int) > 60)  # the hot colour map's reds/yellows
    assert hot.sum() > 2000 and (before[..., 0].astype(int) - before[..., 2].astype(int) > 60).sum() < 500
    fusion.blend.setValue(80)
    assert layer.opacity == pytest.approx(0.8)
    fusion.blend.setValue(40)
    assert "FLAIR" in fusion.series.currentText().upper()  # the choice survives the panel's refresh
    grab_window(w, tmp_path / "fusion.png")
    fusion.remove_button.click()
    assert layer not in list(vp.state.layers)
