"""Screenshots of the viewer (1×1, 2×2 with four real series, Korean) and the Korean translation."""
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import mni_volume, wait_loaded
from tests.gui.screenshots import screenshot_path
from tests.gui.dicom_writer import write_series
from workstation.app.i18n import install_translators
from workstation.app.launch import grab_window

pytestmark = pytest.mark.gui

GE_T1 = Path(__file__).resolve().parents[1] / "data" / "mr_ge_t1_axial_oblique"  # GE 3D T1, 130 files


@pytest.fixture
def korean():
    app = QApplication.instance()
    translators = install_translators(app, "ko")
    yield translators
    for t in translators:
        app.removeTranslator(t)


def _import(window, *folders):
    from workstation.importer import ImportJob

    ImportJob(window.archive, [Path(f) for f in folders]).run()
    window.browser.refresh()


def _series(window, text):
    return next(s for s in window.archive.series() if text in (s.series_description or ""))


def _mni_dicom(shared_data, tmp_path, **kw):
    folder = tmp_path / "mni"
    write_series(mni_volume(shared_data), folder, description="MNI152 T1 template", patient_name=kw.get(
        "patient_name", "MNI152^Template"), patient_id="MNI-2009A")
    return folder


def test_viewer_1x1_screenshot(make_main_window, qtbot, shared_data, tmp_path):
    w = make_main_window(archive="new")
    _import(w, _mni_dicom(shared_data, tmp_path))
    w.controller.open_series(_series(w, "MNI152").series_instance_uid, 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    vp.state.set_slice(vp.state.geometry.index_of(10.0))  # through the lateral ventricles
    w.browser.tree.setCurrentItem(w.browser.study_items()[0])
    lst = w.browser.series_list
    qtbot.waitUntil(lambda: lst.count() and not lst.item(0).icon().isNull(), timeout=30_000)
    assert vp.view.overlays.edge_label("right") == "L"
    assert 1000 > vp.state.window.width > 20
    grab_window(w, screenshot_path(tmp_path, "viewer-1x1.png"))


def test_viewer_2x2_four_series_screenshot(make_main_window, qtbot, shared_data, tmp_path):
    w = make_main_window(archive="new")
    ct = shared_data / "ct_philips_ingenuity_head_phantom_cd" / "DICOM" / "S21570" / "S2010"
    epi = shared_data / "mr_ge_mr750_epi_axial" / "dicom"
    _import(w, _mni_dicom(shared_data, tmp_path), ct, GE_T1, epi)
    w.grid.set_layout("2x2")
    uids = [_series(w, t).series_instance_uid for t in ("MNI152", "BRAIN", "MP-RAGE", "")]
    uids[3] = next(s.series_instance_uid for s in w.archive.series() if s.series_instance_uid not in uids[:3])
    for n, uid in enumerate(uids):
        w.controller.open_series(uid, n)
    for vp in w.grid.viewports:
        wait_loaded(qtbot, vp)
    assert len({vp.state.volume.series_instance_uid for vp in w.grid.viewports}) == 4
    assert all(vp.state.slice_index == vp.state.slice_count // 2 for vp in w.grid.viewports)  # 4D EPI too
    w.grid.viewports[1].apply_preset_key("1")  # CT brain window
    assert w.grid.viewports[1].state.window.width == 80
    grab_window(w, screenshot_path(tmp_path, "viewer-2x2.png"))


def test_korean_interface_and_screenshot(korean, make_main_window, qtbot, shared_data, tmp_path):
    from pathlib import Path as _P

    loaded = {_P(t.filePath()).name for t in korean}
    assert "workstation_ko.qm" in loaded
    assert loaded >= {p.name for p in (_P(__file__).parents[2] / "resources" / "translations").glob("*_ko.qm")}
    w = make_main_window(archive="new")
    assert w.windowTitle() == "뇌종양 CDSS — 판독 워크스테이션"
    texts = {k: a.text() for k, a in w.toolbar.actions_by_key.items()}
    untranslated = [k for k, t in texts.items() if not k.startswith("layout_") and t.isascii()]
    assert not untranslated, untranslated
    _import(w, _mni_dicom(shared_data, tmp_path))
    w.controller.open_series(_series(w, "MNI152").series_instance_uid, 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    assert vp.view.overlays.corner_text("bottom_left").startswith("영상")
    assert "확대" in vp.view.overlays.corner_text("bottom_right")
    w.browser.tree.setCurrentItem(w.browser.study_items()[0])
    lst = w.browser.series_list
    qtbot.waitUntil(lambda: lst.count() and not lst.item(0).icon().isNull(), timeout=30_000)
    assert 1000 > vp.state.window.width > 20  # automatic MR window from the histogram
    grab_window(w, screenshot_path(tmp_path, "viewer-korean.png"))


def test_korean_help_dialog_translates_every_action(korean, qtbot):
    from workstation.ui.help_dialog import HelpDialog

    d = HelpDialog()
    qtbot.addWidget(d)
    actions = [d.table.item(r, 1).text() for r in range(d.table.rowCount())]
    assert actions and all(not a.isascii() for a in actions), [a for a in actions if a.isascii()]
    assert d.windowTitle() == "키보드 및 마우스 단축키"


def test_language_switches_live_from_settings(make_main_window, qtbot, tmp_path):
    from tests.gui.dicom_writer import write_series
    from tests.viewer_model.synthetic import make_volume

    write_series(make_volume(shape_ijk=(32, 32, 10)), tmp_path / "s")
    w = make_main_window(archive="new")
    w.controller.open_paths([str(tmp_path / "s")], 0)
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    invert = w.toolbar.actions_by_key["invert"]
    assert invert.text() == "Invert"
    try:
        w.settings.language = "ko"
        w.set_language("ko")
        qtbot.waitUntil(lambda: invert.text() == "반전", timeout=30000)
        assert w.windowTitle() == "뇌종양 CDSS — 판독 워크스테이션"
        assert w.docks["studies"].windowTitle() == "검사 목록"
        assert w.browser.refresh_button.text() == "새로 고침"
        assert vp.view.overlays.corner_text("bottom_left").startswith("영상")
    finally:
        w.set_language("en")
    qtbot.waitUntil(lambda: invert.text() == "Invert", timeout=30000)
    assert vp.view.overlays.corner_text("bottom_left").startswith("Im")
