"""DICOM networking from the window against a real Orthanc: nodes page (save, echo, masked password),
Query/Retrieve (C-FIND → table → C-GET into the archive and the browser; C-MOVE through the receive
service), cancel."""
from __future__ import annotations

from pathlib import Path

import pydicom
import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.gui.screenshots import screenshot_path
from tests.harness.orthanc import OrthancServer
from tests.harness.peers import free_port
from workstation.dicom_net.nodes import RemoteNode

pytestmark = [pytest.mark.gui, pytest.mark.orthanc]

OUR_AET = "CDSSGUI"
EPI = "mr_ge_mr750_epi_axial/dicom"


@pytest.fixture(scope="module")
def our_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def pacs(tmp_path_factory, our_port, shared_data):
    server = OrthancServer(tmp_path_factory.mktemp("pacs"), modalities={"ws": (OUR_AET, "127.0.0.1", our_port)})
    server.start()
    for p in sorted((shared_data / EPI).glob("*.dcm"))[:30]:
        server.upload(p)
    server.upload(shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm")
    yield server
    server.stop()


@pytest.fixture
def win(make_main_window, our_port):
    w = make_main_window(archive="new")
    w.settings.dicom_aet, w.settings.dicom_port = OUR_AET, our_port
    return w


def _save_node(win, pacs) -> None:
    win.session.nodes.save(RemoteNode("pacs", pacs.aet, "127.0.0.1", pacs.dicom_port, pacs.dicomweb_url,
                                      pacs.user, pacs.password))


def test_nodes_page_saves_echoes_and_masks_the_password(win, qtbot, pacs):
    dlg = win.services.show_nodes()
    qtbot.addWidget(dlg)
    dlg.new_node()
    dlg.name.setText("pacs")
    dlg.aet.setText(pacs.aet)
    dlg.host.setText("127.0.0.1")
    dlg.port.setValue(pacs.dicom_port)
    dlg.web_url.setText(pacs.dicomweb_url)
    dlg.user.setText(pacs.user)
    dlg.password.setText(pacs.password)
    assert dlg.password.echoMode() == QLineEdit.Password
    dlg.save_button.click()
    assert [n.name for n in win.session.nodes.list()] == ["pacs"]
    assert win.session.nodes.get("pacs").password == pacs.password
    # shown again: the password is not put back into the field
    assert dlg.password.text() == "" and pacs.password not in dlg.password.placeholderText()
    dlg.echo_button.click()
    qtbot.waitUntil(lambda: "Echo OK" in dlg.result.text(), timeout=20_000)
    # editing without retyping the password keeps it
    dlg.host.setText("localhost")
    dlg.save_button.click()
    node = win.session.nodes.get("pacs")
    assert node.host == "localhost" and node.password == pacs.password
    # a wrong port: echo fails with a readable message
    dlg.port.setValue(free_port())
    dlg.echo_button.click()
    qtbot.waitUntil(lambda: "Echo failed" in dlg.result.text(), timeout=30_000)
    assert "Traceback" not in dlg.result.text()
    # bad input is refused with a message, nothing saved
    dlg.new_node()
    dlg.name.setText("bad")
    dlg.aet.setText("X" * 20)
    dlg.save_button.click()
    assert "Not saved" in dlg.result.text() and len(win.session.nodes.list()) == 1
    dlg.close()


def test_query_then_get_lands_study_in_archive_and_browser(win, qtbot, pacs, shared_data, tmp_path):
    _save_node(win, pacs)
    epi = pydicom.dcmread(sorted((shared_data / EPI).glob("*.dcm"))[0], stop_before_pixels=True)
    dlg = win.services.show_query()
    qtbot.addWidget(dlg)
    dlg.modality.setText("MR")
    dlg.search_button.click()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0 and not dlg.busy, timeout=30_000)
    uids = [r.study_uid for r in dlg.rows]
    assert uids == [epi.StudyInstanceUID]  # the CT is not MR
    dlg.modality.clear()
    dlg.search_button.click()
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2 and not dlg.busy, timeout=30_000)
    row = [r.study_uid for r in dlg.rows].index(epi.StudyInstanceUID)
    dlg.table.selectRow(row)
    dlg.retrieve_button.click()
    qtbot.waitUntil(lambda: dlg.last_result is not None, timeout=60_000)
    assert dlg.last_result.ok and dlg.last_result.completed == 30
    assert win.archive.counts()["instances"] == 30
    assert [s.study_instance_uid for s in win.archive.studies()] == [epi.StudyInstanceUID]
    qtbot.waitUntil(lambda: any(it.data(0, 0x0100) == epi.StudyInstanceUID for it in win.browser.study_items()),
                    timeout=10_000)
    dlg.move(win.x() + 280, win.y() + 120)
    qtbot.wait(300)
    QApplication.processEvents()
    pix = QApplication.primaryScreen().grabWindow(0, win.x(), win.y(), win.width(), win.height())
    assert pix.save(str(screenshot_path(tmp_path, "query-retrieve.png")))
    # retrieving again fetches nothing twice
    dlg.retrieve_button.click()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.last_result.skipped == 30, timeout=60_000)
    assert win.archive.counts()["instances"] == 30
    # bad search input: a message, no network call
    dlg.date_from.setText("2024-13")
    dlg.search_button.click()
    assert "Check the search" in dlg.status.text()
    dlg.close()


