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

from workstation.archive.outcome import FAILED, IngestOutcome
from workstation.archive.validate import uid_problem

from .part10 import part10_bytes

log = logging.getLogger(__name__)

SUCCESS = 0x0000
#: archive outcome -> C-STORE status (PS3.4 B.2.3). Failures: the sender knows this one was not kept.
STATUS_BY_OUTCOME = {
    "stored": SUCCESS,
    "duplicate": SUCCESS,          # already archived with the same content: nothing to do, not an error
    "quarantined": 0xA900,         # same SOP Instance UID, other content: kept aside for review
    "failed": 0xC210,              # cannot understand (corrupt, unreadable, refused by validation)
    "not_dicom": 0xC210,
}
OUT_OF_RESOURCES = 0xA700
CANNOT_UNDERSTAND = 0xC210


def handle_echo(event) -> int:
    """C-ECHO: always success."""
    return SUCCESS


def _status(code: int, comment: str = "") -> Dataset:
    ds = Dataset()
    ds.Status = code
    if comment:  # LO in the default character set: ASCII only, no backslash (a header can put anything here)
        text = comment.encode("ascii", "replace").decode("ascii").replace("\\", "/")
        ds.ErrorComment = "".join(c if " " <= c <= "~" else "?" for c in text)[:64]
    return ds


def _request_problem(event) -> str | None:
    """Why the C-STORE request's own UIDs cannot be taken (non-ASCII, not a UID: they would frame the
    stored file and name its path), or ``None``."""
    request = event.request
    for name, value in (("Affected SOP Instance UID", getattr(request, "AffectedSOPInstanceUID", "")),
                        ("Affected SOP Class UID", getattr(request, "AffectedSOPClassUID", ""))):
        problem = uid_problem(name, str(value or ""))
        if problem:
            return problem
    return None


def _tell(on_outcome: Callable | None, outcome, calling: str) -> None:
    if on_outcome is not None:
        try:
            on_outcome(outcome, calling)
        except Exception:  # a broken listener must not fail the transfer
            log.exception("C-STORE listener failed")


def handle_store(event, archive, on_outcome: Callable | None = None) -> Dataset | int:
    """C-STORE: store ``event``'s dataset through ``archive.ingest_bytes`` (``archive``: an ``Archive``
    or a ``ReceiveQueue``); return the DIMSE status.

    ``on_outcome(outcome, calling_aet)`` is called after each instance (counters, progress).
    Runs on the association thread.
    """
    calling = event.assoc.requestor.ae_title if event.assoc else ""
    try:
        problem = _request_problem(event)
    except Exception as exc:  # noqa: BLE001 - a request we cannot even read: cannot understand
        problem = f"unreadable request: {type(exc).__name__}"
    if problem:  # nothing stored; a failure the sender does not retry, not "out of resources"
        log.warning("C-STORE from %s refused: %s", calling, problem)
        _tell(on_outcome, IngestOutcome(FAILED, reason=problem, source=f"dimse:{calling}"), calling)
        return _status(CANNOT_UNDERSTAND, problem)
    try:
        data = part10_bytes(event)  # = event.encoded_dataset(), without pydicom (see part10.py)
        outcome = archive.ingest_bytes(data, source=f"dimse:{calling}")
    except Exception as exc:  # storage itself broke (disk full, database gone): tell the sender
        log.exception("C-STORE from %s: could not store", calling)
        return _status(OUT_OF_RESOURCES, f"workstation could not store: {type(exc).__name__}")
    _tell(on_outcome, outcome, calling)
    code = STATUS_BY_OUTCOME.get(outcome.status, OUT_OF_RESOURCES)
    if code != SUCCESS:
        uid = outcome.sop_instance_uid or getattr(event.request, "AffectedSOPInstanceUID", "")
        log.warning("C-STORE from %s: %s %s (%s)", calling, outcome.status, uid, outcome.reason)
        return _status(code, f"{outcome.status}: {outcome.reason}")
    return SUCCESS
