"""Issue 2's first window: the run command's window on the bundled demo study, screenshot committed."""

import pytest

from tests.gui.conftest import bright_centroid, viewport_pixels  # noqa: F401
from tests.gui.screenshots import screenshot_path
from workstation.app.launch import build_main_window, demo_study_uid, grab_window

pytestmark = pytest.mark.gui



def test_run_window_shows_demo_middle_slice_with_labels(qtbot, tmp_path):
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(startup.ready, timeout=120_000):
            startup.start()  # empty archive: imports the demo off the GUI thread, then opens it
        vp = window.grid.viewports[0]
        state = vp.state
        assert window.grid.layout_name == "1x1"
        assert state.volume is not None and state.loaded_fraction == 1.0
        assert state.volume.study_instance_uid == demo_study_uid()
        assert state.slice_count == 130 and state.slice_index == 65  # the middle slice
        labels = {e: vp.view.overlays.edge_label(e) for e in ("left", "right", "top", "bottom")}
        # demo is a double-oblique axial: patient left on the screen's right (radiological)
        assert labels["right"].startswith("L") and labels["left"].startswith("R")
        assert labels["top"].startswith("A") and labels["bottom"].startswith("P")
        assert "66/130" in vp.view.overlays.corner_text("bottom_left")
        # the screen shows the slice's content: bright where the volume is bright
        rgb = viewport_pixels(vp)
        assert rgb[..., 0].max() > 200 and (rgb[..., 0] < 20).mean() > 0.1
        lst = window.browser.series_list  # the open study is selected, its series thumbnail shows
        qtbot.waitUntil(lambda: lst.count() == 1 and not lst.item(0).icon().isNull(), timeout=30_000)
        out = grab_window(window, screenshot_path(tmp_path, "first-window.png"))
        assert out.stat().st_size > 20_000
        assert window.browser.study_items(), "the study browser lists the demo study"
    finally:
        startup.stop()
        window.close()
        window.archive.close()
