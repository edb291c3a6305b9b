"""Keep one peer (or a few idle sockets) from locking everyone out of the receiver.

- ``acse_timeout_s``: a TCP connection must send its A-ASSOCIATE-RQ within this time (pynetdicom's
  ARTIM timer), or it is closed;
- ``idle_timeout_s``: an association that sends nothing for this long is aborted (pynetdicom's
  network timeout); ``dimse_timeout_s``: the wait for the rest of a DIMSE message;
- ``max_associations``: connections open at once (pynetdicom also refuses an A-ASSOCIATE beyond it);
- ``max_per_peer``: connections open at once from one IP address — the next one is closed as soon as it
  is accepted, before any thread or association is made for it;
- ``MessageBudget``: pynetdicom gathers a whole data set in memory before our C-STORE handler sees it, so
  an association whose one message grows past the per-instance limit (``CDSS_MAX_INSTANCE_BYTES``) plus
  1 MiB is aborted while it is still arriving.

The server is pynetdicom's ``AssociationServer`` with ``verify_request`` (socketserver's hook, called
for each accepted socket) counting the live associations by address. Each accepted socket's
association thread is created on the accepting thread (pynetdicom's non-threaded ``process_request``:
it only builds the association and starts its thread), so the count is exact when the next socket
is checked.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from pynetdicom import evt
from pynetdicom.transport import AssociationServer

from viewer.io.limits import ENV_LIMIT, instance_limit

log = logging.getLogger(__name__)


@dataclass
class ReceiveLimits:
    acse_timeout_s: float = 10.0
    dimse_timeout_s: float = 30.0
    idle_timeout_s: float = 60.0
    max_associations: int = 32
    max_per_peer: int = 8

    def apply(self, ae) -> None:
        """Set the timeouts and the association limit on a pynetdicom ``AE``."""
        ae.acse_timeout = self.acse_timeout_s
        ae.dimse_timeout = self.dimse_timeout_s
        ae.network_timeout = self.idle_timeout_s
        ae.maximum_associations = self.max_associations


class GuardedServer(AssociationServer):
    """An association server that refuses a connection when its peer (or everyone) has too many open."""

    limits: ReceiveLimits = ReceiveLimits()
    refused = 0

    def verify_request(self, request, client_address) -> bool:  # socketserver hook, accepting thread
        host = client_address[0] if isinstance(client_address, tuple) else str(client_address)
        live = self.active_associations
        if len(live) >= self.limits.max_associations:
            why = f"{len(live)} associations open (limit {self.limits.max_associations})"
        elif sum(1 for a in live if _peer(a) == host) >= self.limits.max_per_peer:
            why = f"{host} has {self.limits.max_per_peer} associations open (limit per peer)"
        else:
            return True
        self.refused += 1
        log.warning("DICOM receiver: connection from %s refused: %s", host, why)
        return False


def _peer(assoc) -> str:
    try:
        return assoc.requestor.address
    except Exception:  # noqa: BLE001 - an association still being set up
        return ""


def start_guarded_server(ae, address: tuple[str, int], handlers: list, limits: ReceiveLimits) -> GuardedServer:
    """Listen on ``address`` with ``ae``'s contexts and ``handlers``; serve on a daemon thread.
    ``server.shutdown()`` stops it. Raises ``OSError`` when the address cannot be bound."""
    server = ae.make_server(address, evt_handlers=handlers, server_class=GuardedServer)
    server.limits = limits
    thread = threading.Thread(target=server.serve_forever, name=f"DicomReceiver@{address[1]}", daemon=True)
    thread.start()
    ae._servers.append(server)  # pynetdicom's own bookkeeping (AssociationServer.shutdown removes it)
    return server


class MessageBudget:
    """Abort an association whose current DIMSE message has brought more than ``limit`` bytes (default:
    the per-instance limit + 1 MiB), and close one that announces a single PDU longer than that (pynetdicom
    would read it whole before any handler runs). Handlers run on the association's threads."""

    def __init__(self, limit: int | None = None):
        self.limit = limit if limit is not None else instance_limit() + (1 << 20)

    def handlers(self) -> list:
        return [(evt.EVT_CONN_OPEN, self._cap_pdu), (evt.EVT_DATA_RECV, self._data),
                (evt.EVT_DIMSE_RECV, self._message_done)]

    def _cap_pdu(self, event) -> None:
        """Refuse to read a PDU longer than the limit: the read comes back empty, which pynetdicom treats
        as a connection closed mid-PDU (Evt17)."""
        sock = event.assoc.dul.socket
        read, limit = sock.recv, self.limit

        def recv(nr_bytes: int):
            if nr_bytes > limit:
                log.warning("DICOM receiver: %s announced a %d-byte PDU (over the per-instance limit, %s): "
                            "connection closed", _peer(event.assoc), nr_bytes, ENV_LIMIT)
                sock.close()
                return bytearray()
            return read(nr_bytes)

        sock.recv = recv

    def _data(self, event) -> None:
        assoc = event.assoc
        received = getattr(assoc, "_cdss_message_bytes", 0) + len(event.data)
        assoc._cdss_message_bytes = received
        if received > self.limit and not getattr(assoc, "_cdss_over_budget", False):
            assoc._cdss_over_budget = True
            log.warning("DICOM receiver: a message from %s passed %d bytes (the per-instance limit, %s): "
                        "association aborted", _peer(assoc), self.limit, ENV_LIMIT)
            assoc.abort(block=False)

    @staticmethod
    def _message_done(event) -> None:
        event.assoc._cdss_message_bytes = 0
