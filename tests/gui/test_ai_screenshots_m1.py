"""The neurosurgeon's AI screens with the REAL output of the bundled demo M1 model (``m1_demo_synthetic``) on the
demo glioma (TCGA-FG-6692), as the docs show them: the label map over the T1c with its legend, the heatmap,
the review, the tumour volume over time, the 3D view, the fusion and MPR with the heatmap. Every screen that
shows the result says "trained on synthetic data — not for clinical use".

M1 runs once per model version (``inference.pipeline.segment_study``, ~40 s here) and its two SEGs are kept in
the temp folder under the weights' hash, so a second run reuses them. The demo has one study: the volume plot
gets a second point from a prior that the test MAKES (a copy of the T1c dated half a year earlier whose
segmentation is M1's eroded by 2 mm), named "SYNTHETIC PRIOR" in its study, series and algorithm, so the
plot says where each point comes from. Screenshots go to docs/screenshots only with CDSS_WRITE_SCREENSHOTS=1.
"""
from __future__ import annotations

import numpy as np
import pytest

from tests.gui.conftest import viewport_pixels
from tests.gui.m1_demo_support import (DEMO, SYNTHETIC_PRIOR, choose, disclaimer_shown, eroded_labels,  # noqa: F401
                                       m1_result, m1_window, rano_drawn_on, save_with_vtk, synthetic_prior)
from tests.gui.screenshots import screenshot_path
from workstation.app.launch import grab_window

pytestmark = pytest.mark.gui

def test_m1_label_map_legend_heatmap_and_mpr(m1_window, qtbot, tmp_path):
    w, panel, vp, info, point = m1_window
    _ref, probs = choose(panel, fractional=True)
    panel.shown.setChecked(False)  # the label map alone first
    ref, labels = choose(panel, fractional=False)
    assert disclaimer_shown(panel.disclaimer)
    legend = {e.name: e for e in labels.legend()}
    assert set(legend) == {"necrosis", "oedema", "enhancing"}
    for name, ml in info["volumes_ml"].items():  # the legend's mL are M1's own
        assert legend[name].volume_ml == pytest.approx(ml, abs=0.1)
    rgb = viewport_pixels(vp)
    labels.set_visible(False)
    bare = viewport_pixels(vp)
    labels.set_visible(True)
    drawn = np.abs(rgb.astype(int) - bare.astype(int)).sum(axis=2) > 40  # what the label map adds
    x, y = vp.view.display_of_patient(point)
    row, col = rgb.shape[0] - 1 - y, x
    rows, cols = np.nonzero(drawn)
    near = np.hypot(rows - row, cols - col) < 60
    assert near.sum() > 100  # M1's labels at the lesion
    # the right frontal lesion: the patient's RIGHT is the screen's LEFT, anterior is up
    assert cols[near].mean() < rgb.shape[1] / 2 and rows[near].mean() < rgb.shape[0] / 2
    assert vp.view.overlays.edge_label("left") == "R"
    grab_window(w, screenshot_path(tmp_path, "ai-overlay.png"))
    # the probability map as a heatmap with its scale bar, the label map in outline over it
    panel.outline.setChecked(True)
    choose(panel, fractional=True)
    panel.shown.setChecked(True)
    panel.heatmap.setChecked(True)
    assert disclaimer_shown(panel.disclaimer)
    bar = vp.view.visual_of(probs.heatmap).scale_bar
    assert bar is not None and bar.GetVisibility()
    heat = viewport_pixels(vp)
    assert (np.abs(heat.astype(int) - rgb.astype(int)).sum(axis=2) > 60).sum() > 500
    grab_window(w, screenshot_path(tmp_path, "ai-heatmap.png"))
    # MPR from this viewport: the same heatmap and label outline on its planes, the warning in its title
    from workstation.ui import mpr_panel

    mpr = w.docks["mpr"].widget() if "mpr" in w.docks else mpr_panel.make_panel(w.panel_context)
    view = mpr.open_mpr()
    assert view is not None
    view.resize(1500, 560)
    qtbot.waitExposed(view)
    view.set_crosshair(point)
    assert "not for clinical use" in view.windowTitle() and disclaimer_shown(view.ai_warning)
    mirror = view.overlay_mirror
    assert mirror.set_of("axial").visual_of(probs.heatmap).scale_bar.GetVisibility()
    from viewer.render.offscreen import capture_rgb

    for name in ("axial", "coronal"):
        sw = view.views[name]
        sw.render_now()
        shot = capture_rgb(sw.GetRenderWindow()).astype(int)
        coloured = (shot.max(axis=2) - shot.min(axis=2)) > 90  # the heatmap (and the coloured lines)
        x, y = sw.view.patient_to_display(point)
        rows, cols = np.nonzero(coloured)
        assert (np.hypot(rows - (shot.shape[0] - 1 - y), cols - x) < 40).sum() > 100, name
        assert x < shot.shape[1] / 2, f"{name}: the patient's right on the screen's left"
    view.rotate("axial", 20.0)  # oblique sagittal and coronal planes: the heatmap follows them
    view.views["coronal"].render_now()
    coronal = capture_rgb(view.views["coronal"].GetRenderWindow()).astype(int)
    assert ((coronal.max(axis=2) - coronal.min(axis=2)) > 90).sum() > 200
    mpr_shot = screenshot_path(tmp_path, "ai-mpr.png")
    mpr_shot.parent.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    for sw in view.views.values():
        sw.render_now()
    QApplication.processEvents()
    QApplication.primaryScreen().grabWindow(view.winId()).save(str(mpr_shot))
    view.close()


