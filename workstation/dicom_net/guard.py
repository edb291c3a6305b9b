"""Keep one peer (or a few idle sockets) from locking everyone out of the receiver.

- ``acse_timeout_s``: a TCP connection must send its A-ASSOCIATE-RQ within this time (pynetdicom's
  ARTIM timer), or it is closed;
- ``idle_timeout_s``: an association that sends nothing for this long is aborted (pynetdicom's
  network timeout); ``dimse_timeout_s``: the wait for the rest of a DIMSE message;
- ``max_associations``: connections open at once (pynetdicom also refuses an A-ASSOCIATE beyond it);
- ``max_per_peer``: connections open at once from one IP address — the next one is closed as soon as it
  is accepted, before any thread or association is made for it.

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

from pynetdicom.transport import AssociationServer

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
