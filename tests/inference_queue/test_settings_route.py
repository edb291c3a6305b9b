"""Settings → where M1 runs: a broker set in the Settings dialog sends the next "Run M1" to the queue (a real
redis-server and Celery worker), clearing it runs M1 in-process again; one inference service per session; the
status bar's AI queue field (real Xvfb) shows the broker's figures and hides without a broker."""
from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog

from inference.queue.app_keys import DONE_LOG
from tests.gui.screenshots import screenshot_path


def _settings_dialog(qtbot, settings, broker: str, queue: str = "gpu"):
    from workstation.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.broker.setText(broker)
    dialog.queue.setCurrentIndex(dialog.queue.findData(queue))
    dialog.accept()
    return dialog


def _segs(archive, uid):
    return [s for s in archive.series(uid) if s.modality == "SEG"]


def test_broker_set_in_settings_sends_the_next_m1_to_the_queue_and_clearing_it_runs_in_process(
        qtbot, home, archive_two_studies, redis_server, workers):
    import redis

    from workstation.ai_review.m1_run import M1Run
    from workstation.inference_jobs import SessionInference
    from workstation.session.settings import Settings

    archive, first, second = archive_two_studies
    settings = Settings.load()
    assert settings.inference_broker_url == ""
    session = SessionInference(archive, settings, model="tiny")
    assert session.service().embedded and not session.broker_configured
    done_log = redis.Redis.from_url(redis_server.url())
    workers.start("cpu1", queues="cpu")  # only the cpu queue: the job must be routed there

    dialog = _settings_dialog(qtbot, settings, redis_server.url(), "cpu")
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = Settings.load()  # stored with the other settings
    assert (saved.inference_broker_url, saved.inference_queue) == (redis_server.url(), "cpu")
    svc = session.service()
    assert not svc.embedded and session.service() is svc  # one service while the settings stay
    outcome = M1Run(archive, first, service=svc, poll_s=0.1).run()
    assert len(outcome.seg_paths) == 2 and len(_segs(archive, first)) == 2
    assert done_log.llen(DONE_LOG) == 1, workers.log_text()  # the worker ran it

    _settings_dialog(qtbot, settings, "")
    assert Settings.load().inference_broker_url == ""
    local = session.service()
    assert local.embedded and local is not svc
    outcome = M1Run(archive, second, service=local, poll_s=0.1).run()
    assert len(outcome.seg_paths) == 2 and len(_segs(archive, second)) == 2
    assert done_log.llen(DONE_LOG) == 1  # not the worker: in-process
    session.close()
    done_log.close()


def test_settings_dialog_refuses_a_url_that_is_not_a_broker_and_saves_nothing(qtbot, home, tmp_path):
    from workstation.session.settings import Settings

    settings = Settings.load()
    dialog = _settings_dialog(qtbot, settings, "http://ai-server:6379")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(screenshot_path(tmp_path, "settings-inference.png")))
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
    assert "http:// scheme" in dialog.error.text()
    assert settings.inference_broker_url == "" and not (home / "settings.json").exists()


def test_site_config_broker_and_queue_are_the_settings_defaults(home, tmp_path, monkeypatch):
    from workstation.inference_jobs import broker_for
    from workstation.session.settings import Settings
    from workstation.site_config import load

    site = tmp_path / "site.toml"
    pw = tmp_path / "broker.pw"
    pw.write_text("s3cret\n")
    pw.chmod(0o600)
    site.write_text(f'[inference]\nbroker_url = "redis://ai:6379/0"\npassword_file = "{pw}"\nqueue = "cpu"\n')
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(site))
    s = Settings.load()
    assert (s.inference_broker_url, s.inference_queue) == ("redis://ai:6379/0", "cpu")
    assert "s3cret" not in repr(s)
    assert broker_for(load(), s) == ("redis://:s3cret@ai:6379/0", "cpu")  # the site's password for the site's broker
    s.inference_broker_url = ""
    assert broker_for(load(), s) == (None, "cpu")  # cleared by the user: in-process


def test_status_bar_shows_the_queue_figures_and_hides_without_a_broker(qtbot, home, archive_two_studies,
                                                                         redis_server, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from workstation.inference_jobs import SessionInference
    from workstation.session.settings import Settings
    from workstation.ui.status_bar import AiQueueStatus, WorkstationStatusBar

    archive, first, second = archive_two_studies
    settings = Settings.load()
    settings.inference_broker_url = redis_server.url()
    session = SessionInference(archive, settings, model="tiny")
    for uid in (first, second):  # no worker: both wait
        session.service().submit(uid)
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = WorkstationStatusBar(window)
    window.setStatusBar(bar)
    status = AiQueueStatus(session, bar, poll_ms=100)
    session.figures_poller(interval_s=0.2)
    window.resize(900, 80)
    window.show()
    status.start()
    qtbot.waitUntil(lambda: status.label.isVisible(), timeout=15000)
    assert status.label.text() == "AI queue: 2 waiting · 0 running · 0.0 jobs/min"
    time.sleep(0.3)
    window.grab().save(str(screenshot_path(tmp_path, "ai-queue-status.png")))
    settings.inference_broker_url = ""
    qtbot.waitUntil(lambda: not status.label.isVisible(), timeout=15000)
    status.stop()
    session.close()


def test_main_window_status_bar_has_the_ai_queue_field_once_its_services_start(qtbot, home, archive_two_studies,
                                                                               redis_server, tmp_path):
    from PySide6.QtWidgets import QLabel

    from workstation.app.main_window import MainWindow
    from workstation.session.settings import Settings

    archive, first, _second = archive_two_studies
    window = MainWindow(archive, settings=Settings(inference_broker_url=redis_server.url()))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    session.inference.service_kw["model"] = "tiny"
    session.inference.service().submit(first)  # queued; no worker
    label = window.status.findChild(QLabel, "ai_queue_status")
    assert label is not None and not label.isVisible()  # nothing polled before the services start
    window.services.start_configured()  # what the start-up sequence runs after the first image
    qtbot.waitUntil(lambda: label.isVisible() and label.text().startswith("AI queue: 1 waiting"), timeout=20000)
    poller = session.inference.figures_poller()
    window.close()
    session.close()  # the session's inference service and its poller end with it
    assert not poller.running and "inference" not in session.__dict__


def test_site_config_refuses_an_image_source_it_cannot_use(tmp_path):
    import pytest

    from workstation.site_config import SiteConfigError, load

    site = tmp_path / "site.toml"
    for body, why in (('fetch = "cget"\npacs = "nowhere"', "needs pacs = the name of a"),
                      ('fetch = "dicomweb"', "needs dicomweb_url"), ('fetch = "ftp"', "use files, archive"),
                      ('queue = "fast"', "use gpu or cpu")):
        site.write_text(f'[[pacs]]\nname = "pacs"\nhost = "pacs"\nport = 104\nae_title = "PACS"\n\n[inference]\n{body}\n')
        with pytest.raises(SiteConfigError, match=why):
            load([site])
    site.write_text('[[pacs]]\nname = "pacs"\nhost = "pacs"\nport = 104\nae_title = "PACS"\n\n'
                    '[inference]\nfetch = "cget"\npacs = "pacs"\n')
    assert (load([site]).inference_fetch, load([site]).inference_pacs) == ("cget", "pacs")
