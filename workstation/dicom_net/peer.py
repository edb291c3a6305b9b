"""Opening associations with remote nodes, and the one error type of this package."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from pynetdicom import AE, evt
from pynetdicom.association import Association

from .nodes import RemoteNode
from .tcp import tune_connection

log = logging.getLogger(__name__)

#: our AE title when the caller gives none
DEFAULT_AET = "CDSSWS"
TIMEOUT_S = 30


class DicomNetError(RuntimeError):
    """A readable networking failure (peer down, association rejected, failure status...)."""


def make_ae(calling_aet: str = DEFAULT_AET) -> AE:
    ae = AE(ae_title=calling_aet or DEFAULT_AET)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = TIMEOUT_S
    ae.connection_timeout = 10
    return ae


@contextlib.contextmanager
def associated(ae: AE, node: RemoteNode, **kw) -> Iterator[Association]:
    """An established association with ``node``; released (or aborted on error) on exit."""
    if not node.ae_title or not node.host or not node.port:
        raise DicomNetError(f"node {node.name!r} has no DIMSE address (AE title, host, port)")
    kw["evt_handlers"] = [*kw.get("evt_handlers", ()), (evt.EVT_CONN_OPEN, tune_connection)]  # see tcp.py
    assoc = ae.associate(node.host, int(node.port), ae_title=node.ae_title, **kw)
    if not assoc.is_established:
        why = "rejected" if assoc.is_rejected else "aborted" if assoc.is_aborted else "failed"
        raise DicomNetError(f"association with {node.ae_title}@{node.host}:{node.port} {why}")
    try:
        yield assoc
    except BaseException:
        assoc.abort()
        raise
    else:
        if assoc.is_established:
            assoc.release()


def status_text(status) -> str:
    """``0xC000 (comment)`` from a pynetdicom status dataset."""
    if status is None or "Status" not in status:
        return "no response (connection lost or timed out)"
    text = f"0x{int(status.Status):04X}"
    comment = status.get("ErrorComment")
    return f"{text} ({comment})" if comment else text
