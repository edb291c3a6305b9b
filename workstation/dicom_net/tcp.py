"""TCP settings for our DICOM associations: acknowledge received data at once, send without Nagle delay.

Why (measured, ``docs/dicom_net.md``, Benchmark): dcmtk-based senders (``storescu``, and the many modality
and PACS stacks built on dcmtk) keep Nagle's algorithm on and write a C-STORE as a 128 KB PDU followed by
a smaller one. Once we have answered a C-STORE, Linux treats the connection as interactive and delays
its ACKs (up to 40 ms, hoping to ride on our next answer); the sender's smaller PDU then waits for that
ACK. With a plain pynetdicom receiver ~1 instance in 8 stalled 40 ms. Re-arming ``TCP_QUICKACK`` after
every read (Linux; the option does not stick) makes the kernel acknowledge at once: the same sender runs
~1.6x faster into a plain pynetdicom receiver, with no change on the sender's side.

``TCP_NODELAY`` on our side does the same for what *we* send (C-STORE sub-operations of a C-GET or a
send to a remote node, the answers of our SCP).

``tune_connection`` is a pynetdicom ``EVT_CONN_OPEN`` handler: bind it on every association (acceptor
and requestor). TLS sockets are left as they are.
"""
from __future__ import annotations

import logging
import socket

log = logging.getLogger(__name__)

TCP_QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux only


class QuickAckSocket:
    """A connected TCP socket whose reads re-arm ``TCP_QUICKACK``; everything else is the socket's own.

    pynetdicom reads through ``recv``; ``select`` uses ``fileno()``; closing goes through ``__getattr__``.
    """

    __slots__ = ("_sock", "_setopt")

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._setopt = sock.setsockopt

    def recv(self, bufsize: int, *flags) -> bytes:
        data = self._sock.recv(bufsize, *flags)
        if data:
            self._quickack()
        return data

    def recv_into(self, buffer, nbytes: int = 0, *flags) -> int:
        got = self._sock.recv_into(buffer, nbytes, *flags)
        if got:
            self._quickack()
        return got

    def _quickack(self) -> None:
        try:
            self._setopt(socket.IPPROTO_TCP, TCP_QUICKACK, 1)
        except OSError:  # closed under us: the next read reports it
            pass

    def fileno(self) -> int:
        return self._sock.fileno()

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def __repr__(self) -> str:
        return f"QuickAckSocket({self._sock!r})"


def tune_socket(sock):
    """``sock`` with ``TCP_NODELAY`` set, wrapped to re-arm ``TCP_QUICKACK`` where the system has it.
    Returns ``sock`` itself for anything but a plain connected TCP socket (TLS, Unix sockets, wrapped)."""
    if type(sock) is not socket.socket or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return sock
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if TCP_QUICKACK is None:
            return sock
        sock.setsockopt(socket.IPPROTO_TCP, TCP_QUICKACK, 1)
    except OSError as exc:  # not fatal: the association works, only slower
        log.debug("TCP options not set: %s", exc)
        return sock
    return QuickAckSocket(sock)


def tune_connection(event) -> None:
    """pynetdicom ``EVT_CONN_OPEN`` handler: tune the association's socket (see module doc)."""
    transport = getattr(getattr(event.assoc, "dul", None), "socket", None)
    if transport is not None and getattr(transport, "socket", None) is not None:
        transport.socket = tune_socket(transport.socket)
