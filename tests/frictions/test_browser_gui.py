"""Study browser: search, right-click menu (open, compare, tags, export), a just-imported study selected,
type icons for series with no image, no "None" anywhere."""
from __future__ import annotations

import pydicom
from PySide6.QtCore import Qt

from tests.gui.conftest import wait_loaded
from tests.gui.dicom_writer import write_series
from tests.gui.screenshots import screenshot_path
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume

SR = "seg_sr_examples/highdicom/sr_document_with_multiple_groups.dcm"


def _ingest_series(archive, folder, description: str, **kw) -> str:
    paths = write_series(make_volume(AXIAL_STANDARD, shape_ijk=(64, 64, 6), modality=kw.pop("modality", "MR")),
                         folder, **kw)
    for p in paths:
        ds = pydicom.dcmread(p)
        if description:
            ds.StudyDescription = description
        else:
            del ds.SeriesDescription  # nothing to describe it: never shown as "None"
        ds.save_as(p, enforce_file_format=True)
        archive.ingest_file(p)
    return str(pydicom.dcmread(paths[0]).StudyInstanceUID)


def _texts(browser) -> list[str]:
    out = []
    for n in range(browser.tree.topLevelItemCount()):
        p = browser.tree.topLevelItem(n)
        out += [p.text(c) for c in range(3)]
        out += [p.child(k).text(c) for k in range(p.childCount()) for c in range(3)]
    return out


def test_search_menu_icons(make_main_window, qtbot, tmp_path, shared_data):
    w = make_main_window(archive="new", size=(1280, 800))
    a = w.archive
    kim = _ingest_series(a, tmp_path / "a", "Brain tumour follow-up", patient_name="KIM^MINJI", patient_id="P100")
    _ingest_series(a, tmp_path / "b", "Head trauma", patient_name="LEE^JOON", patient_id="P200", modality="CT")
    bare = _ingest_series(a, tmp_path / "c", "", patient_name="PARK^SEO", patient_id="P300")
    a.ingest_file(shared_data / SR)
    b = w.browser
    b.refresh()
    assert len(b.study_items()) == 4
    assert not any("None" in t for t in _texts(b))
    qtbot.keyClicks(b.search, "kim")
    assert [it.data(0, Qt.UserRole) for it in b.study_items()] == [kim]
    b.search.clear()
    b.modality_filter.setCurrentIndex(b.modality_filter.findData("CT"))
    assert [it.text(2) for it in b.study_items()] == ["CT"]
    b.modality_filter.setCurrentIndex(0)
    # a series with no description, and an SR: no blank tile, no "None"
    assert b.select_study(bare)
    item = b.series_list.item(0)
    assert "None" not in item.text() and "None" not in item.toolTip()
    sr_study = str(pydicom.dcmread(shared_data / SR).StudyInstanceUID)
    assert b.select_study(sr_study)
    sr_item = b.series_list.item(0)
    assert not sr_item.icon().isNull() and sr_item.data(Qt.UserRole + 1) == "SR"
    # right-click menu: the entries, then "Compare with current" beside the open study
    menu = w.browser_actions.study_menu(kim)
    texts = [x.text() for x in menu.actions() if x.text()]
    assert texts[:2] == ["Open", "Compare with current"] and "Show DICOM tags" in texts and "Export…" in texts
    assert any(t.startswith("Send to DICOM node") for t in texts)
    w.controller.open_study(kim)
    wait_loaded(qtbot, w.grid.viewports[0])
    other = next(it.data(0, Qt.UserRole) for it in b.study_items() if it.text(2) == "CT")
    target = w.browser_actions.compare(other)
    assert target == 1 and len(w.grid.viewports) >= 2
    wait_loaded(qtbot, w.grid.viewports[1])
    assert w.grid.viewports[1].state.volume.modality == "CT" and w.grid.viewports[0].state.volume.modality == "MR"
    dialog = w.browser_actions.show_tags(w.browser_actions._first_file(study_uid=kim))  # noqa: SLF001
    assert any(it.text(3) == "KIM^MINJI" for it in dialog.shown_items())
    dialog.close()
    # export through the menu's action (worker thread) writes the study
    future = w.browser_actions.export(kim, str(tmp_path / "out"))
    assert future.result(timeout=60) is not None and (tmp_path / "out").exists()
    # the search, on screen
    qtbot.keyClicks(b.search, "2026")
    b.select_study(kim)
    qtbot.wait(300)
    w.docks["studies"].grab().save(str(screenshot_path(tmp_path, "browser-search.png")))


def test_imported_study_is_selected(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    _ingest_series(w.archive, tmp_path / "a", "First", patient_name="A^A", patient_id="A1")
    w.browser.refresh()
    write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 4)), tmp_path / "new", patient_name="NEW^ONE")
    dialog = w.services.import_paths([tmp_path / "new"])
    qtbot.waitUntil(lambda: w.browser.tree.currentItem() is not None
                    and "NEW ONE" in (w.browser.tree.currentItem().parent() or w.browser.tree.currentItem()).text(0),
                    timeout=60_000)
    assert dialog is not None
