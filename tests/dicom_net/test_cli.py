"""The networking sub-commands as a user runs them (real processes, real peers)."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pydicom
import pytest

from tests.dicom_net.conftest import OUR_AET
from tests.harness.peers import free_port, port_open, require_binary, wait_until

CLI = [sys.executable, "-m", "workstation.cli.main"]


def cli(*args, env_extra=None, timeout=120) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env)


def pacs_args(pacs):
    return ["--aec", pacs.aet, "--host", "127.0.0.1", "--port", pacs.dicom_port, "--aet", OUR_AET]


@pytest.mark.dcmtk
def test_scp_command_receives_and_stops_cleanly_on_sigterm(tmp_path, epi_files, epi_header):
    port = free_port()
    proc = subprocess.Popen([*CLI, "scp", "--aet", "WSCLI", "--port", str(port), "--bind", "127.0.0.1",
                             "--archive", str(tmp_path / "a"), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: port_open(port), timeout=30, what="scp command listening")
        run = subprocess.run([require_binary("storescu", "dcmtk"), "-aec", "WSCLI", "127.0.0.1", str(port),
                              *map(str, epi_files[:20])], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0]["event"] == "listening" and events[-1]["event"] == "stopped"
    assert events[-1]["stored"] == 20 and sum(e["event"] == "instance" for e in events) == 20
    from workstation.archive import Archive

    with Archive.open(tmp_path / "a") as archive:
        assert len(archive.instances(epi_header.SeriesInstanceUID)) == 20


def test_scp_command_port_taken_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        run = cli("scp", "--port", s.getsockname()[1], "--bind", "127.0.0.1", "--archive", tmp_path / "a")
    assert run.returncode == 1 and "cannot listen" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.orthanc
def test_echo_save_find_by_node_name_and_no_password_in_output(tmp_path, pacs):
    archive = ["--archive", tmp_path / "a"]
    run = cli("echo", *pacs_args(pacs), "--url", pacs.dicomweb_url, "--user", pacs.user,
              "--save-as", "pacs", *archive, env_extra={"CDSS_NODE_PASSWORD": pacs.password})
    assert run.returncode == 0 and "success" in run.stdout, run.stderr
    listed = cli("echo", "--list", "--json", *archive)
    nodes = json.loads(listed.stdout)
    assert nodes[0]["name"] == "pacs" and nodes[0]["password_set"] is True
    assert pacs.password not in listed.stdout + run.stdout + run.stderr
    found = cli("find", "--node", "pacs", "--aet", OUR_AET, "--modality", "MR", "--json", *archive)
    assert found.returncode == 0, found.stderr
    assert [s["ModalitiesInStudy"] for s in json.loads(found.stdout)] == ["MR"]
    web = cli("find", "--node", "pacs", "--web", "--level", "series", "--modality", "CT", *archive)
    assert web.returncode == 0 and "CT" in web.stdout and "1 match" in web.stdout, web.stderr


@pytest.mark.orthanc
def test_retrieve_then_send_to_another_node(tmp_path, pacs, orthanc, shared_data):
    ct = pydicom.dcmread(shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm", stop_before_pixels=True)
    archive = ["--archive", tmp_path / "a"]
    run = cli("retrieve", *pacs_args(pacs), "--study-uid", ct.StudyInstanceUID, "--json", *archive)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["completed"] == 1
    again = cli("retrieve", *pacs_args(pacs), "--study-uid", ct.StudyInstanceUID, *archive)
    assert again.returncode == 0 and "1 already in the archive" in again.stdout, again.stdout
    sent = cli("send", "--study-uid", ct.StudyInstanceUID, "--aec", orthanc.aet, "--host", "127.0.0.1",
               "--port", orthanc.dicom_port, *archive)
    assert sent.returncode == 0 and "1 of 1 sent" in sent.stdout, sent.stdout + sent.stderr
    uids = [s["MainDicomTags"]["StudyInstanceUID"] for s in orthanc.get("/studies?expand")]
    assert ct.StudyInstanceUID in uids


def test_usage_errors_are_short(tmp_path):
    run = cli("find", "--date", "2020/01/01", "--aec", "X", "--host", "127.0.0.1", "--port", 1)
    assert run.returncode == 2 and "date" in run.stderr and "Traceback" not in run.stderr
    run = cli("echo", "--node", "nope", "--archive", tmp_path / "a")
    assert run.returncode == 2 and "no remote node named 'nope'" in run.stderr
    run = cli("echo", "--aec", "X", "--host", "127.0.0.1", "--port", free_port())
    assert run.returncode == 1 and "association" in run.stderr and "Traceback" not in run.stderr
