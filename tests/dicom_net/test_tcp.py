"""TCP settings of our associations (``workstation/dicom_net/tcp.py``): no Nagle delay on what we send,
and every read re-arms quick ACKs, so a Nagle sender's last PDU never waits for a delayed ACK."""
from __future__ import annotations

import select
import socket
import sys

import pytest
from pynetdicom.sop_class import Verification

from tests.harness.peers import free_port
from workstation.dicom_net import tcp
from workstation.dicom_net.scp import StorageSCP

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux") or tcp.TCP_QUICKACK is None,
                                reason="TCP_QUICKACK is a Linux option")


@pytest.fixture
def connection():
    """A connected loopback TCP pair: (server side, client side)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    yield server, client
    server.close()
    client.close()


def _quickack(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, tcp.TCP_QUICKACK)


@linux_only
def test_every_read_rearms_quick_ack(connection):
    server, client = connection
    tuned = tcp.tune_socket(server)
    assert isinstance(tuned, tcp.QuickAckSocket)
    assert server.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    for read in (lambda: tuned.recv(4096), lambda: tuned.recv_into(bytearray(4096), 4096)):
        server.setsockopt(socket.IPPROTO_TCP, tcp.TCP_QUICKACK, 0)  # what the kernel does after an answer
        assert _quickack(server) == 0
        client.sendall(b"x" * 1000)
        assert read()
        assert _quickack(server) == 1  # the next segments are acknowledged at once


def test_tuned_socket_still_works_as_a_socket(connection):
    server, client = connection
    tuned = tcp.tune_socket(server)
    client.sendall(b"hello")
    assert select.select([tuned], [], [], 5)[0] == [tuned]  # pynetdicom polls it with select
    assert tuned.recv(5) == b"hello"
    tuned.sendall(b"world")  # everything else is the socket's own
    assert client.recv(5) == b"world"
    assert tuned.getpeername() == client.getsockname()
    tuned.shutdown(socket.SHUT_RDWR)
    tuned.close()
    assert server.fileno() == -1
    assert client.recv(10) == b""  # the peer sees the connection closed


def test_other_sockets_are_left_alone():
    a, b = socket.socketpair()  # Unix sockets: no TCP options
    try:
        assert tcp.tune_socket(a) is a
    finally:
        a.close()
        b.close()


@linux_only
def test_scp_and_scu_associations_are_tuned(tmp_path):
    """The SCP tunes what it accepts; our SCU (``peer.associated``) what it opens; C-ECHO still works."""
    from workstation.archive import Archive
    from workstation.dicom_net.nodes import RemoteNode
    from workstation.dicom_net.peer import associated, make_ae

    with Archive.open(tmp_path / "archive") as archive, \
            StorageSCP(archive, "WSTCP", free_port(), host="127.0.0.1") as scp:
        node = RemoteNode(name="self", ae_title="WSTCP", host="127.0.0.1", port=scp.port)
        ae = make_ae("TESTSCU")
        ae.add_requested_context(Verification)
        with associated(ae, node) as assoc:
            ours = assoc.dul.socket.socket
            theirs = [a.dul.socket.socket for a in scp._server.active_associations]
            assert assoc.send_c_echo().Status == 0
    assert isinstance(ours, tcp.QuickAckSocket)
    assert len(theirs) == 1 and isinstance(theirs[0], tcp.QuickAckSocket)