def test_m1_review_and_tumour_volume_over_time(m1_window, qtbot, tmp_path):
    from viewer.io.seg import on_grid, read_seg
    from workstation.ai_review.seg_index import study_segs

    w, panel, vp, info, point = m1_window
    _ref, probs = choose(panel, fractional=True)
    panel.shown.setChecked(False)
    ref, labels = choose(panel, fractional=False)
    review = panel.review
    assert disclaimer_shown(panel.disclaimer)
    review.comment.setText("right frontal lesion found; demo model, synthetic training data")
    review.accept_button.click()
    qtbot.waitUntil(lambda: (review.service().latest(ref.sop_instance_uid) or None) is not None, timeout=20_000)
    latest = review.service().latest(ref.sop_instance_uid)
    assert latest.decision == "accepted" and "m1_demo_synthetic" in latest.model_name
    qtbot.wait(200)
    grab_window(w, screenshot_path(tmp_path, "ai-review.png"))

    # the demo has one study: a clearly synthetic prior gives the plot its second time point
    t1c = vp.state.volume
    label_map = labels.seg.label_map()
    on_t1c = on_grid(label_map, t1c).astype(np.uint8)
    files, prior_seg = synthetic_prior(tmp_path, sorted((DEMO / "t1c").glob("*.dcm")), on_t1c, t1c)
    for f in [*files, prior_seg]:
        assert w.archive.ingest_file(f).status == "stored"
    prior_study = next(s for s in w.archive.studies() if s.study_description == SYNTHETIC_PRIOR)
    (prior_ref,) = study_segs(w.archive, prior_study.study_instance_uid)
    review.service().review(prior_ref, read_seg(prior_ref.path), "accepted", "synthetic prior made by the test",
                            study_date=prior_study.study_date, patient_id=prior_study.patient_id)
    # RANO on both studies (drawn by the test from each study's labels), stored as a reader's measurements are
    from workstation.measurements.lesions import Lesion
    from workstation.measurements.store import MeasurementStore

    patient = t1c.metadata.get("patient_id", "")
    store = MeasurementStore.of(w.archive)
    lesion = "T1 right frontal"
    store.add_lesion(patient, Lesion(lesion, location="right frontal"))
    eroded = eroded_labels(on_t1c, t1c)
    rano = [rano_drawn_on(on_t1c, t1c, t1c.study_instance_uid, lesion),
            rano_drawn_on(eroded, t1c, prior_study.study_instance_uid, lesion)]
    for m in rano:
        store.save(m, patient)
    volumes = w.docks["ai_volume"].widget() if "ai_volume" in w.docks else None
    assert volumes is not None, sorted(w.docks)
    volumes.refresh(patient)
    drawn = volumes.plot.rano
    assert [p.study_instance_uid for p in drawn] == [prior_study.study_instance_uid, t1c.study_instance_uid]
    assert [p.spd_mm2 for p in drawn] == [pytest.approx(rano[1].values["product_mm2"], rel=1e-6),
                                          pytest.approx(rano[0].values["product_mm2"], rel=1e-6)]
    assert drawn[0].spd_mm2 < drawn[1].spd_mm2  # the prior's core is eroded
    history = volumes.plot.series
    assert set(history) >= {"oedema", "enhancing"}
    for name in ("oedema", "enhancing"):
        prior_pt, m1_pt = history[name]
        assert "SYNTHETIC PRIOR" in prior_pt.model and "m1_demo_synthetic" in m1_pt.model
        assert m1_pt.volume_ml == pytest.approx(info["volumes_ml"][name], abs=0.1)
        assert prior_pt.volume_ml < m1_pt.volume_ml  # eroded
    assert disclaimer_shown(volumes.disclaimer)
    assert "SYNTHETIC PRIOR" in volumes.models.text()
    dock = w.docks["ai_volume"]
    dock.setFloating(True)
    dock.resize(760, 600)
    dock.show()
    dock.raise_()
    qtbot.waitExposed(volumes)
    qtbot.wait(100)
    volumes.grab().save(str(screenshot_path(tmp_path, "tumour-volume.png")))


