"""dcmtk tools as the other side: echoscu/findscu-free checks of our SCP, our C-STORE SCU into storescp."""
from __future__ import annotations

import subprocess
import time

import pydicom
import pytest

from tests.harness.peers import free_port, port_open, require_binary, stop_process, wait_until
from workstation.archive import Archive
from workstation.dicom_net.nodes import RemoteNode
from workstation.dicom_net.scp import StorageSCP
from workstation.dicom_net.send import send_files

pytestmark = pytest.mark.dcmtk


def test_echoscu_against_our_scp(tmp_path):
    port = free_port()
    with Archive.open(tmp_path / "a") as archive, StorageSCP(archive, "WSECHO", port, host="127.0.0.1"):
        ok = subprocess.run([require_binary("echoscu", "dcmtk"), "-aec", "WSECHO", "127.0.0.1", str(port)],
                            capture_output=True, text=True, timeout=30)
        wrong = subprocess.run([require_binary("echoscu", "dcmtk"), "-aec", "OTHER", "127.0.0.1", str(port)],
                               capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    assert wrong.returncode != 0 and "Rejected" in wrong.stderr + wrong.stdout


def test_send_files_into_storescp(tmp_path, epi_files, shared_data):
    exe = require_binary("storescp", "dcmtk")
    port = free_port()
    out = tmp_path / "recv"
    out.mkdir()
    proc = subprocess.Popen([exe, "-aet", "DCMRECV", "-od", str(out), "+xa", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: port_open(port), timeout=20, what="storescp")
        files = epi_files[:12] + [shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm"]
        unreadable = tmp_path / "notes.txt"
        unreadable.write_text("not DICOM")
        progress = []
        result = send_files(RemoteNode("recv", "DCMRECV", "127.0.0.1", port), [*files, unreadable],
                            calling_aet="WS", progress=lambda d, t, _: progress.append((d, t)))
    finally:
        stop_process(proc)
    assert result.sent == 13 and [p for p, _ in result.failed] == [str(unreadable)], result.as_dict()
    assert progress[-1] == (13, 13)
    received = {str(pydicom.dcmread(p).SOPInstanceUID) for p in out.iterdir()}
    assert received == {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID) for p in files}
    # bytes of the pixel data arrive unchanged
    src = pydicom.dcmread(files[0])
    got = next(pydicom.dcmread(p) for p in out.iterdir() if pydicom.dcmread(p).SOPInstanceUID == src.SOPInstanceUID)
    assert got.PixelData == src.PixelData
