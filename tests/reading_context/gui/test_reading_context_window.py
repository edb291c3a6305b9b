"""The window follows one reading context: double-click a worklist row, change tab, open a prior and sign,
asserting that every visible identity (viewports, report header, history) agrees; a viewport of another
patient is red and signing is refused while it is visible."""
from __future__ import annotations

import pydicom
import pytest
from pydicom.uid import generate_uid

from resources import DEMO_DIR
from workstation.reading.demo_seed import demo_study
from workstation.reading.records import Report
from workstation.reading.unmatched import archive_studies, create_local_order

pytestmark = pytest.mark.gui


def copy_study(archive, tmp_path, series_names, patient_id=None, patient_name=None, study_date=None):
    """Ingest some demo series again as another study (new UIDs; another date or patient)."""
    study_uid = generate_uid()
    for name in series_names:
        series_uid = generate_uid()
        for f in sorted((DEMO_DIR / "tcga_lgg_fg_6692" / name).glob("*.dcm")):
            ds = pydicom.dcmread(f)
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
            if study_date:
                ds.StudyDate = ds.SeriesDate = study_date
            if patient_id:
                ds.PatientID, ds.PatientName = patient_id, patient_name
            out = tmp_path / f"{ds.SOPInstanceUID}.dcm"
            ds.save_as(out)
            assert archive.ingest_file(out).status == "stored"
    return study_uid


def shown_patients(window):
    grid = window.grid
    return [(i, vp.state.volume.metadata.get("patient_id")) for i, vp in enumerate(grid.viewports)
            if vp.state.volume is not None and not grid.is_blank(i)]


