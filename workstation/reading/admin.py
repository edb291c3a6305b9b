"""Helpers for the command line (users, audit): open the reading store and log an administrator in."""
from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from pathlib import Path

from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.errors import ReadingError
from workstation.reading.records import User
from workstation.reading.repository import ReadingRepository, default_database_url
from workstation.reading.roles import Action, PermissionDenied
from workstation.reading.service import ReadingService


@dataclass
class AdminContext:
    repo: ReadingRepository
    audit: AuditLog
    users: UserStore


def open_admin(archive_dir: Path | None, database: str | None) -> AdminContext:
    repo = ReadingRepository.open(database or default_database_url(archive_dir))
    audit = AuditLog(repo.session_factory)
    return AdminContext(repo, audit, UserStore(repo.session_factory, audit))


def read_password(prompt: str, from_stdin: bool, confirm: bool = False) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != pw:
        raise ReadingError("the passwords differ")
    return pw


def login_service(ctx: AdminContext, username: str | None, password: str, action: Action) -> ReadingService:
    """Log ``username`` in (audited) and check that the role may do ``action``."""
    if not username:
        raise PermissionDenied("log in with --admin NAME (a SYSTEMMANAGER)")
    user: User = ctx.users.authenticate(username, password, ctx.audit.workstation + " (cli)")
    svc = ReadingService(ctx.repo, ctx.audit, user, ctx.users, ctx.audit.workstation + " (cli)")
    svc.check(action)
    return svc
