"""``StorageSCP``: the workstation's DICOM receiver (C-ECHO + C-STORE into the archive).

Configurable AE title, port and bind address; runs pynetdicom's threaded server (one thread per
association) and stops cleanly. Counts what it received so a GUI or the CLI can show it.

Received bytes go through the archive's ``ReceiveQueue`` (``Archive.open_receive_queue``): the answer
waits for the bytes to be on disk, not for the database (rows follow in batches; ``stop()`` commits
them). ``fsync="batch"`` (default) fsyncs each batch before its rows commit (≤ 50 ms after the answer);
``"instance"`` fsyncs each file before answering (see ``docs/archive.md``, "Durability").
While a receiver runs, the process's GIL switch interval is 0.5 ms (``RECEIVE_SWITCH_INTERVAL_S``).
"""
from __future__ import annotations

import logging
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field

from pynetdicom import AE, evt

from .contexts import add_storage_scp_contexts
from .handlers import handle_echo, handle_store
from .guard import MessageBudget, ReceiveLimits, start_guarded_server
from .tcp import tune_connection

log = logging.getLogger(__name__)

#: Python's GIL switch interval while a receiver runs (default 5 ms). pynetdicom reads each PDU on one
#: thread and answers on another, and our row writer runs Python between them: with 5 ms a thread
#: waiting for the GIL can wait 5 ms behind a batch commit, on every such hand-over. 0.5 ms cut the
#: time per instance by ~5 % in ``benchmarks/dicom_receive.py`` (which gives the floor receiver the same).
RECEIVE_SWITCH_INTERVAL_S = 0.0005
_switch_lock = threading.Lock()
_switch_users = [0, None]  # running receivers, the interval before the first


def _lower_switch_interval() -> None:
    with _switch_lock:
        if _switch_users[0] == 0:
            _switch_users[1] = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_users[1], RECEIVE_SWITCH_INTERVAL_S))
        _switch_users[0] += 1


def _restore_switch_interval() -> None:
    with _switch_lock:
        _switch_users[0] -= 1
        if _switch_users[0] == 0 and _switch_users[1] is not None:
            sys.setswitchinterval(_switch_users[1])


@dataclass
class ReceiveStats:
    """Running totals of one SCP (thread-safe through ``add``)."""

    by_status: Counter = field(default_factory=Counter)
    associations: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, status: str) -> None:
        with self._lock:
            self.by_status[status] += 1

    @property
    def received(self) -> int:
        return sum(self.by_status.values())

    def as_dict(self) -> dict:
        with self._lock:
            return {"associations": self.associations, "received": self.received, **dict(self.by_status)}


class StorageSCP:
    """Receive images into ``archive`` as ``ae_title`` on ``host:port``.

    ``start()`` returns at once (server threads); ``stop()`` closes the socket and ends associations.
    ``require_called_aet``: refuse associations not addressed to our AE title.
    ``on_outcome(outcome, calling_aet)``: called on the association thread after each instance.
    ``fsync``: ``"instance"`` or ``"batch"`` (when received bytes are forced to disk, see module doc).
    ``commit_window_s``: how long the row writer gathers acknowledged instances before one commit.
    ``limits``: timeouts and association limits (``guard.ReceiveLimits``: a connection that does not
    associate within ``acse_timeout_s``, or an association idle for ``idle_timeout_s``, is dropped; at
    most ``max_associations`` at once, ``max_per_peer`` from one address).
    """

    def __init__(self, archive, ae_title: str = "CDSSWS", port: int = 11112, host: str = "0.0.0.0",
                 require_called_aet: bool = True, on_outcome=None, max_pdu: int = 0, fsync: str = "batch",
                 commit_window_s: float = 0.05, limits: ReceiveLimits | None = None):
        if not ae_title or len(ae_title) > 16:
            raise ValueError("AE title must be 1-16 characters")
        if not 0 < int(port) < 65536:
            raise ValueError("port must be 1-65535")
        from workstation.archive.receive_queue import FSYNC_MODES

        if fsync not in FSYNC_MODES:
            raise ValueError(f"fsync must be one of {', '.join(FSYNC_MODES)}")
        self.fsync, self.commit_window_s = fsync, float(commit_window_s)
        self._queue = None
        self.archive = archive
        self.ae_title, self.port, self.host = ae_title, int(port), host
        self.stats = ReceiveStats()
        self._on_outcome = on_outcome
        self._ae = AE(ae_title=ae_title)
        self._ae.require_called_aet = require_called_aet
        self._ae.maximum_pdu_size = max_pdu  # 0: no limit, the sender's PDU size decides
        self.limits = limits or ReceiveLimits()
        self.limits.apply(self._ae)
        add_storage_scp_contexts(self._ae)
        self._server = None

    def _outcome(self, outcome, calling_aet: str) -> None:
        self.stats.add(outcome.status)
        if self._on_outcome is not None:
            self._on_outcome(outcome, calling_aet)

    def _opened(self, event) -> None:
        with self.stats._lock:
            self.stats.associations += 1

    @property
    def pending_rows(self) -> int:
        """Instances acknowledged whose database rows are not committed yet (0 when stopped)."""
        return self._queue.pending() if self._queue is not None else 0

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> "StorageSCP":
        """Listen now; raises ``OSError`` with a readable message if the port is taken."""
        if self._server is not None:
            return self
        self._queue = self.archive.open_receive_queue(self.fsync, window_s=self.commit_window_s)
        handlers = [(evt.EVT_C_ECHO, handle_echo),
                    (evt.EVT_C_STORE, handle_store, [self._queue, self._outcome]),
                    (evt.EVT_ACCEPTED, self._opened),
                    (evt.EVT_CONN_OPEN, tune_connection),  # quick ACKs, no Nagle: see tcp.py
                    *MessageBudget().handlers()]  # no data set past the per-instance limit held in memory
        try:
            self._server = start_guarded_server(self._ae, (self.host, self.port), handlers, self.limits)
        except OSError as exc:
            self._close_queue()
            raise OSError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from exc
        _lower_switch_interval()
        log.info("DICOM SCP %s listening on %s:%d", self.ae_title, self.host, self.port)
        return self

    def stop(self) -> None:
        """Stop listening, end open associations, commit the rows still queued (idempotent)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server = None
        _restore_switch_interval()
        self._close_queue()
        log.info("DICOM SCP %s stopped: %s", self.ae_title, self.stats.as_dict())

    def _close_queue(self) -> None:
        if self._queue is not None:
            self._queue.close()
            self._queue = None

    def serve_until(self, stop: threading.Event, poll_s: float = 0.2) -> None:
        """Block until ``stop`` is set (the CLI's signal handlers set it), then stop."""
        self.start()
        try:
            while not stop.wait(poll_s):
                pass
        finally:
            self.stop()

    def __enter__(self) -> "StorageSCP":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
