"""The C-STORE receiver against hostile peers, with real sockets, dcmtk and pynetdicom senders:
traversal and non-ASCII UIDs get a failure status the sender does not retry and store nothing outside
the archive; deflate bombs are refused with bounded memory; idle connections cannot lock others out."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import MRImageStorage, Verification

from tests.harness.peers import free_port, require_binary, wait_until
from tests.security.hostile import EPI, deflate_bomb, fresh, raw_encode, tree_outside
from workstation.archive import Archive
from workstation.dicom_net.guard import ReceiveLimits
from workstation.dicom_net.scp import StorageSCP

pytestmark = [pytest.mark.filterwarnings("ignore::UserWarning"), pytest.mark.dcmtk]
ROOT = Path(__file__).resolve().parents[2]
AET = "CDSSSEC"


@pytest.fixture
def epi(shared_data) -> list[Path]:
    return sorted((shared_data / EPI).glob("*.dcm"))


def test_hostile_uids_get_a_failure_status_and_nothing_leaves_the_archive(tmp_path, epi):
    exe = require_binary("storescu", "dcmtk")
    sent = tmp_path / "sent"
    sent.mkdir()
    bad = {"nonascii_sop": {"SOPInstanceUID": "1.2.3.\u00e9"}, "dotdot_study": {"StudyInstanceUID": ".."},
           "dot_series": {"SeriesInstanceUID": "."}, "dotdot_sop": {"SOPInstanceUID": ".."},
           "abs_series": {"SeriesInstanceUID": "/tmp/cdss-escape"}, "long_study": {"StudyInstanceUID": "1." * 40}}
    for i, (name, change) in enumerate(bad.items()):
        (sent / f"{name}.dcm").write_bytes(raw_encode(fresh(epi[i], **change)))
    for i in range(3):
        (sent / f"good{i}.dcm").write_bytes(raw_encode(fresh(epi[10 + i])))
    archive_dir = tmp_path / "work" / "archive"
    archive_dir.parent.mkdir()
    before = tree_outside(tmp_path, archive_dir)
    port = free_port()
    with Archive.open(archive_dir) as archive, StorageSCP(archive, AET, port, host="127.0.0.1"):
        run = subprocess.run([exe, "-aec", AET, "--no-halt", "-v", "127.0.0.1", str(port),
                              *map(str, sorted(sent.iterdir()))], capture_output=True, text=True, timeout=120)
        log = run.stdout + run.stderr
        assert log.count("Error: CannotUnderstand") == len(bad), log
        assert "OutOfResources" not in log and "Refused" not in log
        assert archive.counts()["instances"] == 3
    assert tree_outside(tmp_path, archive_dir) == before
    for p in (archive_dir / "store").rglob("*.dcm"):
        assert all(part.replace(".dcm", "").replace(".", "").isdigit() for part in p.relative_to(
            archive_dir / "store").parts)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_three_deflate_bombs_at_once_are_refused_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.dcm"
    bomb.write_bytes(deflate_bomb(1024 ** 3))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "scp", "--aet", AET, "--port",
                             str(port), "--bind", "127.0.0.1", "--archive", str(tmp_path / "archive")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0
        wait_until(up, timeout=60, what="scp listening")
        statuses: list = []

        def send() -> None:
            ae = AE()
            ae.add_requested_context(MRImageStorage, "1.2.840.10008.1.2.1.99")
            assoc = ae.associate("127.0.0.1", port, ae_title=AET)
            assert assoc.is_established
            statuses.append(assoc.send_c_store(bomb).Status)
            assoc.release()

        senders = [threading.Thread(target=send) for _ in range(3)]
        for t in senders:
            t.start()
        for t in senders:
            t.join(120)
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert statuses == [0xC210] * 3, statuses
    assert peak < 600, f"receiver peak {peak:.0f} MB with three 1 GiB deflate bombs"
    assert "Traceback" not in err


def _echo_from(host: str, port: int, timeout: float = 5.0) -> bool:
    ae = AE()
    ae.add_requested_context(Verification)
    ae.acse_timeout = ae.network_timeout = timeout
    assoc = ae.associate("127.0.0.1", port, ae_title=AET, bind_address=(host, 0))
    if not assoc.is_established:
        return False
    ok = assoc.send_c_echo().Status == 0
    assoc.release()
    return ok


def test_idle_connections_do_not_lock_everyone_out(tmp_path):
    limits = ReceiveLimits(acse_timeout_s=2.0, idle_timeout_s=2.0, max_associations=16, max_per_peer=4)
    port = free_port()
    with Archive.open(tmp_path / "archive") as archive, \
            StorageSCP(archive, AET, port, host="127.0.0.1", limits=limits):
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]  # connect, say nothing
        time.sleep(0.5)
        closed = 0
        for s in idle:
            s.settimeout(0.2)
            try:
                closed += s.recv(1) == b""
            except socket.timeout:
                pass
        assert closed >= 16, f"only {closed} of 20 idle connections from one peer were refused"
        t0 = time.monotonic()
        assert _echo_from("127.0.0.2", port), "another peer was locked out by one peer's idle connections"
        assert time.monotonic() - t0 < 3
        # dcmtk echoscu from the busy peer is served again once its idle connections time out
        exe = require_binary("echoscu", "dcmtk")
        wait_until(lambda: subprocess.run([exe, "-aec", AET, "-to", "5", "127.0.0.1", str(port)],
                                          capture_output=True, timeout=30).returncode == 0,
                   timeout=limits.acse_timeout_s + 8, interval=0.5, what="echoscu served after the idle timeout")
        for s in idle:
            s.close()


def test_a_data_set_past_the_limit_is_cut_off_while_it_arrives(tmp_path, epi):
    """pynetdicom gathers a whole data set before our handler runs: the receiver aborts the association
    once one message passes the per-instance limit, so its memory never holds the rest."""
    big = fresh(epi[0])
    big.Rows, big.Columns, big.NumberOfFrames = 2048, 2048, 12
    big.PixelData = bytes(2048 * 2048 * 2 * 12)  # 96 MiB, over a 20 MiB limit
    path = tmp_path / "big.dcm"
    path.write_bytes(raw_encode(big))
    del big
    small = tmp_path / "small.dcm"
    small.write_bytes(raw_encode(fresh(epi[1])))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "scp", "--aet", AET, "--port",
                             str(port), "--bind", "127.0.0.1", "--archive", str(tmp_path / "archive")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CDSS_MAX_INSTANCE_BYTES": str(20 * 1024 ** 2)})
    try:
        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0
        wait_until(up, timeout=60, what="scp listening")
        ae = AE()
        ae.add_requested_context(MRImageStorage)
        assoc = ae.associate("127.0.0.1", port, ae_title=AET)
        assert assoc.send_c_store(small).Status == 0
        baseline = _peak_rss_mb(proc.pid)
        status = assoc.send_c_store(path)
        assert not status or "Status" not in status, "the oversized data set was answered, not cut off"
        assert assoc.is_aborted or not assoc.is_established
        # dcmtk sends it in 16 KiB PDUs: the message, not one PDU, passes the limit
        run = subprocess.run([require_binary("storescu", "dcmtk"), "-aec", AET, "127.0.0.1", str(port), str(path)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode != 0
        peak = _peak_rss_mb(proc.pid)
        assert _echo_from("127.0.0.1", port)  # the receiver serves the next association
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert peak < baseline + 60, f"receiver peak {peak:.0f} MB (from {baseline:.0f} MB) for a 96 MiB data set"
    assert "per-instance limit" in err and "Traceback" not in err
