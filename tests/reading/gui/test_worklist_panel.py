"""Worklist tabs and filters on the seeded demo orders."""
from __future__ import annotations

from datetime import date

import pytest

from workstation.reading.records import ReadingStatus, WorklistFilter

pytestmark = pytest.mark.gui


def ids(repo, **kw):
    return sorted(o.id for o in repo.orders(WorklistFilter(**kw)))


def test_tabs_show_each_reading_status(make_hub, seeded_repo, qtbot):
    from workstation.ui.reading.worklist_panel import TABS, WorklistPanel
    panel = WorklistPanel(make_hub())
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    everything = ids(seeded_repo)
    assert sorted(panel.visible_order_ids()) == everything and len(everything) == 10
    seen = set()
    for i, status in enumerate(TABS):
        panel.tabs.setCurrentIndex(i)
        shown = sorted(panel.visible_order_ids())
        if status is None:
            continue
        assert shown == ids(seeded_repo, reading_status=status) and shown
        assert all(seeded_repo.get_order(o).reading_status == status for o in shown)
        assert panel.tabs.tabText(i).endswith(f"({len(shown)})")
        seen |= set(shown)
    assert seen == set(everything)
    unread_col = {panel.table.item(r, 9).text() for r in range(panel.table.rowCount())}
    assert unread_col == {"Signed"}  # last tab


def test_filters_combine_with_tabs(make_hub, seeded_repo, qtbot):
    from workstation.ui.reading.worklist_panel import WorklistPanel
    panel = WorklistPanel(make_hub())
    qtbot.addWidget(panel)
    panel.tabs.setCurrentIndex(1)  # unread
    panel.modality.setCurrentIndex(panel.modality.findData("CT"))
    assert panel.visible_order_ids() == ids(seeded_repo, reading_status=ReadingStatus.UNREAD, modality="CT")
    assert len(panel.visible_order_ids()) == 1
    panel.modality.setCurrentIndex(0)
    panel.patient.setText("김민준")
    panel.tabs.setCurrentIndex(0)
    assert sorted(panel.visible_order_ids()) == ids(seeded_repo, patient="김민준") and len(
        panel.visible_order_ids()) == 2
    panel.patient.setText("")
    panel.priority.setCurrentIndex(panel.priority.findData("STAT"))
    assert [seeded_repo.get_order(i).priority for i in panel.visible_order_ids()] == ["STAT"]
    panel.priority.setCurrentIndex(0)
    panel.order_status.setCurrentIndex(panel.order_status.findData("CANCELLED"))
    assert [seeded_repo.get_order(i).status for i in panel.visible_order_ids()] == ["CANCELLED"]
    panel.order_status.setCurrentIndex(0)
    panel.date_from_on.setChecked(True)
    panel.date_from.setDate(date(2020, 9, 26))
    shown = panel.visible_order_ids()
    assert shown and sorted(shown) == ids(seeded_repo, date_from=date(2020, 9, 26))
    panel.body_part.setCurrentIndex(panel.body_part.findData("HEAD"))
    assert all(seeded_repo.get_order(i).study.body_part == "HEAD" for i in panel.visible_order_ids())


def test_sorting_by_patient_and_selection_reaches_the_hub(make_hub, qtbot):
    from workstation.ui.reading.worklist_panel import WorklistPanel
    hub = make_hub()
    panel = WorklistPanel(hub)
    qtbot.addWidget(panel)
    panel.table.sortItems(1)
    names = [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())]
    assert names == sorted(names)
    with qtbot.waitSignal(hub.order_selected) as sig:
        panel.table.selectRow(2)
    assert sig.args == [panel.table.item(2, 0).data(256)]


def test_nurse_worklist_has_no_findings(make_hub, qtbot):
    from workstation.ui.reading.worklist_panel import WorklistPanel
    hub = make_hub("NURSE", "nurse.lee")
    panel = WorklistPanel(hub)
    qtbot.addWidget(panel)
    assert len(panel.visible_order_ids()) == 10
    assert all(o.report.findings in ("", "…") for o in hub.service.worklist())
