"""C-MOVE and C-GET retrieval with progress, cancel and resume without duplicates.

Resume: with an ``archive`` given, the instance list is first asked with C-FIND (IMAGE level) and only
the instances the archive does not hold yet are requested (IMAGE level, UIDs in batches); the archive's
de-duplication makes any overlap harmless anyway. ``progress(done, total, text)`` is called from the
calling thread; ``cancel`` (a ``threading.Event``) sends a C-CANCEL and stops at the next response.
All functions here may run on a worker thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pynetdicom import evt

from .contexts import GET_MODELS, MOVE_MODELS, add_get_contexts
from .handlers import handle_store
from .nodes import RemoteNode
from .peer import DEFAULT_AET, DicomNetError, associated, make_ae, status_text
from .query import Query, find

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
BATCH = 200  # SOP Instance UIDs per IMAGE-level request


@dataclass
class RetrieveResult:
    """What a retrieval did. ``total`` counts every instance asked for, skipped ones included."""

    total: int = 0
    completed: int = 0
    failed: int = 0
    warning: int = 0
    skipped: int = 0          # already in the archive before we started
    cancelled: bool = False
    outcomes: dict[str, int] = field(default_factory=dict)  # archive outcomes (C-GET only)

    @property
    def ok(self) -> bool:
        return not self.cancelled and self.failed == 0

    def as_dict(self) -> dict:
        return {"total": self.total, "completed": self.completed, "failed": self.failed,
                "warning": self.warning, "skipped": self.skipped, "cancelled": self.cancelled,
                "outcomes": dict(self.outcomes)}


def _check_level(q: Query) -> str:
    level = q.level.upper()
    if level == "STUDY" and not q.study_uid:
        raise ValueError("retrieving a study needs its StudyInstanceUID")
    if level == "SERIES" and not (q.study_uid and q.series_uid):
        raise ValueError("retrieving a series needs its StudyInstanceUID and SeriesInstanceUID")
    if level not in ("STUDY", "SERIES"):
        raise ValueError("retrieve works at STUDY or SERIES level")
    return level


def instance_list(node: RemoteNode, q: Query, calling_aet: str) -> list[tuple[str, str]]:
    """``(series_uid, sop_uid)`` of every instance the peer has for the study/series of ``q``."""
    if q.level.upper() == "SERIES":
        series_uids = [q.series_uid]
    else:
        series_uids = [s["SeriesInstanceUID"] for s in
                       find(node, Query(level="SERIES", study_uid=q.study_uid), calling_aet)]
    out = []
    for se in series_uids:
        for inst in find(node, Query(level="IMAGE", study_uid=q.study_uid, series_uid=se), calling_aet):
            out.append((se, inst["SOPInstanceUID"]))
    return out


def stored_sop_uids(archive, series_uids) -> set[str]:
    """SOP Instance UIDs the archive already holds in these series."""
    have: set[str] = set()
    for se in set(series_uids):
        have.update(r.sop_instance_uid for r in archive.instances(se))
    return have


def _requests(node, q: Query, archive, calling_aet, result: RetrieveResult) -> list[Dataset]:
    """The identifiers to send: the whole study/series, or IMAGE-level batches of what is missing."""
    level = _check_level(q)
    whole = Dataset()
    whole.QueryRetrieveLevel = level
    whole.StudyInstanceUID = q.study_uid
    if level == "SERIES":
        whole.SeriesInstanceUID = q.series_uid
    if archive is None:
        return [whole]
    listing = instance_list(node, q, calling_aet)
    result.total = len(listing)
    have = stored_sop_uids(archive, [se for se, _ in listing])
    missing: dict[str, list[str]] = {}
    for se, sop in listing:
        if sop in have:
            result.skipped += 1
        else:
            missing.setdefault(se, []).append(sop)
    if not result.skipped:
        return [whole]
    reqs = []
    for se, sops in missing.items():
        for i in range(0, len(sops), BATCH):
            ds = Dataset()
            ds.QueryRetrieveLevel = "IMAGE"
            ds.StudyInstanceUID, ds.SeriesInstanceUID = q.study_uid, se
            ds.SOPInstanceUID = sops[i:i + BATCH]
            reqs.append(ds)
    return reqs


def _run(assoc, responses, model, result: RetrieveResult, progress: Progress | None,
         cancel: threading.Event | None, what: str, msg_id: int) -> None:
    """Walk the C-MOVE/C-GET responses of one request, updating ``result``."""
    base_done = result.completed + result.failed + result.warning
    for status, _ident in responses:
        if status is None or "Status" not in status:
            raise DicomNetError(f"{what}: {status_text(status)}")
        code = int(status.Status)
        done = sum(int(status.get(k, 0) or 0) for k in ("NumberOfCompletedSuboperations",
                                                         "NumberOfFailedSuboperations",
                                                         "NumberOfWarningSuboperations"))
        if code in (0xFF00, 0xFF01):
            remaining = int(status.get("NumberOfRemainingSuboperations", 0) or 0)
            if not result.total:
                result.total = base_done + done + remaining
            if progress:
                progress(result.skipped + base_done + done, result.total, what)
            if cancel is not None and cancel.is_set() and not result.cancelled:
                result.cancelled = True
                assoc.send_c_cancel(msg_id, query_model=model)
            continue
        result.completed += int(status.get("NumberOfCompletedSuboperations", 0) or 0)
        result.failed += int(status.get("NumberOfFailedSuboperations", 0) or 0)
        result.warning += int(status.get("NumberOfWarningSuboperations", 0) or 0)
        if code == 0xFE00:
            result.cancelled = True
        elif code not in (0x0000, 0xB000) and not result.completed:
            raise DicomNetError(f"{what} failed: {status_text(status)}")
        break


def _finish(result: RetrieveResult, progress: Progress | None, what: str) -> RetrieveResult:
    if not result.total:
        result.total = result.skipped + result.completed + result.failed + result.warning
    if progress:
        progress(result.skipped + result.completed + result.failed + result.warning, result.total, what)
    return result


def move(node: RemoteNode, q: Query, destination_aet: str, *, archive=None,
         calling_aet: str = DEFAULT_AET, progress: Progress | None = None,
         cancel: threading.Event | None = None, model: str = "study") -> RetrieveResult:
    """C-MOVE the study/series of ``q`` from ``node`` to ``destination_aet`` (usually our own SCP,
    which must be running and known to the peer). With ``archive``: skip what it already holds."""
    result = RetrieveResult()
    requests = _requests(node, q, archive, calling_aet, result)
    ae = make_ae(calling_aet)
    ae.add_requested_context(MOVE_MODELS[model])
    what = f"C-MOVE {q.level.lower()} from {node.ae_title} to {destination_aet}"
    with associated(ae, node) as assoc:
        for n, ident in enumerate(requests, start=1):
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            responses = assoc.send_c_move(ident, destination_aet, MOVE_MODELS[model], msg_id=n)
            _run(assoc, responses, MOVE_MODELS[model], result, progress, cancel, what, n)
            if result.cancelled:
                break
    log.info("%s: %s", what, result.as_dict())
    return _finish(result, progress, what)


def get(node: RemoteNode, q: Query, archive, *, calling_aet: str = DEFAULT_AET,
        progress: Progress | None = None, cancel: threading.Event | None = None,
        model: str = "study", resume: bool = True) -> RetrieveResult:
    """C-GET the study/series of ``q`` from ``node`` straight into ``archive`` (no SCP needed)."""
    result = RetrieveResult()
    requests = _requests(node, q, archive if resume else None, calling_aet, result)
    ae = make_ae(calling_aet)
    roles = add_get_contexts(ae, model)
    lock = threading.Lock()

    def counted(outcome, _calling):
        with lock:
            result.outcomes[outcome.status] = result.outcomes.get(outcome.status, 0) + 1

    handlers = [(evt.EVT_C_STORE, handle_store, [archive, counted])]
    what = f"C-GET {q.level.lower()} from {node.ae_title}"
    with associated(ae, node, ext_neg=roles, evt_handlers=handlers) as assoc:
        for n, ident in enumerate(requests, start=1):
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            responses = assoc.send_c_get(ident, GET_MODELS[model], msg_id=n)
            _run(assoc, responses, GET_MODELS[model], result, progress, cancel, what, n)
            if result.cancelled:
                break
    log.info("%s: %s", what, result.as_dict())
    return _finish(result, progress, what)
