"""Our C-STORE SCP against real senders: dcmtk storescu and pynetdicom."""
from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pydicom
import pytest
from pynetdicom import AE
from pynetdicom.sop_class import MRImageStorage

from tests.harness.peers import free_port, require_binary
from workstation.archive import Archive
from workstation.dicom_net.nodes import RemoteNode
from workstation.dicom_net.query import echo
from workstation.dicom_net.scp import StorageSCP

AET = "WSTEST"


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive") as a:
        yield a


@pytest.fixture
def scp(archive):
    server = StorageSCP(archive, AET, free_port(), host="127.0.0.1")
    with server:
        yield server


def _storescu(port: int, files, *extra) -> subprocess.CompletedProcess:
    exe = require_binary("storescu", "dcmtk")
    return subprocess.run([exe, "-v", "-aet", "DCMTK", "-aec", AET, *extra, "127.0.0.1", str(port), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def _stored_uids(archive, series_uid) -> list[str]:
    return [r.sop_instance_uid for r in archive.instances(series_uid)]


@pytest.mark.dcmtk
def test_storescu_whole_series_lands_in_archive(scp, archive, epi_files, epi_header):
    run = _storescu(scp.port, epi_files, "--scan-directories")
    assert run.returncode == 0, run.stderr
    uids = _stored_uids(archive, epi_header.SeriesInstanceUID)
    expected = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID) for p in epi_files}
    assert sorted(uids) == sorted(expected) and len(uids) == 150
    stored = archive.read_dataset(uids[0])
    assert stored.PatientID == epi_header.PatientID
    assert scp.stats.as_dict()["stored"] == 150 and scp.stats.associations == 1
    # sending it all again: duplicates, still one copy each, success for the sender
    run = _storescu(scp.port, epi_files[:10])
    assert run.returncode == 0, run.stderr
    assert len(_stored_uids(archive, epi_header.SeriesInstanceUID)) == 150
    assert scp.stats.as_dict()["duplicate"] == 10


def test_compressed_transfer_syntaxes_are_accepted(scp, archive, shared_data):
    """Each file goes in its own syntax (our send_files proposes it as is); stored byte-faithful."""
    from workstation.dicom_net.send import send_files

    files = sorted((shared_data / "mr_siemens_transfer_syntaxes/dicom").glob("*.dcm"))
    files += [shared_data / "pydicom_codec_samples/pydicom" / n for n in ("CT_small.dcm", "JPEG-lossy.dcm")]
    result = send_files(RemoteNode("me", AET, "127.0.0.1", scp.port), files, calling_aet="SENDER")
    assert result.ok and result.sent == len(files), result.as_dict()
    sent_ts = {}
    for f in files:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        sent_ts[str(ds.SOPInstanceUID)] = str(ds.file_meta.TransferSyntaxUID)
    stored_ts = {}
    for se in {str(pydicom.dcmread(f, stop_before_pixels=True).SeriesInstanceUID) for f in files}:
        stored_ts.update({r.sop_instance_uid: r.transfer_syntax_uid for r in archive.instances(se)})
    assert stored_ts == sent_ts  # every instance kept, in the syntax it came in
    assert {"1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2"} <= set(sent_ts.values())


@pytest.mark.dcmtk
def test_corrupt_dataset_gets_failure_status_and_the_rest_is_stored(scp, archive, epi_files, epi_header,
                                                                   tmp_path):
    good = epi_files[:5]
    bad = tmp_path / "bad.dcm"
    ds = pydicom.dcmread(epi_files[5])
    ds.Rows = ds.Rows * 2  # header says 128 rows, pixel data holds 64: a broken modality's image
    ds.save_as(bad)
    run = _storescu(scp.port, [good[0], good[1], bad, good[2], good[3], good[4]], "--no-halt")
    out = run.stdout + run.stderr
    assert "Received Store Response (Error: CannotUnderstand)" in out, out
    uids = _stored_uids(archive, epi_header.SeriesInstanceUID)
    expected = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID) for p in good}
    assert set(uids) == expected
    assert scp.stats.as_dict().get("failed", 0) == 1


def test_aborted_association_then_retry_completes_without_duplicates(scp, archive, epi_files, epi_header):
    datasets = [pydicom.dcmread(p) for p in epi_files[:30]]
    ae = AE(ae_title="SENDER")
    ae.add_requested_context(MRImageStorage, datasets[0].file_meta.TransferSyntaxUID)
    assoc = ae.associate("127.0.0.1", scp.port, ae_title=AET)
    assert assoc.is_established
    for ds in datasets[:12]:
        assert assoc.send_c_store(ds).Status == 0
    assoc.abort()
    assert len(_stored_uids(archive, epi_header.SeriesInstanceUID)) == 12

    assoc = ae.associate("127.0.0.1", scp.port, ae_title=AET)
    statuses = [assoc.send_c_store(ds).Status for ds in datasets]
    assoc.release()
    assert statuses == [0] * 30
    uids = _stored_uids(archive, epi_header.SeriesInstanceUID)
    assert len(uids) == len(set(uids)) == 30
    assert scp.stats.as_dict()["duplicate"] == 12


def test_echo_scp_and_wrong_called_aet(scp):
    assert echo(RemoteNode("me", AET, "127.0.0.1", scp.port), "ANYONE") < 5
    from workstation.dicom_net.peer import DicomNetError

    with pytest.raises(DicomNetError, match="rejected"):
        echo(RemoteNode("me", "NOTME", "127.0.0.1", scp.port), "ANYONE")


def test_port_in_use_is_a_readable_error(archive, scp):
    with pytest.raises(OSError, match="cannot listen"):
        StorageSCP(archive, AET, scp.port, host="127.0.0.1").start()


@pytest.mark.dcmtk
def test_parallel_senders_overlapping_instances_one_copy_each(scp, archive, epi_files, epi_header):
    exe = require_binary("storescu", "dcmtk")
    halves = [epi_files[:90], epi_files[60:]]  # 30 instances sent by both at about the same time
    procs = [subprocess.Popen([exe, "-aet", f"MOD{i}", "-aec", AET, "127.0.0.1", str(scp.port), *map(str, h)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i, h in enumerate(halves)]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    uids = _stored_uids(archive, epi_header.SeriesInstanceUID)
    assert len(uids) == len(set(uids)) == 150
    stats = scp.stats.as_dict()
    assert stats["associations"] == 2 and stats["stored"] == 150 and stats["duplicate"] == 30


@pytest.mark.dcmtk
@pytest.mark.mariadb
def test_storescu_into_an_archive_on_mariadb(tmp_path, mariadb_url, epi_files, epi_header):
    with Archive.open(tmp_path / "a", mariadb_url) as archive, \
            StorageSCP(archive, AET, free_port(), host="127.0.0.1") as server:
        run = _storescu(server.port, epi_files[:25])
        assert run.returncode == 0, run.stderr
        assert len(_stored_uids(archive, epi_header.SeriesInstanceUID)) == 25
