"""Issue 22's start order, as ``cdss-workstation run`` starts (``launch``: docks after the first image): the start
study's first image is drawn while nothing else runs (no dock, no other viewport's GL window, no full series read,
no service), then everything follows: the docks (told what they missed: the link through the lesion, the measurement
layers), the other three viewports of the 2×2 with their hung series, the demo orders and the reading context of
the open study, the DICOM receive service."""
import pytest

from tests.harness.peers import free_port
from workstation.app.launch import build_main_window, demo_study_uid, import_demo
from workstation.reading.demo_seed import demo_study
from workstation.session.settings import Settings
from workstation.ui.study_browser_widget import UID_ROLE

pytestmark = pytest.mark.gui

HUNG = ["AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"]
READING_DOCKS = {"reading_worklist", "reading_report", "reading_history", "reading_tree", "mpr", "measurements"}


def test_first_image_is_drawn_before_the_deferred_starts_then_they_all_run(qtbot, tmp_path):
    settings = Settings(dicom_receive=True, dicom_port=free_port(), dicom_aet="CDSSORDER")
    window, startup = build_main_window(tmp_path / "archive", settings=settings, panels_after_first_image=True)
    assert window is not None, startup
    qtbot.addWidget(window)
    deferred = window.session.deferred
    assert deferred.names[:2] == ["demo orders", "docks"]  # queued, not run
    assert not READING_DOCKS & set(window.docks)
    import_demo(window.archive)  # a warm start: the demo study is in the archive already
    window.session.deferred.add("sync and DICOM receive", window.services.start_configured)  # as launch does
    at_first_frame = {}

    def first_frame(index: int) -> None:
        grid = window.grid
        at_first_frame.update(
            index=index, layout=grid.layout_name, ran=list(deferred.ran), docks=set(window.docks),
            receiving=window.services.receiver.running,
            drawn=grid.viewports[index].render_count > 0 and grid.viewports[index].state.volume is not None,
            held_viewports=[vp.init_held for vp in grid.viewports],
            reads_waiting=len(window.controller._held_loads or []))  # noqa: SLF001

    startup.first_frame.connect(first_frame)
    try:
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(startup.ready, timeout=120_000):
            startup.start()
        qtbot.waitUntil(lambda: deferred.done, timeout=60_000)

        # the first frame: the FLAIR drawn in the 2×2 while everything else still waited
        assert at_first_frame["index"] == 0 and at_first_frame["layout"] == "2x2" and at_first_frame["drawn"]
        assert at_first_frame["ran"] == [] and not at_first_frame["receiving"]
        assert not READING_DOCKS & at_first_frame["docks"]
        assert at_first_frame["held_viewports"] == [False, True, True, True]
        assert at_first_frame["reads_waiting"] == 4  # every series' full read waited for the first frame

        _assert_everything_followed(qtbot, window, deferred)
    finally:
        startup.stop()
        window.close()
        window.session.close()


def _close_light_start(window, started: list) -> None:
    """Stop what a light start began (its StartupSequence, if it attached) and close the window and session."""
    if started:
        started[0].stop()
    window.close()
    if window.session is not None:
        window.session.close()


def _assert_everything_followed(qtbot, window, deferred) -> None:
    """After the first frame: every deferred start ran, the 2×2 hanging, the link through the lesion, the docks and
    the reading context of the images' patient — what the user ends up seeing."""
    # then every deferred start ran, in order, none failed
    assert deferred.ran[:2] == ["demo orders", "docks"] and not deferred.failures
    assert {"sync and DICOM receive", "study browser selection", "worklist start order"} <= set(deferred.ran)
    assert READING_DOCKS <= set(window.docks)
    assert window.services.receiver.running and "CDSSORDER" in window.services.receiver.label.text()
    # the hanging protocol still applies: all four viewports drawn with their hung series, fully read
    vps = window.grid.viewports
    assert window.grid.layout_name == "2x2"
    assert [vp.state.volume.metadata["series_description"] for vp in vps] == HUNG
    assert all(vp.state.loaded_fraction == 1.0 and not vp.init_held and vp.render_count > 0 for vp in vps)
    assert {vp.state.volume.study_instance_uid for vp in vps} == {demo_study_uid()}
    # what the docks missed while they waited is told again: the viewports linked through the lesion (the MPR
    # panel links them), each series with its measurement layer
    qtbot.waitUntil(lambda: window.docks["mpr"].widget().link_box.isChecked(), timeout=30_000)
    qtbot.waitUntil(lambda: vps[0].state.slice_index == 17, timeout=30_000)  # "18/26": through the lesion
    assert "18/26" in vps[0].view.overlays.corner_text("bottom_left")
    measure = window.docks["measurements"].widget().measure_controller
    assert all(measure.layer_of(vp) is not None for vp in vps)
    # the open start study's order is the reading context (seeded after the first image)
    hub = window.reading_hub
    qtbot.waitUntil(lambda: hub.current_order_id is not None, timeout=30_000)
    order = hub.service.get_order(hub.current_order_id)
    assert order.study.study_uid == demo_study()[1].study_uid == demo_study_uid()
    editor = window.docks["reading_report"].widget()
    assert editor.order is not None and editor.order.id == order.id
    # the report's patient is the images' patient; the study browser lists the open study
    assert {vp.state.volume.metadata["patient_id"] for vp in vps} == {order.patient.patient_number}
    item = window.browser.tree.currentItem()
    assert item is not None and item.data(0, UID_ROLE) == demo_study_uid()


