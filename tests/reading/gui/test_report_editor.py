"""Report editor: keyword highlighting, journaled typing recovered after a crash, signing locks it."""
from __future__ import annotations

import pytest

from workstation.reading.drafts import DraftJournal
from workstation.reading.keywords import find_keywords
from workstation.reading.records import ReadingStatus, WorklistFilter

pytestmark = pytest.mark.gui


def highlighted(edit) -> list[tuple[int, int]]:
    """(start, length) of every highlighted range in the text field, in document positions."""
    out, block = [], edit.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.background().color().name() != "#000000":
                out.append((block.position() + r.start, r.length))
        block = block.next()
    return sorted(out)


def editor_for(make_hub, qtbot, role="RIS"):
    from workstation.ui.reading.report_editor_panel import ReportEditorPanel
    hub = make_hub(role)
    ed = ReportEditorPanel(hub)
    ed.confirm_sign = False
    qtbot.addWidget(ed)
    ed.show()
    return hub, ed


def test_keywords_highlighted_in_korean_and_english(make_hub, seeded_repo, qtbot):
    hub, ed = editor_for(make_hub, qtbot)
    draft = next(o for o in seeded_repo.orders(WorklistFilter(reading_status=ReadingStatus.DRAFT))
                 if o.patient.name == "김민준")
    hub.select_order(draft.id)
    text = ed.findings.toPlainText()
    assert "종양" in text and "부종" in text
    expected = sorted((s.start, s.length) for s in find_keywords(text))
    assert highlighted(ed.findings) == expected and len(expected) >= 4
    ed.findings.moveCursor(ed.findings.textCursor().MoveOperation.End)
    ed.findings.insertPlainText("\nNew haemorrhage in the tumour bed.")
    new_text = ed.findings.toPlainText()
    assert highlighted(ed.findings) == sorted((s.start, s.length) for s in find_keywords(new_text))
    assert new_text[highlighted(ed.findings)[-2][0]:].startswith("haemorrhage")


def test_typing_is_journaled_and_recovered_after_crash(make_hub, seeded_repo, qtbot, tmp_path):
    hub, ed = editor_for(make_hub, qtbot)
    unread = seeded_repo.orders(WorklistFilter(reading_status=ReadingStatus.UNREAD, order_status="ACCEPTED"))[0]
    hub.select_order(unread.id)
    qtbot.keyClicks(ed.findings, "Large enhancing tumour")
    assert DraftJournal(tmp_path / "drafts").read(unread.id).report.findings == "Large enhancing tumour"
    assert seeded_repo.get_order(unread.id).reading_status == "unread"  # not saved: a "crash" now
    hub2, ed2 = editor_for(make_hub, qtbot)   # a new session after the crash
    hub2.select_order(unread.id)
    assert ed2.findings.toPlainText() == "Large enhancing tumour"
    assert "Recovered unsaved typing" in ed2.notice.text()
    ed2.save_draft()
    assert seeded_repo.get_order(unread.id).report.findings == "Large enhancing tumour"
    assert DraftJournal(tmp_path / "drafts").pending() == []


def test_sign_makes_the_report_read_only_and_addendum_adds_a_version(make_hub, seeded_repo, qtbot):
    hub, ed = editor_for(make_hub, qtbot)
    draft = seeded_repo.orders(WorklistFilter(reading_status=ReadingStatus.DRAFT))[0]
    hub.select_order(draft.id)
    assert ed.is_editable()
    ed.impression.setPlainText("Final impression.")
    ed.sign()
    o = seeded_repo.get_order(draft.id)
    assert (o.status, o.report.confirmed, o.report.impression) == ("CONFIRMED", True, "Final impression.")
    assert not ed.is_editable() and ed.addendum_button.isEnabled() and not ed.sign_button.isEnabled()
    assert "read-only" in ed.notice.text()
    ed.add_addendum("Perfusion added.")
    assert seeded_repo.get_order(draft.id).report.version == 2
    assert "Perfusion added." in ed.addenda.toPlainText()


def test_prior_shown_side_by_side_with_differences(make_hub, seeded_repo, qtbot):
    hub, ed = editor_for(make_hub, qtbot)
    draft = next(o for o in seeded_repo.orders() if o.patient.name == "김민준" and not o.report.confirmed)
    hub.select_order(draft.id)
    assert ed.prior is not None and ed.prior.report.confirmed and ed.prior.patient.name == "김민준"
    assert "18 x 15" in ed.prior_view.toPlainText()
    html = ed.diff_view.toHtml()
    assert "line-through" in html and "24" in html


def test_doctor_reads_but_cannot_edit_nurse_sees_summary(make_hub, seeded_repo, qtbot):
    draft = seeded_repo.orders(WorklistFilter(reading_status=ReadingStatus.DRAFT))[0]
    hub, ed = editor_for(make_hub, qtbot, "DOCTOR")
    hub.select_order(draft.id)
    assert ed.findings.toPlainText() == draft.report.findings and not ed.is_editable()
    assert not ed.sign_button.isEnabled() and ed.images_button.isEnabled()
    hub, ed = editor_for(make_hub, qtbot, "NURSE")
    hub.select_order(draft.id)
    assert ed.findings.toPlainText() == "" and ed.impression.toPlainText() == draft.report.impression
    assert not ed.images_button.isEnabled() and "summary only" in ed.notice.text()
