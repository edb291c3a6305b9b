"""Remote nodes in the archive settings, and passwords that never reach a log line."""
from __future__ import annotations

import io
import logging

import pytest

from workstation.archive import Archive
from workstation.dicom_net.nodes import NodeStore, RemoteNode
from workstation.dicom_net.redact import RedactingFilter, install, register_secret

SECRET = "S3cr3t-pw-7781"


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive") as a:
        yield a


def test_nodes_saved_in_the_archive_survive_reopening(tmp_path):
    node = RemoteNode("pacs", "ORTHANC", "10.0.0.5", 4242, "https://pacs/dicom-web", "reader", SECRET)
    with Archive.open(tmp_path / "a") as archive:
        NodeStore(archive.engine).save(node)
        NodeStore(archive.engine).save(RemoteNode("ct", "CT01", "10.0.0.9", 104))
    with Archive.open(tmp_path / "a") as archive:
        store = NodeStore(archive.engine)
        assert [n.name for n in store.list()] == ["ct", "pacs"]
        assert store.get("pacs") == node
        store.save(RemoteNode("pacs", "ORTHANC", "10.0.0.6", 4243))  # update by name
        assert (store.get("pacs").host, store.get("pacs").port, store.get("pacs").password) == ("10.0.0.6", 4243, "")
        assert store.delete("ct") and not store.delete("ct")
        with pytest.raises(KeyError, match="known: pacs"):
            store.get("ct")


@pytest.mark.mariadb
def test_nodes_in_mariadb(mariadb_url, tmp_path):
    with Archive.open(tmp_path / "a", mariadb_url) as archive:
        NodeStore(archive.engine).save(RemoteNode("pacs", "ORTHANC", "pacs.local", 11112))
        assert NodeStore(archive.engine).get("pacs").port == 11112


@pytest.mark.parametrize("bad, why", [
    (RemoteNode(""), "name"),
    (RemoteNode("x"), "AE title"),
    (RemoteNode("x", "A" * 17, "h", 104), "1-16"),
    (RemoteNode("x", "AE", "", 104), "host"),
    (RemoteNode("x", "AE", "h", 70000), "port"),
    (RemoteNode("x", dicomweb_url="ftp://x"), "http"),
])
def test_invalid_nodes_are_refused_with_a_reason(archive, bad, why):
    with pytest.raises(ValueError, match=why):
        NodeStore(archive.engine).save(bad)
    assert NodeStore(archive.engine).list() == []


def test_node_text_never_shows_the_password():
    node = RemoteNode("pacs", "ORTHANC", "h", 1, "http://h/dicom-web", "reader", SECRET)
    assert SECRET not in repr(node) and SECRET not in node.describe() and "password=set" in node.describe()


def test_logs_are_redacted():
    stream = io.StringIO()
    logger = logging.getLogger("cdss-test-redaction")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        install(logger)
        register_secret(SECRET)
        logger.info("connecting with %s", SECRET)
        logger.info("database mysql+pymysql://cdss:db-pass-1@127.0.0.1/archive ready")
        logger.info("headers {'Authorization': 'Basic dXNlcjpwYXNzd29yZA=='}")
        logger.warning("login failed password=hunter2x for reader")
        try:
            raise RuntimeError(f"auth with {SECRET} refused")
        except RuntimeError:
            logger.exception("DICOMweb call failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    for leaked in (SECRET, "db-pass-1", "dXNlcjpwYXNzd29yZA", "hunter2x"):
        assert leaked not in text
    # the rest of each message is still there
    for kept in ("connecting with ***", "cdss:***@127.0.0.1/archive", "Basic ***", "for reader",
                 "RuntimeError: auth with *** refused"):
        assert kept in text


def test_filter_keeps_records_and_plain_messages():
    rec = logging.LogRecord("x", logging.INFO, __file__, 1, "stored %d instances", (5,), None)
    assert RedactingFilter().filter(rec) and rec.getMessage() == "stored 5 instances"
