"""Import from the window: progress off the GUI thread, cancel, report, drop onto the study browser."""
from __future__ import annotations

import shutil
import time

import pydicom
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui

CD = "ct_philips_ingenuity_head_phantom_cd"
SMALL = "dicomdir_pydicom_small"


def _wait_done(qtbot, dialog, timeout=120_000):
    qtbot.waitUntil(lambda: dialog.report is not None or dialog.error is not None, timeout=timeout)


def test_import_cd_keeps_event_loop_running_and_reports(make_main_window, qtbot, shared_data):
    win = make_main_window(archive="new")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    dialog = win.services.import_paths([shared_data / CD / "DICOMDIR"])
    progress_texts = set()
    dialog.pump.progress.connect(lambda _p: progress_texts.add(dialog.status_label.text()))
    t0 = time.monotonic()
    _wait_done(qtbot, dialog)
    t1 = time.monotonic()
    timer.stop()
    report = dialog.report
    # the real CD: 101 files on the medium, ~330 listed by its DICOMDIR but omitted
    expected = sum(1 for p in (shared_data / CD / "DICOM").rglob("*")
                   if p.is_file() and _is_image(p))
    assert report.imported == expected > 0
    assert len(report.missing) > 300
    assert dialog.count_labels["imported"].text() == str(expected)
    assert dialog.count_labels["missing"].text() == str(len(report.missing))
    assert dialog.problems.isVisible() and dialog.problems.topLevelItemCount() > 0
    # the GUI thread kept serving timers while the import ran: no gap near the import's length
    in_import = [t for t in ticks if t0 <= t <= t1]
    assert len(in_import) > 10
    gaps = [b - a for a, b in zip(in_import, in_import[1:])]
    assert max(gaps) < 1.0, f"event loop blocked {max(gaps):.2f} s"
    assert any("files" in t and "MB/s" in t for t in progress_texts), progress_texts
    # the study browser shows the imported CT study
    qtbot.waitUntil(lambda: any("CT" in it.text(2) for it in win.browser.study_items()), timeout=10_000)


def _is_image(p) -> bool:
    try:
        ds = pydicom.dcmread(p, stop_before_pixels=True)
    except Exception:  # noqa: BLE001
        return False
    return "SOPInstanceUID" in ds and not p.name.upper().startswith(("DICOMDIR", "DIRFILE"))


def test_cancel_stops_the_import_and_keeps_what_was_stored(make_main_window, qtbot, shared_data, tmp_path,
                                                          monkeypatch):
    import threading

    import workstation.importer as importer

    # Hold the worker at its first progress report after some files are stored, until the user's click
    # has landed: otherwise a fast machine can finish all 130 files before the click (a race, not a bug).
    stored_some, clicked = threading.Event(), threading.Event()

    class GatedJob(importer.ImportJob):
        def __init__(self, archive, paths, progress=None, cancel=None, **kw):
            def gated(p):
                if progress:
                    progress(p)
                if getattr(p, "files_done", 0) > 0 and not stored_some.is_set():
                    stored_some.set()
                    clicked.wait(30)
            super().__init__(archive, paths, progress=gated, cancel=cancel, **kw)

    monkeypatch.setattr(importer, "ImportJob", GatedJob)
    win = make_main_window(archive="new")
    dialog = win.services.import_paths([shared_data / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"])
    qtbot.waitUntil(stored_some.is_set, timeout=60_000)
    dialog.cancel_button.click()
    clicked.set()
    _wait_done(qtbot, dialog)
    monkeypatch.setattr(importer, "ImportJob", GatedJob.__mro__[1])
    report = dialog.report
    assert report.cancelled and report.imported < 130
    assert win.archive.counts()["instances"] == report.imported
    assert "Cancelled" in dialog.status_label.text()
    # running the same import again finishes it
    again = win.services.import_paths([shared_data / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"])
    _wait_done(qtbot, again)
    assert win.archive.counts()["instances"] == 130
    assert again.report.imported == 130 - report.imported


def test_bad_files_are_listed_with_reasons(make_main_window, qtbot, shared_data, tmp_path):
    src = tmp_path / "usb"
    src.mkdir()
    good = sorted((shared_data / SMALL).rglob("*"))
    good = [p for p in good if p.is_file() and p.name != "DICOMDIR"][:3]
    for n, p in enumerate(good):
        shutil.copy(p, src / f"ok{n}.dcm")
    data = good[0].read_bytes()
    (src / "cut.dcm").write_bytes(data[: len(data) // 2])
    (src / "notes.txt").write_text("not an image")
    win = make_main_window(archive="new")
    dialog = win.services.import_paths([src])
    _wait_done(qtbot, dialog)
    assert dialog.count_labels["imported"].text() == "3"
    assert dialog.count_labels["not_dicom"].text() == "1"
    assert dialog.count_labels["failed"].text() == "1"
    rows = [dialog.problems.topLevelItem(i) for i in range(dialog.problems.topLevelItemCount())]
    assert any(r.text(1).endswith("cut.dcm") and r.text(2) for r in rows)


def test_drop_folder_on_study_browser_imports_it(make_main_window, qtbot, shared_data):
    win = make_main_window(archive="new")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shared_data / SMALL))])
    browser = win.browser
    pos = QPointF(browser.width() / 2, browser.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(browser, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(browser, QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert win.services.import_dialogs, "dropping a folder must start an import"
    dialog = win.services.import_dialogs[-1]
    _wait_done(qtbot, dialog)
    expected = sum(1 for p in (shared_data / SMALL).rglob("*") if p.is_file() and _is_image(p))
    assert dialog.report.imported == expected > 50
    qtbot.waitUntil(lambda: len(win.browser.study_items()) >= 3, timeout=10_000)


def test_import_screenshot(make_main_window, qtbot, shared_data, tmp_path):
    from tests.gui.screenshots import screenshot_path

    win = make_main_window(archive="new")
    dialog = win.services.import_paths([shared_data / CD])
    _wait_done(qtbot, dialog)
    dialog.move(win.x() + 300, win.y() + 150)
    qtbot.wait(300)
    out = screenshot_path(tmp_path, "import.png")
    QApplication.processEvents()
    pix = QApplication.primaryScreen().grabWindow(0, win.x(), win.y(), win.width(), win.height())
    assert pix.save(str(out))


def test_menus_and_import_dialog_follow_the_language(make_main_window, qtbot, shared_data):
    win = make_main_window(archive="new")
    action = win.services.actions["import_folder"]
    assert action.text() == "Import…"
    try:
        win.set_language("ko")
        qtbot.waitUntil(lambda: action.text() == "가져오기…", timeout=30000)
        assert win.services.sync_menu.title() == "동기화(&S)"
        assert win.services.actions["dicom_query"].text() == "조회/가져오기…"
        dialog = win.services.import_paths([shared_data / SMALL])
        _wait_done(qtbot, dialog)
        assert dialog.windowTitle() == "가져오기" and dialog.status_label.text() == "가져오기 완료."
        assert "가져옴" in [dialog.summary.itemAt(i).widget().text() for i in range(dialog.summary.count())
                           if dialog.summary.itemAt(i).widget() is not None]
        dialog.close()
    finally:
        win.set_language("en")
    qtbot.waitUntil(lambda: action.text() == "Import…", timeout=30000)
