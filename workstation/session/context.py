"""``AppSession``: the services the application opened once; ``PanelContext``: what a panel factory gets;
``DeferredStarts``: work that waits until the first image is on screen. No Qt."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

log = logging.getLogger(__name__)


class DeferredStarts:
    """Named start-up steps run once, in order, after the window shows its first image (``run()``, or one at a
    time with ``run_next()`` so the window paints between them): docks, background services and anything not
    visible at first. A step added while they run (a dock's own start step) joins the end of the queue; one
    added after they all ran runs at once."""

    def __init__(self) -> None:
        self._steps: list[tuple[str, Callable[[], Any]]] = []
        self.done = False
        self.held = False
        self.failures: list[tuple[str, str]] = []
        self.ran: list[str] = []  # names of the steps run so far, in order

    def hold(self) -> None:
        """A start-up sequence will ``run()`` the steps after its first image; until then the window showing
        does not (without a hold the window runs them as soon as it is shown)."""
        self.held = True

    def add(self, name: str, step: Callable[[], Any]) -> None:
        if self.done:
            self._run_one(name, step)
        else:
            self._steps.append((name, step))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._steps]

    def run_next(self) -> bool:
        """Run the next waiting step; ``False`` once none is left (then ``done``)."""
        if not self._steps:
            self.done = True
            return False
        name, step = self._steps.pop(0)
        self._run_one(name, step)
        if not self._steps:
            self.done = True
        return not self.done

    def run(self) -> list[tuple[str, str]]:
        """Run every waiting step (each at most once); returns ``(name, error)`` for those that raised."""
        while self.run_next():
            pass
        return self.failures

    def _run_one(self, name: str, step: Callable[[], Any]) -> None:
        self.ran.append(name)
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - one failing service must not stop the others
            log.exception("deferred start %s failed", name)
            self.failures.append((name, f"{type(exc).__name__}: {exc}"))


@dataclass(frozen=True)
class AppSession:
    """Built once by ``workstation.session.builder``; the window and its panels use these, never their own.

    ``archive``/``database``/``nodes``/``receiver`` are ``None`` without an archive; ``reading`` is ``None``
    when the login was cancelled or not asked for (then there are no reading panels)."""

    settings: Any  # workstation.session.settings.Settings
    archive: Any = None  # workstation.archive.Archive: the DICOM files and their index
    database: Any = None  # workstation.db.database.LocalDatabase: the app's own rows (reading, nodes)
    nodes: Any = None  # workstation.dicom_net.nodes.NodeStore
    reading: Any = None  # workstation.reading.service.ReadingService (the logged-in user's)
    sync: Any = None  # workstation.syncing.link.SyncLink (not started)
    receiver: Any = None  # workstation.session.receiver.ReceiveService (not started)
    deferred: DeferredStarts = field(default_factory=DeferredStarts)

    @property
    def user(self):
        """The logged-in ``User`` (``None`` without the reading service)."""
        return self.reading.user if self.reading is not None else None

    @cached_property
    def inference(self):
        """The session's one AI inference service (``workstation.inference_jobs.SessionInference``, made on first
        use, following the Settings; ``None`` without an archive); ``close()`` closes it."""
        if self.archive is None:
            return None
        from workstation.inference_jobs import SessionInference

        return SessionInference(self.archive, self.settings)

    def close(self) -> None:
        """Stop the services and close the stores (idempotent)."""
        inference = self.__dict__.pop("inference", None)
        if inference is not None:
            inference.close()
        if self.sync is not None:
            self.sync.stop()
        if self.receiver is not None:
            self.receiver.stop()
        if self.archive is not None:
            self.archive.close()
        if self.database is not None:
            self.database.close()


@dataclass(frozen=True)
class PanelContext:
    """What a panel factory gets: the session's services, the window's ``ViewerController``
    (``open_study``/``open_series``/``open_volume``, ``grid``), the main window, and the reading panels'
    shared ``ReadingHub`` (``None`` without the reading service)."""

    session: AppSession
    controller: Any
    main_window: Any
    hub: Any = None

    @property
    def archive(self):
        return self.session.archive

    @property
    def user(self):
        return self.session.user
