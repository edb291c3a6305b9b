"""Peers for the DICOM networking tests: one Orthanc that knows our AE (C-MOVE destination)."""
from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from tests.harness.orthanc import OrthancServer
from tests.harness.peers import free_port
from workstation.dicom_net.nodes import RemoteNode

OUR_AET = "CDSSTEST"
EPI = "mr_ge_mr750_epi_axial/dicom"


@pytest.fixture(scope="session")
def scp_port() -> int:
    """The port our SCP listens on whenever Orthanc must reach it (C-MOVE destination)."""
    return free_port()


@pytest.fixture(scope="session")
def epi_files(shared_data) -> list[Path]:
    """150 real GE EPI MR files (64x64, one series)."""
    return sorted((shared_data / EPI).glob("*.dcm"))


@pytest.fixture(scope="session")
def pacs(tmp_path_factory, scp_port, shared_data, epi_files):
    """Orthanc with our AE registered and two studies loaded: the GE EPI series and pydicom's CT_small."""
    server = OrthancServer(tmp_path_factory.mktemp("pacs"), modalities={"ws": (OUR_AET, "127.0.0.1", scp_port)})
    server.start()
    for p in epi_files[:40]:
        server.upload(p)
    server.upload(shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pacs_node(pacs) -> RemoteNode:
    return RemoteNode("pacs", pacs.aet, "127.0.0.1", pacs.dicom_port, pacs.dicomweb_url,
                      pacs.user, pacs.password)


@pytest.fixture(scope="session")
def epi_header(epi_files) -> pydicom.Dataset:
    return pydicom.dcmread(epi_files[0], stop_before_pixels=True)
