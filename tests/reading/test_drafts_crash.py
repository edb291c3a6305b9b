"""Draft autosave journal: a crash (process killed right after typing) loses nothing."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from workstation.reading.drafts import DraftJournal
from workstation.reading.records import Report

CRASHER = textwrap.dedent("""
    import os, sys
    from workstation.reading.drafts import DraftJournal
    from workstation.reading.records import Report
    j = DraftJournal()
    text = ""
    for ch in "Right frontal 종양 with oedema":   # typed key by key, each change journaled
        text += ch
        j.write(int(sys.argv[1]), Report(findings=text, impression="GBM?"), user="dr.kim")
    os._exit(9)   # crash: no clean shutdown, no save to the database
""")


def test_draft_survives_a_crash(repo, order):
    run = subprocess.run([sys.executable, "-c", CRASHER, str(order.id)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 9, run.stderr
    journal = DraftJournal()
    assert journal.pending() == [order.id]
    entry = journal.recover(order.id, repo.get_order(order.id).report)
    assert entry is not None and entry.user == "dr.kim"
    assert entry.report.findings == "Right frontal 종양 with oedema" and entry.report.impression == "GBM?"
    repo.save_draft(order.id, entry.report, "dr.kim")
    journal.discard(order.id)
    assert repo.get_order(order.id).report.findings == "Right frontal 종양 with oedema"
    assert journal.pending() == []


def test_journal_equal_to_saved_draft_is_not_offered(tmp_path):
    j = DraftJournal(tmp_path)
    r = Report(findings="same")
    j.write(3, r)
    assert j.recover(3, r) is None and j.pending() == []


def test_corrupt_journal_is_set_aside_not_fatal(tmp_path):
    j = DraftJournal(tmp_path)
    (tmp_path / "order-5.json").write_text("{not json", encoding="utf-8")
    assert j.read(5) is None
    assert (tmp_path / "order-5.corrupt").exists()