def test_m1_in_3d_and_fusion_with_its_outline(m1_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from viewer.render.offscreen import capture_rgb

    w, panel, vp, _info, point = m1_window
    _ref, probs = choose(panel, fractional=True)
    panel.shown.setChecked(False)
    _ref, labels = choose(panel, fractional=False)
    dock = w.docks["ai_3d"]
    dock.setFloating(True)
    dock.resize(900, 760)
    dock.show()
    dock.raise_()
    view = dock.widget()
    qtbot.waitUntil(lambda: view.scene is not None and len(view.scene.label_actors) >= 2, timeout=60_000)
    assert disclaimer_shown(view.disclaimer)
    view.scene.reset_camera("anterior")
    cam = view.scene.renderer.GetActiveCamera()
    cam.Azimuth(-30)
    cam.Elevation(15)
    cam.Zoom(1.3)
    view.render()
    QApplication.processEvents()
    win = view.vtk_widget.GetRenderWindow()
    assert (np.abs(capture_rgb(win).astype(int) - np.array(labels.label_colour(2))).sum(axis=2) < 90).sum() > 200
    save_with_vtk(view, view.vtk_widget, screenshot_path(tmp_path, "ai-3d.png"))
    dock.setFloating(False)
    dock.hide()
    # fusion: FLAIR (hot) over the T1c, M1's label map in outline on top
    labels.set_outline(True)
    labels.set_visible(True)
    fusion = w.docks["fusion"].widget()
    from PySide6.QtCore import Qt

    w.addDockWidget(Qt.LeftDockWidgetArea, w.docks["fusion"])  # the fusion panel on the left, the AI panel
    w.docks["fusion"].show()  # (M1's legend and warning) in sight on the right
    w.docks["ai_overlays"].raise_()
    qtbot.wait(100)
    fusion.refresh()
    names = [fusion.series.itemText(n) for n in range(fusion.series.count())]
    fusion.series.setCurrentIndex(next(n for n, t in enumerate(names) if "FLAIR" in t.upper()))
    fusion.fuse_button.click()
    qtbot.waitUntil(lambda: id(vp.state) in fusion.layers, timeout=120_000)
    fusion.blend.setValue(45)
    assert disclaimer_shown(panel.disclaimer)
    grab_window(w, screenshot_path(tmp_path, "fusion.png"))
    fused = viewport_pixels(vp).astype(int)
    assert (fused[..., 0] - fused[..., 2] > 60).sum() > 2000  # the hot colour map
    labels.set_visible(False)
    assert (np.abs(viewport_pixels(vp).astype(int) - fused).sum(axis=2) > 40).sum() > 50  # M1's outline on top


@pytest.fixture
def korean():
    from PySide6.QtWidgets import QApplication

    from workstation.app.i18n import switch_language

    switch_language(QApplication.instance(), "ko")
    yield
    switch_language(QApplication.instance(), "en")


def test_korean_ai_panels_show_no_english_only_text(korean, m1_window, qtbot, tmp_path):
    """In Korean, the AI panels with M1's result say everything in Korean except the result's own data (the
    SEG's title, segment and model names, written by the model): legend, heatmap, review, volume plot, 3D,
    fusion and the MPR window with its warning."""
    from tests.frictions.visible_text import english_only, visible_texts

    w, panel, vp, _info, point = m1_window
    data = {overlay.title for _r, overlay in panel.manager.overlays()}
    names = {s.label for _r, overlay in panel.manager.overlays() for s in overlay.seg.segments}

    def english(widget) -> list:
        return sorted({t for _k, t in visible_texts(widget) if english_only(t) and t not in data})

    _ref, probs = choose(panel, fractional=True)
    panel.heatmap.setChecked(True)
    qtbot.wait(50)
    assert english(w.docks["ai_overlays"]) == []
    assert panel.disclaimer.text() == "⚠ 합성 데이터로 학습됨 — 임상용 아님"
    assert vp.view.visual_of(probs.heatmap).scale_bar.GetTitle() == "확률"
    grab_window(w, tmp_path / "korean-ai-heatmap.png")  # to look at; not a docs screenshot
    _ref, labels = choose(panel, fractional=False)
    qtbot.wait(50)
    assert english(w.docks["ai_overlays"]) == []
    for n in range(panel.segments.count()):  # the legend: the segment's name (data), the rest Korean
        line = panel.segments.item(n).text()
        name = next(x for x in names if line.startswith(x))
        assert not english_only(line[len(name):]), line
    review = panel.review  # the review line says decision and time in Korean (the reviewer and comment: data)
    review.comment.setText("우측 전두엽 병변")
    review.accept_button.click()
    qtbot.waitUntil(lambda: review.review_line.text().startswith("승인 (검토자 "), timeout=20_000)
    assert english(w.docks["ai_overlays"]) == [], review.review_line.text()
    review.reject_button.click()  # no comment: refused, said in Korean, nothing stored
    assert review.error.text() == "분할을 거부하는 이유를 적어 주세요 (의견 필수)"
    assert review.review_line.text().startswith("승인")
    fusion = w.docks["fusion"].widget()  # its series list shows the archive's series descriptions (data)
    data |= {fusion.series.itemText(n) for n in range(fusion.series.count())}
    for key in ("ai_volume", "ai_3d", "fusion"):
        w.docks[key].raise_()
        if key == "ai_volume":
            w.docks[key].widget().refresh()
        qtbot.wait(50)
        assert english(w.docks[key]) == [], key
    view = w.docks["mpr"].widget().open_mpr()
    qtbot.waitExposed(view)
    qtbot.wait(100)
    assert english(view) == [] and view.ai_warning.text() == "⚠ 합성 데이터로 학습됨 — 임상용 아님"
    # a live switch to English: the warnings follow
    from PySide6.QtWidgets import QApplication

    from workstation.app.i18n import switch_language

    switch_language(QApplication.instance(), "en")
    qtbot.wait(50)
    sentence = "⚠ Trained on synthetic data — not for clinical use"
    assert panel.disclaimer.text() == sentence and view.ai_warning.text() == sentence
    assert w.docks["ai_3d"].widget().disclaimer.text() == sentence
    view.close()
