"""History timeline marks priors; the study tree shows series counts from the real archive."""
from __future__ import annotations

from pathlib import Path

import pytest

from workstation.reading.demo_seed import demo_study

pytestmark = pytest.mark.gui
DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"


def demo_order(repo):
    return repo.orders_for_study(demo_study()[1].study_uid)[0]


def test_history_timeline_shows_priors(make_hub, seeded_repo, qtbot):
    from workstation.ui.reading.history_panel import HistoryPanel
    hub = make_hub()
    panel = HistoryPanel(hub)
    qtbot.addWidget(panel)
    demo = demo_order(seeded_repo)
    hub.select_order(demo.id)
    rows = panel.timeline_rows()
    by_id = {o.id: o for o in seeded_repo.patient_orders(demo.patient.patient_number)}
    assert [oid for oid, _ in rows] == list(by_id)  # newest first, the whole history
    marks = dict(rows)
    assert marks[demo.id] == "current"
    mr_prior = next(o for o in by_id.values() if o.study.modality == "MR" and o.study.body_part == "BRAIN"
                    and o.id != demo.id)
    ct_prior = next(o for o in by_id.values() if o.study.modality == "CT")
    spine = next(o for o in by_id.values() if o.study.body_part == "SPINE")
    assert marks[mr_prior.id] == "prior ★" and marks[ct_prior.id] == "prior" and marks[spine.id] == ""
    assert panel.name.text() == demo.patient.display_name == "TCGA-FG-6692" and panel.number.text() == demo.patient.patient_number
    assert panel.compare_button.isEnabled()  # the best prior is pre-selected
    with qtbot.waitSignal(hub.compare_requested) as sig:
        panel.compare_button.click()
    assert sig.args == [demo.id, mr_prior.id]


def test_study_tree_counts_series_from_the_archive(make_hub, seeded_repo, qtbot, tmp_path):
    from workstation.archive import Archive
    from workstation.ui.reading.study_tree_panel import StudyTreePanel
    archive = Archive.open(tmp_path / "archive")
    try:
        files = sorted(DEMO.rglob("*.dcm"))[:12]  # the first 12 of one series (flair/)
        for f in files:
            assert archive.ingest_file(f).ok
        hub = make_hub(archive=archive)
        panel = StudyTreePanel(hub)
        qtbot.addWidget(panel)
        demo = demo_order(seeded_repo)
        hub.select_order(demo.id)
        top = panel.tree.topLevelItem(0)
        assert demo.patient.patient_number in top.text(0)
        studies = [top.child(i) for i in range(top.childCount())]
        assert len(studies) == 4
        current = next(s for s in studies if s.data(0, 257) == demo.id)
        assert current.text(1).startswith("1 series, 12 images (archive)")  # counted in the archive, not CDSS
        kinds = [current.child(i).data(0, 256) for i in range(current.childCount())]
        assert kinds == ["series", "report"]
        assert current.child(0).text(1) == "12 images"
        other = next(s for s in studies if s.data(0, 257) != demo.id)
        assert "(CDSS)" in other.text(1) and other.child(0).data(0, 256) == "missing"
    finally:
        archive.close()
