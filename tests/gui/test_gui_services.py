"""Qt-free glue of the window's Import / Sync / DICOM features (no display needed)."""
from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from sync.schema.records import ConflictRecord
from workstation.gui_services.background import BackgroundTask
from workstation.gui_services.import_text import format_duration, progress_figures, report_counts, report_problems
from workstation.gui_services.query_form import build_query, date_range, study_rows
from workstation.syncing.conflicts import conflict_sides, conflict_title
from workstation.syncing.status import mask_token
from workstation.importer import FileProblem, ImportProgress, ImportReport


def _drain(task, timeout=10.0):
    events, t0 = [], time.monotonic()
    while not task.finished and time.monotonic() - t0 < timeout:
        events += task.events()
        time.sleep(0.01)
    return events


def test_background_task_reports_progress_then_result():
    def work(report, cancel):
        for i in range(5):
            report(i)
        return "finished"

    events = _drain(BackgroundTask(work).start())
    assert events[-1] == ("done", "finished")
    assert all(k == "progress" for k, _ in events[:-1]) and events[-2] == ("progress", 4)


def test_background_task_cancel_and_error_are_events_not_exceptions():
    started = threading.Event()

    def work(report, cancel):
        started.set()
        while not cancel.wait(0.01):
            pass
        raise RuntimeError("stopped by the user")

    task = BackgroundTask(work).start()
    started.wait(5)
    task.cancel()
    assert _drain(task) == [("error", "stopped by the user")]
    assert not task.running


def test_progress_figures_and_eta():
    p = ImportProgress("importing", 50, 200, 50_000_000, 200_000_000, 10.0)
    f = progress_figures(p)
    assert (f.files_done, f.files_total, f.percent) == (50, 200, 25)
    assert f.mb_per_s == pytest.approx(5.0)
    assert f.eta == "0:30"  # 150 MB left at 5 MB/s
    assert format_duration(3723) == "1:02:03" and format_duration(None) == "–"


def test_report_counts_and_problems():
    r = ImportReport(imported=3, duplicates=2, not_dicom=1, failed=[FileProblem("/a/cut.dcm", "truncated")],
                     quarantined=[FileProblem("/a/q.dcm", "same UID, other content")], missing=["/cd/IMG9"])
    assert report_counts(r) == {"imported": 3, "duplicates": 2, "not_dicom": 1, "quarantined": 1, "failed": 1,
                                "missing": 1}
    assert report_problems(r) == [("failed", "/a/cut.dcm", "truncated"),
                                  ("quarantined", "/a/q.dcm", "same UID, other content"), ("missing", "/cd/IMG9", "")]
    assert len(report_problems(ImportReport(missing=[str(i) for i in range(500)]), limit=200)) == 200


def test_query_form():
    assert date_range("2024-01-01", "20241231") == "20240101-20241231"
    assert date_range("20240101", "") == "20240101-" and date_range("", "20240101") == "-20240101"
    assert date_range("20240101", "20240101") == "20240101" and date_range() == ""
    with pytest.raises(ValueError, match="before"):
        date_range("20240201", "20240101")
    q = build_query(" P1 ", "KIM*", "20240101", "20241231", "mr", "A12")
    assert (q.level, q.patient_id, q.patient_name, q.study_date, q.modality, q.accession) == \
        ("STUDY", "P1", "KIM*", "20240101-20241231", "MR", "A12")
    with pytest.raises(ValueError):
        build_query(date_from="2024-13")
    rows = study_rows([{"StudyInstanceUID": "1.2", "StudyDate": "20200101", "PatientName": "KIM^MINJI"},
                       {"StudyInstanceUID": "1.3", "StudyDate": "20240101"}, {"StudyDate": "20250101"}])
    assert [r.study_uid for r in rows] == ["1.3", "1.2"] and rows[1].patient_name == "KIM MINJI"


def test_conflict_sides_show_each_version_only_once():
    c = ConflictRecord(7, "report", 12, {"findings": "mine F", "impression": "mine I"}, 3,
                       {"version": 4, "status": "IN_PROGRESS",
                        "worker_result": {"findings": "theirs F", "impression": "theirs I", "_confirmed": False}},
                       datetime(2026, 1, 1))
    mine, theirs = conflict_sides(c)
    assert "mine F" in mine and "mine I" in mine and "theirs" not in mine
    assert "theirs F" in theirs and "theirs I" in theirs and "mine" not in theirs
    assert conflict_title(c) == "#7 report · order 12 · v4"
    s = ConflictRecord(8, "status", 12, {"status": "ACCEPTED"}, 3, {"version": 4, "status": "CANCELLED"},
                       datetime(2026, 1, 1))
    assert conflict_sides(s) == ("[status]\nACCEPTED", "[status]\nCANCELLED")


def test_token_masked_and_settings_round_trip(tmp_path):
    import os
    import stat

    from workstation.session.settings import Settings

    assert mask_token("abc") == "••••••••" and mask_token("") == ""
    s = Settings(sync_url="http://x:8600", sync_token="tok-123", dicom_aet="WS1", dicom_port=11113, dicom_receive=True)
    s.save()
    assert "tok-123" not in repr(s)
    loaded = Settings.load()
    assert (loaded.sync_url, loaded.sync_token, loaded.dicom_aet, loaded.dicom_port, loaded.dicom_receive) == \
        ("http://x:8600", "tok-123", "WS1", 11113, True)
    assert loaded.sync_configured and not Settings(sync_url="http://x").sync_configured
    from workstation.paths import home_dir

    mode = stat.S_IMODE(os.stat(home_dir() / "settings.json").st_mode)
    assert mode == 0o600  # the token is readable by its owner only
