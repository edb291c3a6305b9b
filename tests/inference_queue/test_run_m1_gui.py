"""The window's "Run M1" (AI segmentation panel) uses the session's one inference service: with a broker set in
the Settings the run goes to a real Celery worker through a real redis-server; with it cleared the next run is
in-process; both are the same session object (real Xvfb, real panels)."""
from __future__ import annotations

import redis

from inference.queue.app_keys import DONE_LOG


def test_run_m1_button_follows_the_settings_through_the_sessions_one_service(
        qtbot, home, archive_two_studies, redis_server, workers):
    from workstation.app.main_window import MainWindow
    from workstation.session.builder import session_for_archive
    from workstation.session.settings import Settings

    archive, first, _second = archive_two_studies
    settings = Settings.load()
    window = MainWindow(session=session_for_archive(archive, settings))
    window.add_registered_panels()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    session.inference.service_kw["model"] = "tiny"
    review = window.docks["ai_overlays"].widget().review
    assert review.inference is session.inference  # the panel got the session's service, not its own
    window.controller.open_study(first)
    vp = window.grid.viewports[0]
    qtbot.waitUntil(lambda: vp.state.volume is not None, timeout=60_000)
    window.grid.set_active(0)
    done_log = redis.Redis.from_url(redis_server.url())
    workers.start("w1")

    settings.inference_broker_url = redis_server.url()  # what the Settings dialog saves
    review.run_m1()
    qtbot.waitUntil(lambda: review._cancel is None, timeout=180_000)
    assert review.stage.text().startswith("M1 done"), review.stage.text() + workers.log_text()
    assert done_log.llen(DONE_LOG) == 1  # the worker ran it
    queued = session.inference.service()
    assert not queued.embedded

    settings.inference_broker_url = ""
    review.run_m1()
    qtbot.waitUntil(lambda: review._cancel is None, timeout=180_000)
    assert review.stage.text().startswith("M1 done"), review.stage.text()
    assert done_log.llen(DONE_LOG) == 1  # in-process this time
    local = session.inference.service()
    assert local.embedded and session.inference.service() is local
    window.close()
    session.close()
    done_log.close()
