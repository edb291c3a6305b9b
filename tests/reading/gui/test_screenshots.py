"""Screenshots of the reading panels on the demo orders (``docs/screenshots/worklist.png``, ``history.png``,
``report.png`` in Korean). Written to ``docs/screenshots`` when ``CDSS_WRITE_SCREENSHOTS=1``, else to a temp
folder; each is checked against what must be on it (the keyword highlight colour under a keyword, the selected
row colour under the demo order)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from workstation.reading.demo_seed import demo_study

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]


def out_dir(tmp_path) -> Path:
    return ROOT / "docs" / "screenshots" if os.environ.get("CDSS_WRITE_SCREENSHOTS") == "1" else tmp_path


def grab(window, path: Path):
    from PySide6.QtWidgets import QApplication
    for _ in range(5):
        QApplication.processEvents()
    pix = QApplication.primaryScreen().grabWindow(window.winId())
    assert pix.save(str(path))
    return pix.toImage()


def show(qtbot, window, w=1400, h=820):
    qtbot.addWidget(window)
    window.resize(w, h)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)


def pixel_at(image, widget, window, x, y):
    from PySide6.QtCore import QPoint
    p = widget.mapTo(window, QPoint(x, y))
    return image.pixelColor(int(p.x() * image.width() / window.width()), int(p.y() * image.height() / window.height()))


def test_worklist_and_history_screenshots(make_hub, seeded_repo, qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow, QSplitter
    from workstation.ui.reading.history_panel import HistoryPanel
    from workstation.ui.reading.study_tree_panel import StudyTreePanel
    from workstation.ui.reading.worklist_panel import WorklistPanel
    hub = make_hub()
    win = QMainWindow()
    win.setWindowTitle("Worklist")
    worklist = WorklistPanel(hub)
    win.setCentralWidget(worklist)
    show(qtbot, win, 1400, 520)
    demo = seeded_repo.orders_for_study(demo_study()[1].study_uid)[0]
    assert worklist.select_order(demo.id)
    img = grab(win, out_dir(tmp_path) / "worklist.png")
    row = worklist.visible_order_ids().index(demo.id)
    rect = worklist.table.visualItemRect(worklist.table.item(row, 1))
    sel = worklist.table.palette().highlight().color()
    got = pixel_at(img, worklist.table.viewport(), win, rect.x() + rect.width() - 4, rect.center().y())
    assert abs(got.red() - sel.red()) + abs(got.green() - sel.green()) + abs(got.blue() - sel.blue()) < 40

    win2 = QMainWindow()
    win2.setWindowTitle("Patient history")
    split = QSplitter()
    history, tree = HistoryPanel(hub), StudyTreePanel(hub)
    split.addWidget(history)
    split.addWidget(tree)
    win2.setCentralWidget(split)
    show(qtbot, win2, 1400, 520)
    hub.select_order(demo.id)
    qtbot.wait(50)
    img = grab(win2, out_dir(tmp_path) / "history.png")
    marks = [m for _, m in history.timeline_rows()]

    def background(row: int):
        rect = history.timeline.visualItemRect(history.timeline.topLevelItem(row))
        x = history.timeline.columnWidth(0) + history.timeline.columnWidth(1) - 3  # blank end of the modality cell
        return pixel_at(img, history.timeline.viewport(), win2, x, rect.center().y()).name()
    assert background(marks.index("prior")) == "#e3f2fd"   # a matched prior (not selected) is tinted
    assert background(marks.index("")) != "#e3f2fd"        # the spine study is no prior


def test_report_screenshot_in_korean(make_hub, seeded_repo, qtbot, qapp, tmp_path):
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtWidgets import QMainWindow
    from workstation.ui.reading.report_editor_panel import ReportEditorPanel
    tr = QTranslator()
    assert tr.load(str(ROOT / "resources" / "translations" / "reading_ko.qm"))
    qapp.installTranslator(tr)
    try:
        QLocale.setDefault(QLocale("ko"))
        hub = make_hub()
        win = QMainWindow()
        ed = ReportEditorPanel(hub)
        win.setCentralWidget(ed)
        show(qtbot, win, 1400, 860)
        draft = next(o for o in seeded_repo.orders() if o.patient.name == "김민준" and not o.report.confirmed)
        hub.select_order(draft.id)
        assert ed.save_button.text() == "임시 저장"
        qtbot.wait(50)
        img = grab(win, out_dir(tmp_path) / "report.png")
        text = ed.findings.toPlainText()
        assert highlight_share(img, ed, win, text.index("종양"), 2) > 0.5      # keyword: highlighted
        assert highlight_share(img, ed, win, text.index("좌측"), 2) == 0.0     # plain word: not
    finally:
        qapp.removeTranslator(tr)
        QLocale.setDefault(QLocale("en"))


def highlight_share(img, ed, win, start: int, length: int) -> float:
    """Share of the pixels on the top and bottom rows of the text span ``start..start+length`` in the findings
    field that have the tumour keyword background (glyph strokes sit in between)."""
    from PySide6.QtGui import QColor
    from workstation.ui.reading.keyword_highlighter import COLOURS
    want = QColor(COLOURS["tumour"])
    cur = ed.findings.textCursor()
    cur.setPosition(start)
    r0 = ed.findings.cursorRect(cur)
    cur.setPosition(start + length)
    r1 = ed.findings.cursorRect(cur)
    hits = total = 0
    for x in range(r0.x() + 2, r1.x() - 1):
        for y in (r0.top() + 1, r0.bottom() - 1):
            c = pixel_at(img, ed.findings.viewport(), win, x, y)
            total += 1
            hits += abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 30
    assert total > 10
    return hits / total