def test_move_through_receive_service(win, qtbot, pacs):
    _save_node(win, pacs)
    win.services.actions["dicom_receive"].trigger()
    assert win.services.receiver.running and win.services.actions["dicom_receive"].isChecked()
    assert OUR_AET in win.services.receiver.label.text()
    dlg = win.services.show_query()
    qtbot.addWidget(dlg)
    dlg.patient_name.setText("CompressedSamples*")
    dlg.search_button.click()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.table.rowCount() >= 1, timeout=30_000)
    ct = pydicom.dcmread(Path(pydicom.__file__).parent / "data/test_files/CT_small.dcm", stop_before_pixels=True)
    assert [r.study_uid for r in dlg.rows] == [ct.StudyInstanceUID]
    dlg.method.setCurrentIndex(dlg.method.findData("move"))
    dlg.retrieve_button.click()
    qtbot.waitUntil(lambda: dlg.last_result is not None, timeout=60_000)
    assert dlg.last_result.ok and dlg.last_result.completed == 1
    qtbot.waitUntil(lambda: win.services.receiver.stored == 1, timeout=10_000)
    assert "1 received" in win.services.receiver.label.text()
    assert win.archive.studies()[0].study_instance_uid == ct.StudyInstanceUID
    win.services.actions["dicom_receive"].trigger()
    assert not win.services.receiver.running
    dlg.close()


def test_move_without_receive_service_explains(win, qtbot, pacs):
    _save_node(win, pacs)
    dlg = win.services.show_query()
    qtbot.addWidget(dlg)
    dlg.search_button.click()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.table.rowCount() >= 1, timeout=30_000)
    dlg.method.setCurrentIndex(dlg.method.findData("move"))
    dlg.retrieve_button.click()
    assert "receive service" in dlg.status.text() and win.archive.counts()["instances"] == 0
    dlg.close()


def test_retrieve_cancel_then_resume(win, qtbot, pacs, shared_data):
    t1 = sorted((shared_data / "mr_ge_signa_3d_t1_axial_oblique" / "dicom").iterdir())
    for p in t1:
        pacs.upload(p)
    study_uid = pydicom.dcmread(t1[0], stop_before_pixels=True).StudyInstanceUID
    _save_node(win, pacs)
    dlg = win.services.show_query()
    qtbot.addWidget(dlg)
    dlg.search_button.click()
    qtbot.waitUntil(lambda: not dlg.busy and study_uid in [r.study_uid for r in dlg.rows], timeout=30_000)
    dlg.table.selectRow([r.study_uid for r in dlg.rows].index(study_uid))
    dlg.retrieve_button.click()
    dlg.pump.progress.connect(lambda v: dlg.cancel_button.click() if v[0] >= 1 and dlg.cancel_button.isEnabled()
                              else None)
    qtbot.waitUntil(lambda: dlg.last_result is not None, timeout=60_000)
    first = dlg.last_result
    assert first.cancelled and 0 < first.completed < len(t1)
    assert "Cancelled" in dlg.status.text()
    stored = win.archive.counts()["instances"]
    assert stored < len(t1)
    dlg.retrieve_button.click()  # again: only what is missing travels
    qtbot.waitUntil(lambda: not dlg.busy and dlg.last_result is not first, timeout=60_000)
    assert dlg.last_result.ok and dlg.last_result.skipped == stored
    assert dlg.last_result.completed == len(t1) - stored
    assert win.archive.counts()["instances"] == len(t1)
    dlg.close()
