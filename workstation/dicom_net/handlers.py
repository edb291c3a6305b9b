"""pynetdicom event handlers as plain functions (``apps/storescp`` style): C-ECHO and C-STORE.

``handle_store`` runs on the association's thread: it hands the raw received bytes (never decoded here,
framed as a Part 10 file by ``part10.part10_bytes``)
to a durable ``ingest_bytes`` (the archive's, or its ``ReceiveQueue``'s) and turns the archive's outcome into a DIMSE status. It never
raises: anything unexpected becomes a failure status with a short comment, and the association goes on.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from pydicom.dataset import Dataset

from .part10 import part10_bytes

log = logging.getLogger(__name__)

SUCCESS = 0x0000
#: archive outcome -> C-STORE status (PS3.4 B.2.3). Failures: the sender knows this one was not kept.
STATUS_BY_OUTCOME = {
    "stored": SUCCESS,
    "duplicate": SUCCESS,          # already archived with the same content: nothing to do, not an error
    "quarantined": 0xA900,         # same SOP Instance UID, other content: kept aside for review
    "failed": 0xC210,              # cannot understand (corrupt / unreadable)
    "not_dicom": 0xC210,
}
OUT_OF_RESOURCES = 0xA700


def handle_echo(event) -> int:
    """C-ECHO: always success."""
    return SUCCESS


def _status(code: int, comment: str = "") -> Dataset:
    ds = Dataset()
    ds.Status = code
    if comment:
        ds.ErrorComment = comment.replace("\\", "/")[:64]
    return ds


def handle_store(event, archive, on_outcome: Callable | None = None) -> Dataset | int:
    """C-STORE: store ``event``'s dataset through ``archive.ingest_bytes`` (``archive``: an ``Archive``
    or a ``ReceiveQueue``); return the DIMSE status.

    ``on_outcome(outcome, calling_aet)`` is called after each instance (counters, progress).
    Runs on the association thread.
    """
    calling = event.assoc.requestor.ae_title if event.assoc else ""
    try:
        data = part10_bytes(event)  # = event.encoded_dataset(), without pydicom (see part10.py)
        outcome = archive.ingest_bytes(data, source=f"dimse:{calling}")
    except Exception as exc:  # storage itself broke (disk full, database gone): tell the sender
        log.exception("C-STORE from %s: could not store", calling)
        return _status(OUT_OF_RESOURCES, f"workstation could not store: {type(exc).__name__}")
    if on_outcome is not None:
        try:
            on_outcome(outcome, calling)
        except Exception:  # a broken listener must not fail the transfer
            log.exception("C-STORE listener failed")
    code = STATUS_BY_OUTCOME.get(outcome.status, OUT_OF_RESOURCES)
    if code != SUCCESS:
        uid = outcome.sop_instance_uid or getattr(event.request, "AffectedSOPInstanceUID", "")
        log.warning("C-STORE from %s: %s %s (%s)", calling, outcome.status, uid, outcome.reason)
        return _status(code, f"{outcome.status}: {outcome.reason}")
    return SUCCESS
