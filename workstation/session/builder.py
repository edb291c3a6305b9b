"""Build the application session once, without Qt: archive and local database, login, reading service (with
the demo orders on an empty database), sync link and DICOM receive service (neither started).

    session = open_session(archive_dir, database_url, settings, login=ask_login)   # ArchiveError on a bad archive
    session = session_for_archive(archive, settings, reading=False)                 # a window without reading

``login(users: UserStore, workstation: str) -> User | None`` is asked only when local users exist (the GUI
passes its login dialog); ``None`` — cancelled — means no reading service and so no reading panels. On a fresh
install without users the reading runs as the local RIS reader ``LOCAL_USER``.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from workstation.reading.records import User
from workstation.session.context import AppSession, DeferredStarts
from workstation.session.receiver import ReceiveService
from workstation.session.settings import Settings

if TYPE_CHECKING:
    from workstation.db.database import LocalDatabase

log = logging.getLogger(__name__)

LOCAL_USER = User("local", "RIS", "Local reader (no users configured)")
#: ``CDSS_READING_DEMO=0`` keeps an empty reading database empty (no demo orders)
DEMO_ENV = "CDSS_READING_DEMO"

Login = Callable[..., "User | None"]


def open_session(archive_dir: Path | str | None = None, database_url: str | None = None,
                 settings: Settings | None = None, *, login: Login | None = None, user: User | None = None,
                 reading: bool = True, sync_url: str | None = None, seed_later: bool = False) -> AppSession:
    """Open the archive (``ArchiveError`` with a clear message when it cannot be), then everything else.
    ``seed_later``: the demo orders are seeded by the first of the session's deferred starts (after the first
    image; the worklist is built after it) instead of now."""
    from workstation.archive import Archive

    archive = Archive.open(Path(archive_dir) if archive_dir else None, database_url)
    try:
        return session_for_archive(archive, settings, login=login, user=user, reading=reading, sync_url=sync_url,
                                   seed_later=seed_later)
    except BaseException:
        archive.close()
        raise


def session_for_archive(archive, settings: Settings | None = None, *, login: Login | None = None,
                        user: User | None = None, reading: bool = True, sync_url: str | None = None,
                        seed_later: bool = False) -> AppSession:
    """The session around an open archive (``None``: no archive, no receive service, no DICOM nodes).
    ``user`` skips the login; ``reading=False`` opens no reading service; ``sync_url`` is the sync client's
    local outbox database (default ``<home>/sync.sqlite``)."""
    from workstation.syncing.link import SyncLink

    settings = settings if settings is not None else Settings()
    deferred = DeferredStarts()
    database = None
    if archive is not None:
        from workstation.db.database import LocalDatabase  # (SQLAlchemy: only where a database is opened)

        database = LocalDatabase.of_archive(archive)
    nodes = None
    if database is not None:
        from workstation.dicom_net.nodes import NodeStore

        nodes = NodeStore(database.engine)
    service = None
    if reading:
        if database is None:
            from workstation.db.database import LocalDatabase
            from workstation.reading.repository import default_database_url

            database = LocalDatabase.open(default_database_url())
        service = open_reading(database, login=login, user=user,
                               seed=(lambda step: deferred.add("demo orders", step)) if seed_later else None)
    link = SyncLink(settings, local_url=sync_url)
    if service is not None and _may_sync_orders(service):
        link.attach_reading(service.repo, service.user.username)
    receiver = ReceiveService(archive, settings) if archive is not None else None
    return AppSession(settings=settings, archive=archive, database=database, nodes=nodes, reading=service,
                      sync=link, receiver=receiver, deferred=deferred)


def open_reading(database: LocalDatabase, *, login: Login | None = None, user: User | None = None,
                 seed: Callable[[Callable[[], object]], None] | None = None):
    """The logged-in user's ``ReadingService`` on ``database``; ``None`` when users exist and nobody logged in.
    Seeds the demo orders into an empty database (unless ``CDSS_READING_DEMO=0``): now, or through ``seed``
    (given the seeding step, e.g. to run it later)."""
    from workstation.reading.audit import AuditLog
    from workstation.reading.auth import UserStore
    from workstation.reading.repository import ReadingRepository
    from workstation.reading.service import ReadingService

    repo = ReadingRepository(database.engine)
    audit = AuditLog(repo.session_factory)
    users = UserStore(repo.session_factory, audit)
    if user is None:
        if users.has_users():
            user = login(users, audit.workstation) if login is not None else None
            if user is None:
                return None
        else:
            user = LOCAL_USER
    elif not isinstance(user, User):  # anything with a username and a role
        user = User(getattr(user, "username", str(user)), str(user.role))
    if seed is None:
        seed_demo_orders(repo)
    else:
        seed(lambda: seed_demo_orders(repo))
    return ReadingService(repo, audit, user, users)


def seed_demo_orders(repo) -> list:
    """The reading layer's demo orders into an empty database, unless ``CDSS_READING_DEMO=0``; a missing demo
    study is logged, not raised."""
    if os.environ.get(DEMO_ENV, "1") == "0":
        return []
    from workstation.reading.demo_seed import seed_demo

    try:
        return seed_demo(repo)
    except (OSError, ValueError) as exc:
        log.warning("demo orders not seeded: %s", exc)
        return []


def _may_sync_orders(service) -> bool:
    """The reading store is bridged to the CDSS for users who work on the worklist (not the administrator)."""
    from workstation.reading.roles import Action

    return service.can(Action.VIEW_WORKLIST)