def test_one_reading_context_from_worklist_to_signature(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from workstation.app.launch import build_main_window, import_demo
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    startup.start_deferred()   # the start selection (demo order) first, as after the first image
    try:
        archive, hub = window.archive, window.reading_hub
        worklist = window.docks["reading_worklist"].widget()
        editor = window.docks["reading_report"].widget()
        history = window.docks["reading_history"].widget()
        import_demo(archive)
        patient, study = demo_study()
        prior_uid = copy_study(archive, tmp_path, ["t1c", "flair"], study_date="20190312")
        other_uid = copy_study(archive, tmp_path, ["flair"], patient_id="OTHER-7", patient_name="Other^Patient")
        repo = hub.service.repo
        prior_study = next(s for s in archive_studies(archive) if s.study_uid == prior_uid)
        demo = next(o for o in hub.service.worklist() if o.study and o.study.study_uid == study.study_uid)

        # double-click the demo row: the study opens hung by the brain-tumour protocol; all agree
        row = next(r for r in range(worklist.table.rowCount())
                   if worklist.table.item(r, 0).data(Qt.UserRole) == demo.id)
        rect = worklist.table.visualItemRect(worklist.table.item(row, 1))
        qtbot.mouseClick(worklist.table.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(worklist.table.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: len(shown_patients(window)) == 4, timeout=60000)
        assert {pid for _, pid in shown_patients(window)} == {patient.patient_number}
        assert editor.order.id == demo.id and patient.patient_number in editor.header.text()
        assert history.number.text() == patient.patient_number and hub.context.patient_number == patient.patient_number
        tree = window.docks["reading_tree"].widget()
        assert tree.tree_patient() == patient.patient_number
        assert [window.grid.identity_text(i) for i in range(4)] == [("", False)] * 4
        assert editor.templates.currentData().id.startswith("brain_tumour_followup_mr_")   # MR brain with a prior

        local_rows = [history.timeline.topLevelItem(i) for i in range(history.timeline.topLevelItemCount())]
        local_rows = [it for it in local_rows if it.data(0, Qt.UserRole + 1) == prior_uid]
        assert len(local_rows) == 1 and local_rows[0].text(0) == "2019-03-12"   # history shows the local prior
        prior = create_local_order(repo, prior_study, by="dr.kim")   # an archive study without an order
        repo.save_draft(prior.id, Report(findings="baseline"), by="dr.kim")
        repo.sign(prior.id, by="dr.kim")
        hub.orders_changed.emit()   # what a new order (sync, import) announces

        # change tab: the selection never jumps to another patient, the context stays
        worklist.tabs.setCurrentIndex(3)     # Signed
        qtbot.wait(50)
        assert worklist.selected_order_id() in (None, demo.id)
        assert editor.order.id == demo.id and hub.context.order.id == demo.id
        worklist.tabs.setCurrentIndex(0)

        # open the prior beside the current images: labelled PRIOR, the report stays the current one
        assert prior.id in history.prior_ids
        assert hub.open_prior_images(prior.id)
        def prior_beside_current() -> bool:  # each viewport's label is set as its series arrives
            texts = [window.grid.identity_text(i) for i in range(4)]
            return (sum(t == ("2019-03-12 PRIOR", False) for t in texts) == 1
                    and sum(t == ("2020-09-29 CURRENT", False) for t in texts) == 3)

        try:
            qtbot.waitUntil(prior_beside_current, timeout=60000)
        except qtbot.TimeoutError:
            pytest.fail(f"labels {[window.grid.identity_text(i) for i in range(4)]} of "
                        f"{[vp.state.volume and vp.state.volume.metadata['study_date'] for vp in window.grid.viewports]}")
        labelled = [i for i in range(4) if window.grid.identity_text(i)[0].endswith("PRIOR")]
        assert window.grid.viewports[labelled[0]].state.volume.metadata["series_description"] == "AX T1 SE POST GD"
        assert editor.order.id == demo.id and {pid for _, pid in shown_patients(window)} == {patient.patient_number}

        # the toolbar's stage switch: the prior T1 post beside the current one, then back to the 2x2
        names = [hub.stage_switch.itemText(i) for i in range(hub.stage_switch.count())]
        assert hub.plan.protocol.id == "brain-mr-tumour-followup" and "T1 post: current | prior" in names
        hub.show_stage(names.index("T1 post: current | prior"))
        assert window.grid.layout_name == "1x2"
        qtbot.waitUntil(lambda: window.grid.identity_text(1) == ("2019-03-12 PRIOR", False) and all(
            vp.state.volume is not None and vp.state.volume.metadata["series_description"] == "AX T1 SE POST GD"
            for vp in window.grid.viewports), timeout=60000)
        assert window.grid.identity_text(0) == ("2020-09-29 CURRENT", False)
        hub.show_stage(0)
        assert window.grid.layout_name == "2x2"
        qtbot.waitUntil(lambda: all(window.grid.identity_text(i) == ("", False) for i in range(4)), timeout=60000)
        qtbot.waitUntil(lambda: [vp.state.volume.metadata["series_description"] for vp in window.grid.viewports] == [
            "AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"], timeout=60000)

        # another patient's series dropped explicitly: red, and signing is refused while it is visible
        other_series = archive.series(other_uid)[0].series_instance_uid
        window.controller.open_series(other_series, 2)
        qtbot.waitUntil(lambda: window.grid.identity_text(2)[1], timeout=60000)
        assert "Other Patient" in window.grid.identity_text(2)[0]
        window.grid.set_layout("3x3")   # one outside the 2x2 too, hidden when the 2x2 is back
        window.controller.open_series(other_series, 8)
        qtbot.waitUntil(lambda: window.grid.identity_text(8)[1], timeout=60000)
        window.grid.set_layout("2x2")
        editor.findings.setPlainText("Stable right frontal lesion.")
        assert editor.save_draft() and "Draft" in editor.header.text()   # the header's live status
        assert hub.context.order.status == "IN_PROGRESS"
        editor.confirm_sign = False
        editor.sign()
        assert "Other Patient (OTHER-7)" in editor.refusal and "viewport 3" in editor.refusal
        assert not repo.get_order(demo.id).report.confirmed
        # the current study's T2 back in its place: sign, the confirmation names the patient
        t2 = next(s.series_instance_uid for s in archive.series(study.study_uid) if s.series_description == "AX T2 TSE")
        window.controller.open_series(t2, 2)
        qtbot.waitUntil(lambda: not window.grid.identity_text(2)[1], timeout=60000)
        editor.sign()
        signed = repo.get_order(demo.id)
        assert signed.report.confirmed and signed.status == "CONFIRMED"
        assert patient.display_name in editor.confirmation_text and patient.patient_number in editor.confirmation_text
        assert "CONFIRMED" in hub.context.order.status

        # another patient from the worklist: every viewport of the first patient is cleared
        kim = next(o for o in hub.service.worklist() if o.patient.patient_number != patient.patient_number
                   and o.study is not None and o.study.modality == "CT")
        worklist.select_order(kim.id)
        qtbot.waitUntil(lambda: editor.order is not None and editor.order.id == kim.id, timeout=30000)
        assert shown_patients(window) == [] and history.number.text() == kim.patient.patient_number
        assert tree.tree_patient() == kim.patient.patient_number
        window.grid.set_layout("3x3")    # hidden viewports of the earlier layouts show nothing of the first patient
        assert shown_patients(window) == []
        assert hub.context.patient_number == kim.patient.patient_number
        assert editor.templates.currentData().id.startswith("ct_head_")   # templates follow the study
    finally:
        window.close()
        window.archive.close()


def test_unmatched_tab_lists_archive_studies_and_gives_them_orders(qtbot, tmp_path, monkeypatch):
    from workstation.app.launch import build_main_window, import_demo
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    startup.start_deferred()   # the start selection (demo order) first, as after the first image
    try:
        archive, hub = window.archive, window.reading_hub
        worklist = window.docks["reading_worklist"].widget()
        editor = window.docks["reading_report"].widget()
        history = window.docks["reading_history"].widget()
        import_demo(archive)
        a = copy_study(archive, tmp_path, ["t1"], study_date="20200929")   # the demo patient, the demo's day
        b = copy_study(archive, tmp_path, ["flair"], patient_id="NEW-1", patient_name="New^Arrival")
        worklist.reload()
        worklist.tabs.setCurrentIndex(4)
        assert worklist.tabs.tabText(4) == "Unmatched / no order (2)" and worklist.unmatched.isVisible()
        assert not worklist.table.isVisible()
        uids = [s.study_uid for s in worklist.unmatched.studies]
        assert sorted(uids) == sorted([a, b])
        # opened from the study browser: the context is that study; the report and history follow (no order)
        window.browser.study_activated.emit(b)
        qtbot.waitUntil(lambda: any(vp.state.volume is not None for vp in window.grid.viewports), timeout=60000)
        assert hub.context.patient_number == "NEW-1" and hub.context.order is None
        assert editor.order is None and "New Arrival" in editor.header.text() and "no reading order" in editor.header.text()
        assert history.number.text() == "NEW-1"
        assert window.docks["reading_tree"].widget().tree_patient() == "NEW-1"
        assert window.grid.viewports[0].state.volume.metadata["patient_id"] == "NEW-1"
        assert window.grid.identity_text(0) == ("", False)
        # a series read again tells the panels once (at its first image), not a second time when it is whole
        changes = []
        hub.context_changed.connect(lambda: changes.append(1))
        with qtbot.waitSignal(window.controller.series_opened, timeout=60000):
            window.controller.open_series(archive.series(b)[0].series_instance_uid, 0)
        assert len(changes) == 1 and hub.context.patient_number == "NEW-1"
        # a study of a patient without an order: a LOCAL reading order, listed with the others
        worklist.unmatched.table.selectRow(uids.index(b))
        oid = worklist.unmatched.create_local_selected()
        order = hub.service.repo.get_order(oid)
        assert order.dirty and order.status == "ORDERED" and order.patient.patient_number == "NEW-1"
        assert worklist.tabs.tabText(4) == "Unmatched / no order (1)"
        worklist.tabs.setCurrentIndex(0)
        assert oid in worklist.visible_order_ids()
        # the demo patient's second study of the demo's day: the demo order has its images, so no candidate
        worklist.tabs.setCurrentIndex(4)
        worklist.unmatched.table.selectRow(0)
        assert not worklist.unmatched.match_selected(choose=lambda c: pytest.fail("no choice expected"))
        assert "No order matches" in worklist.unmatched.info.text()
        # a study arriving later (import, C-STORE) is listed when the tab is looked at again
        worklist.tabs.setCurrentIndex(0)
        c = copy_study(archive, tmp_path, ["t2"], patient_id="NEW-2", patient_name="Later^Arrival")
        worklist.tabs.setCurrentIndex(4)
        assert c in [s.study_uid for s in worklist.unmatched.studies] and worklist.tabs.tabText(4).endswith("(2)")
    finally:
        window.close()
        window.archive.close()
