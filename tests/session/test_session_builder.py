"""The application session, built without Qt: one archive and local database, the login asked only when users
exist, the reading service with the demo orders, the DICOM nodes and the receive service — what the window's
panels get, in one place."""
from __future__ import annotations

import json
import subprocess
import sys

import pydicom
import pytest
from pynetdicom import AE

from resources import DEMO_DIR
from tests.harness.peers import free_port
from tests.reading.conftest import FAST_HASHER
from workstation.dicom_net.nodes import RemoteNode
from workstation.reading.auth import UserStore
from workstation.reading.records import User
from workstation.session.builder import LOCAL_USER, open_session, session_for_archive
from workstation.session.context import DeferredStarts, PanelContext
from workstation.session.settings import Settings


@pytest.fixture
def session(tmp_path):
    s = open_session(tmp_path / "archive", settings=Settings())
    yield s
    s.close()


def _demo_file():
    return next(f for f in sorted(DEMO_DIR.rglob("*")) if f.is_file() and f.suffix not in (".txt", ".md", ".json"))


def test_builder_imports_no_qt(tmp_path):
    """The session (and the sync package it makes) build in a process that never loads Qt or VTK."""
    code = (
        "import sys, json\n"
        "from workstation.session.builder import open_session\n"
        "from workstation.session.settings import Settings\n"
        f"s = open_session({str(tmp_path / 'a')!r}, settings=Settings())\n"
        "print(json.dumps({'orders': len(s.reading.worklist()), 'qt': sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('PySide6', 'vtkmodules', 'vtk'))}))\n"
        "s.close()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["qt"] == []
    assert result["orders"] > 0  # the demo orders were seeded by the reading layer


def test_a_session_without_archive_or_reading_loads_no_database_layer(tmp_path):
    """A window without an archive (tools, a start that shows its first image before the archive is opened)
    does not pay for SQLAlchemy: only what opens a database imports it."""
    code = (
        "import sys\n"
        "from workstation.session.builder import session_for_archive\n"
        "from workstation.session.settings import Settings\n"
        "s = session_for_archive(None, Settings(), reading=False, sync_url='sqlite:///' + sys.argv[1])\n"
        "assert s.archive is None and s.database is None and s.reading is None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
        "s.close()\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "sync.sqlite")], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_one_database_for_reading_and_nodes_apart_from_the_archive_handle(session, tmp_path):
    assert session.archive is not None and session.database is not None
    # the reading rows and the nodes live in the local database file the archive indexes into
    assert session.database.engine.url.database == str((tmp_path / "archive" / "archive.db").resolve())
    assert session.reading.repo.engine is session.database.engine
    session.nodes.save(RemoteNode("pacs", "PACS", "127.0.0.1", 104))
    again = open_session(tmp_path / "archive", settings=Settings())
    try:
        assert [n.name for n in again.nodes.list()] == ["pacs"]
        # seeded once: the second session finds the same orders, no duplicates
        assert len(again.reading.worklist()) == len(session.reading.worklist())
    finally:
        again.close()


def test_no_users_means_the_local_reader_and_no_login(session):
    asked = []
    assert session.user == LOCAL_USER
    s2 = session_for_archive(session.archive, Settings(), login=lambda *a: asked.append(a))
    assert s2.user == LOCAL_USER and asked == []


def test_login_asked_when_users_exist(tmp_path):
    s = open_session(tmp_path / "archive", settings=Settings())
    users = UserStore(s.reading.repo.session_factory, s.reading.audit, hasher=FAST_HASHER)
    users.create_user("dr.kim", "pw-123456", "RIS")
    asked = []

    def cancel(store, workstation):
        asked.append((store.has_users(), workstation))
        return None

    cancelled = session_for_archive(s.archive, Settings(), login=cancel)
    assert asked == [(True, s.reading.audit.workstation)]
    assert cancelled.reading is None and cancelled.user is None  # no reading panels for nobody
    assert not cancelled.sync.bridged
    kim = session_for_archive(s.archive, Settings(), login=lambda store, ws: store.authenticate("dr.kim", "pw-123456"))
    assert (kim.user.username, kim.reading.user.role) == ("dr.kim", "RIS")  # the user who logged in
    assert kim.sync.bridged  # a reader's worklist is bridged to the CDSS sync
    admin = session_for_archive(s.archive, Settings(), user=User("it.park", "SYSTEMMANAGER"))
    assert admin.user.role == "SYSTEMMANAGER" and not admin.sync.bridged  # the administrator syncs no orders
    s.close()


def test_demo_orders_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CDSS_READING_DEMO", "0")
    s = open_session(tmp_path / "archive", settings=Settings())
    try:
        assert s.reading.worklist() == []
    finally:
        s.close()


def test_reading_can_be_left_out(tmp_path):
    s = open_session(tmp_path / "archive", settings=Settings(), reading=False)
    try:
        assert s.reading is None and s.user is None and s.nodes is not None and s.receiver is not None
    finally:
        s.close()


def test_bad_archive_is_a_clear_error(tmp_path):
    from workstation.archive import ArchiveError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ArchiveError, match="archive folder"):
        open_session(blocker / "archive", settings=Settings())


def test_receive_service_stores_into_the_archive_and_counts(session):
    port = free_port()
    session.settings.dicom_aet, session.settings.dicom_port = "CDSSTEST", port
    rx = session.receiver
    assert not rx.running
    rx.start()
    try:
        assert rx.running
        with pytest.raises(OSError):  # the port is taken: a clear error, the first service keeps running
            type(rx)(session.archive, session.settings).start()
        ds = pydicom.dcmread(_demo_file())
        ae = AE(ae_title="SENDER")
        ae.add_requested_context(ds.SOPClassUID, ds.file_meta.TransferSyntaxUID)
        assoc = ae.associate("127.0.0.1", port, ae_title="CDSSTEST")
        assert assoc.is_established
        assert assoc.send_c_store(ds).Status == 0x0000
        assoc.release()
        assert rx.take_stored() == 1 and rx.stored == 1
        assert rx.take_stored() == 0
        assert session.archive.counts()["instances"] == 1
    finally:
        rx.stop()
    assert not rx.running


def test_deferred_starts_run_once_in_order_and_report_failures():
    ran = []
    d = DeferredStarts()
    d.add("sync", lambda: ran.append("sync"))
    d.add("broken", lambda: 1 / 0)
    d.add("receive", lambda: ran.append("receive"))
    assert d.names == ["sync", "broken", "receive"] and ran == []
    failures = d.run()
    assert ran == ["sync", "receive"]  # a failing step does not stop the others
    assert failures and failures[0][0] == "broken" and "ZeroDivisionError" in failures[0][1]
    d.run()
    assert ran == ["sync", "receive"]  # once
    d.add("late", lambda: ran.append("late"))  # after the first image: at once
    assert ran[-1] == "late"


def test_panel_context_is_frozen_and_reads_the_session(session):
    ctx = PanelContext(session, controller="controller", main_window="window")
    assert ctx.archive is session.archive and ctx.user == session.user and ctx.hub is None
    with pytest.raises(AttributeError):
        ctx.hub = "other"  # type: ignore[misc]


def test_deferred_steps_added_while_running_join_the_queue_and_run_next_goes_one_at_a_time():
    ran = []
    d = DeferredStarts()
    d.add("docks", lambda: (ran.append("docks"), d.add("worklist", lambda: ran.append("worklist"))))
    d.add("sync", lambda: ran.append("sync"))
    assert d.run_next() and ran == ["docks"] and d.names == ["sync", "worklist"]  # a dock's step waits its turn
    assert not d.done
    assert d.run_next() and ran == ["docks", "sync"]
    assert not d.run_next() and d.done and ran == ["docks", "sync", "worklist"]
    assert d.ran == ["docks", "sync", "worklist"]


def test_seed_later_leaves_the_demo_orders_to_the_first_deferred_start(tmp_path):
    from workstation.session.builder import open_session

    session = open_session(tmp_path / "archive", settings=Settings(), seed_later=True)
    try:
        assert session.deferred.names == ["demo orders"]
        assert session.reading.worklist() == []  # nothing seeded before the first image
        session.deferred.run()
        assert session.reading.worklist() and not session.deferred.failures
    finally:
        session.close()
