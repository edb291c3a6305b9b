"""Issue 22's start-up order: the window shows the demo study's first image before the services it does not
need for it start (here the DICOM receive service, switched on in the settings)."""
import pytest

from tests.harness.peers import free_port
from workstation.app.launch import build_main_window
from workstation.session.settings import Settings

pytestmark = pytest.mark.gui


def test_receive_service_starts_after_the_first_image(qtbot, tmp_path):
    settings = Settings(dicom_receive=True, dicom_port=free_port(), dicom_aet="CDSSSTART")
    window, startup = build_main_window(tmp_path / "archive", settings=settings)
    assert window is not None, startup
    qtbot.addWidget(window)
    seen = []  # (viewport, receive service running?) when each first image arrives
    window.controller.first_image.connect(lambda i: seen.append((i, window.services.receiver.running)))
    try:
        window.session.deferred.add("sync and DICOM receive", window.services.start_configured)  # as launch does
        window.show()
        startup.start()  # empty archive: imports the demo, then opens it
        qtbot.waitExposed(window)
        assert not window.services.receiver.running
        qtbot.waitUntil(lambda: window.services.receiver.running, timeout=120_000)
        assert seen and seen[0][1] is False  # the first image came while the service still waited
        assert "CDSSSTART" in window.services.receiver.label.text()
        assert window.session.deferred.done and not window.session.deferred.failures
    finally:
        startup.stop()
        window.close()
        window.session.close()