def test_light_start_draws_the_first_image_before_the_services_then_ends_as_the_full_path(qtbot, tmp_path):
    """A warm, login-free start of the embedded archive (``LightFirstFrame``): the demo's FLAIR is drawn in the 2×2 by
    the window's frame alone (no session, archive, menus or docks yet), then the session attaches and the start
    ends exactly as the full path's: the same hanging, docks, link through the lesion and reading context."""
    from workstation.app.launch import LightFirstFrame
    from workstation.app.main_window import MainWindow
    from workstation.archive import Archive
    from workstation.session.light_start import light_start

    archive = Archive.open(tmp_path / "archive")
    import_demo(archive)
    archive.close()
    light = light_start(tmp_path / "archive", demo_uid=demo_study_uid())
    assert light is not None and light.study_uid == demo_study_uid() and light.layout == "2x2"
    settings = Settings(dicom_receive=True, dicom_port=free_port(), dicom_aet="CDSSORDER")
    window = MainWindow(settings=settings, frame_only=True)
    qtbot.addWidget(window)
    first = LightFirstFrame(window, light, tmp_path / "archive", None, settings)
    at_first_frame, started = {}, []

    def first_frame(index: int) -> None:
        vp = window.grid.viewports[index]
        at_first_frame.update(
            index=index, layout=window.grid.layout_name, session=window.session, docks=set(window.docks),
            menus=[a.text() for a in window.menuBar().actions()], drawn=vp.render_count > 0,
            series=vp.state.volume.metadata["series_description"] if vp.state.volume is not None else None,
            study=vp.state.volume.study_instance_uid if vp.state.volume is not None else None,
            held_viewports=[v.init_held for v in window.grid.viewports])

    def attached(startup) -> None:  # as launch does
        window.session.deferred.add("sync and DICOM receive", window.services.start_configured)
        started.append(startup)
        startup.start()

    first.first_frame.connect(first_frame)
    first.attached.connect(attached)
    try:
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        first.start()
        qtbot.waitUntil(lambda: bool(started), timeout=60_000)
        startup = started[0]
        qtbot.waitUntil(lambda: startup._ready_sent, timeout=120_000)  # noqa: SLF001
        deferred = window.session.deferred
        qtbot.waitUntil(lambda: deferred.done, timeout=60_000)

        # the first frame: the demo's FLAIR in the 2×2, drawn before the session, menus and docks existed
        assert at_first_frame["index"] == 0 and at_first_frame["layout"] == "2x2" and at_first_frame["drawn"]
        assert at_first_frame["series"] == HUNG[0] and at_first_frame["study"] == demo_study_uid()
        assert at_first_frame["session"] is None and not at_first_frame["docks"] and not at_first_frame["menus"]
        assert at_first_frame["held_viewports"] == [False, True, True, True]

        # then the same start as the full path's, ending with what the user sees there
        assert window.menuBar().actions() and "studies" in window.docks
        _assert_everything_followed(qtbot, window, deferred)
    finally:
        _close_light_start(window, started)


def test_light_start_without_its_first_image_still_opens_the_session(qtbot, tmp_path):
    """The light start's preview image cannot be read (its stored file is gone): the rest of its series is shown,
    the session opens and the full path's start follows (nothing waits for an image that never comes)."""
    from workstation.app.launch import LightFirstFrame
    from workstation.app.main_window import MainWindow
    from workstation.archive import Archive
    from workstation.session.light_start import light_start

    archive = Archive.open(tmp_path / "archive")
    import_demo(archive)
    archive.close()
    light = light_start(tmp_path / "archive", demo_uid=demo_study_uid())
    assert light is not None
    light.preview_file.unlink()
    window = MainWindow(settings=Settings(), frame_only=True)
    qtbot.addWidget(window)
    first = LightFirstFrame(window, light, tmp_path / "archive", None, Settings())
    started, drawn = [], []
    first.first_frame.connect(drawn.append)
    first.attached.connect(lambda startup: (started.append(startup), startup.start()))
    try:
        window.show()
        qtbot.waitExposed(window)
        first.start()
        qtbot.waitUntil(lambda: bool(started), timeout=60_000)
        # the series' other images are read: the first frame comes from them, without the missing preview
        assert drawn == [0] and window.session is not None and window.browser is not None
        assert window.grid.viewports[0].state.volume is not None
        qtbot.waitUntil(lambda: started[0]._ready_sent, timeout=120_000)  # noqa: SLF001
        assert [item.data(0, UID_ROLE) for item in window.browser.study_items()] == [demo_study_uid()]
    finally:
        _close_light_start(window, started)
