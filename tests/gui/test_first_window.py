"""The run command's first window on the bundled demo study (the TCGA-LGG glioma, issue 14): FLAIR, T1
post-contrast, T2, T1 in a 2×2 grid, linked by patient position, opened on the lesion (patient's right
frontal lobe, drawn on the screen's left); screenshot for the docs."""
import numpy as np
import pytest

from tests.gui.conftest import viewport_pixels
from tests.gui.screenshots import screenshot_path
from workstation.app.launch import build_main_window, demo_study_uid, grab_window
from workstation.reading.demo_seed import demo_focus

pytestmark = pytest.mark.gui

HUNG = ["AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"]


def _off_plane_mm(state, point) -> float:
    """Distance of the LPS ``point`` from the slice ``state`` shows, along its normal."""
    return abs(state.patient_to_screen(point)[2])


def _assert_follow(states, source) -> None:
    """Every other viewport shows the slice through ``source``'s patient position (within half a slice)."""
    p = source.plane_origin()
    for st in states:
        if st is not source:
            assert _off_plane_mm(st, p) <= st.geometry.step / 2 + 0.01, st.volume.metadata["series_description"]


def _grey_around(vp, rgb, xyz, r: int = 6) -> float:
    """Mean grey of the screen pixels within ``r`` of where ``vp`` draws the LPS point ``xyz``."""
    x, y = vp.view.display_of_patient(xyz)
    row, col = rgb.shape[0] - 1 - int(round(y)), int(round(x))
    return float(rgb[row - r: row + r + 1, col - r: col + r + 1, 0].mean())


def test_run_window_shows_the_glioma_hung_2x2_and_linked(qtbot, tmp_path):
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.resize(1280, 800)  # a 1280×800 screen (docs/screenshots/first-window.png)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(startup.ready, timeout=120_000):
            startup.start()  # empty archive: imports the demo off the GUI thread, then opens it
        vps = window.grid.viewports
        states = [vp.state for vp in vps]
        assert window.grid.layout_name == "2x2"
        assert all(st.volume is not None and st.loaded_fraction == 1.0 for st in states)
        assert [st.volume.metadata["series_description"] for st in states] == HUNG  # FLAIR, T1c / T2, T1
        assert {st.volume.study_instance_uid for st in states} == {demo_study_uid()}
        assert len({st.volume.frame_of_reference_uid for st in states}) == 1
        flair = states[0]
        assert window.grid.active_index == 0
        focus = np.array(demo_focus())  # the lesion, LPS: x < 0 is the patient's right
        assert focus[0] < 0
        for st in states:  # every viewport opens on the slice through the lesion
            assert abs(st.patient_to_screen(focus)[2]) <= st.geometry.step / 2 + 0.01
        assert flair.slice_count == 26 and flair.slice_index == 17
        assert "18/26" in vps[0].view.overlays.corner_text("bottom_left")
        for vp in vps:  # oblique axials: the patient's left on the screen's right (radiological)
            labels = {e: vp.view.overlays.edge_label(e) for e in ("left", "right", "top", "bottom")}
            assert labels["right"].startswith("L") and labels["left"].startswith("R"), labels
            assert labels["top"].startswith("A") and labels["bottom"].startswith("P"), labels
        # the screen shows the slice's content: bright where the volume is bright, black around the head
        rgb = viewport_pixels(vps[0])
        assert rgb[..., 0].max() > 200 and (rgb[..., 0] < 20).mean() > 0.1
        # the FLAIR-bright lesion is drawn left of the mirrored (patient-left) point, and brighter than it
        mirror = focus * np.array([-1.0, 1.0, 1.0])
        assert vps[0].view.display_of_patient(focus)[0] < vps[0].view.display_of_patient(mirror)[0]
        lesion, other = _grey_around(vps[0], rgb, focus), _grey_around(vps[0], rgb, mirror)
        assert lesion > 1.3 * other, (lesion, other)

        # linked by patient position: the others opened at the FLAIR's level and follow any scroll
        _assert_follow(states, flair)
        before = [st.slice_index for st in states]
        flair.scroll(-5)
        _assert_follow(states, flair)
        assert all(st.slice_index != b for st, b in zip(states[1:], before[1:]))  # they did move
        t2 = states[2]
        t2.scroll(3)  # the T2 is tilted ~17° against the T1s: still the same patient position
        _assert_follow(states, t2)
        assert flair.slice_index == 17 - 5 + 3  # T2 and FLAIR share their grid's tilt and spacing

        lst = window.browser.series_list  # the open study is selected, its series thumbnails show
        qtbot.waitUntil(lambda: lst.count() == 4 and not any(lst.item(n).icon().isNull() for n in range(4)),
                        timeout=30_000)
        window.controller.link_requested.emit(focus)  # back to the opening view for the picture
        out = grab_window(window, screenshot_path(tmp_path, "first-window.png"))
        assert out.stat().st_size > 20_000
        assert window.browser.study_items(), "the study browser lists the demo study"
    finally:
        startup.stop()
        window.close()
        window.archive.close()
