"""Opening a series shows its middle image as soon as it is decoded; the rest streams in."""
from pathlib import Path

import numpy as np
import pydicom
import pytest

from tests.gui.conftest import wait_loaded

pytestmark = pytest.mark.gui

GE_T1 = Path(__file__).resolve().parents[1] / "data" / "mr_ge_t1_axial_oblique"  # GE 3D T1, 130 files


def test_first_image_before_the_whole_series(make_main_window, qtbot):
    w = make_main_window(size=(900, 700))
    vp = w.grid.viewports[0]
    seen, texts = [], []
    vp.state.subscribe(lambda changed: (seen.append((vp.state.loaded_fraction, vp.state.volume)),
                                        texts.append(vp.view.overlays.corner_text("bottom_left"))))
    with qtbot.waitSignal(w.controller.series_opened, timeout=60_000):
        w.controller.open_paths([str(GE_T1)], 0)
    wait_loaded(qtbot, vp)
    assert texts[0].startswith("Loading 0%")  # progress shows in the viewport itself
    partial = [(f, v) for f, v in seen if v is not None and f < 1.0]
    assert partial, "no image was shown before the whole series was decoded"
    first = partial[0][1]
    full = vp.state.volume
    assert first is not full and first.voxels.shape == full.voxels.shape
    k = full.voxels.shape[0] // 2
    assert np.array_equal(first.voxels[k], full.voxels[k])  # the middle image, already right
    assert not np.array_equal(first.voxels[0], full.voxels[0])  # the rest came later
    assert vp.state.slice_index == k and "Loading" not in vp.view.overlays.corner_text("bottom_left")


def test_bad_folder_gives_a_clear_message(make_main_window, qtbot, tmp_path):
    (tmp_path / "notes.txt").write_text("not an image")
    w = make_main_window()
    with qtbot.waitSignal(w.controller.error, timeout=30_000) as sig:
        w.controller.open_paths([str(tmp_path)], 0)
    assert "nothing to display" in sig.args[0]
    assert w.grid.viewports[0].state.volume is None


def test_archive_series_shows_its_middle_instance_before_the_scan(make_main_window, qtbot):
    from workstation.importer import ImportJob

    w = make_main_window(archive="new", size=(900, 700))
    ImportJob(w.archive, [GE_T1]).run()
    series = w.archive.series()[0]
    files = w.archive.series_files(series.series_instance_uid)
    vp = w.grid.viewports[0]
    seen = []
    vp.state.subscribe(lambda changed: seen.append((vp.state.loaded_fraction, vp.state.volume)))
    with qtbot.waitSignal(w.controller.series_opened, timeout=60_000):
        w.controller.open_series(series.series_instance_uid, 0)
    previews = [v for f, v in seen if v is not None and f < 1.0]
    assert previews and previews[0].voxels.shape[0] == 1  # one image, before the whole series
    middle = pydicom.dcmread(files[len(files) // 2], stop_before_pixels=True)
    assert previews[0].sop_instance_uids[0] == middle.SOPInstanceUID
    full = vp.state.volume
    assert full.voxels.shape[0] == 130
    # the full series stays on the previewed image
    k = vp.state.slice_index
    assert full.sop_instance_uids[k] == middle.SOPInstanceUID
    assert np.array_equal(full.voxels[k], previews[0].voxels[0])


def test_a_newer_request_wins_over_an_older_one_for_the_same_viewport(make_main_window, qtbot, tmp_path):
    from tests.gui.dicom_writer import write_series
    from tests.viewer_model.synthetic import make_volume

    write_series(make_volume(shape_ijk=(32, 32, 12)), tmp_path / "small", description="second")
    w = make_main_window()
    w.controller.open_paths([str(GE_T1)], 0)
    w.controller.open_paths([str(tmp_path / "small")], 0)  # replaces the first request at once
    vp = w.grid.viewports[0]
    wait_loaded(qtbot, vp)
    qtbot.wait(1500)  # give the first request every chance to arrive late
    assert vp.state.volume.metadata["series_description"] == "second"


def test_full_series_window_replaces_the_preview_window(make_main_window, qtbot):
    from viewer.model.windowing import default_window
    from workstation.importer import ImportJob

    w = make_main_window(archive="new", size=(900, 700))
    ImportJob(w.archive, [GE_T1]).run()
    uid = w.archive.series()[0].series_instance_uid
    vp = w.grid.viewports[0]
    with qtbot.waitSignal(w.controller.series_opened, timeout=60_000):
        w.controller.open_series(uid, 0)
    assert vp.state.window == default_window(vp.state.volume)  # GE varies VOI per image: the series' one wins


def test_first_image_is_announced_when_the_whole_series_beats_its_preview(make_main_window, qtbot, monkeypatch):
    """A slow preview (a busy machine) may come after the full read: the series' first image is announced all
    the same, once (the reading context labels a viewport PRIOR/CURRENT from it)."""
    import time

    from workstation.app import viewer_controller
    from workstation.importer import ImportJob

    real = viewer_controller.preview_volume
    monkeypatch.setattr(viewer_controller, "preview_volume", lambda f: (time.sleep(3), real(f))[1])
    w = make_main_window(archive="new", size=(900, 700))
    ImportJob(w.archive, [GE_T1]).run()
    uid = w.archive.series()[0].series_instance_uid
    firsts = []
    w.controller.first_image.connect(firsts.append)
    with qtbot.waitSignal(w.controller.series_opened, timeout=60_000):
        w.controller.open_series(uid, 0)
    assert firsts == [0] and w.grid.viewports[0].state.volume.voxels.shape[0] == 130
    qtbot.wait(3500)  # the late preview is dropped, not shown over the series nor announced again
    assert firsts == [0] and w.grid.viewports[0].state.volume.voxels.shape[0] == 130
