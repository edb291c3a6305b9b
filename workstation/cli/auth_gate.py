"""The login gate of the command-line commands that read the archive's patient data (``list``, ``export``,
``render`` and ``inspect`` of files inside the archive): the same users, roles and audit log as the window.

When local users exist, a command runs only for a logged-in user whose role allows it, and writes an audit
row like the window does. The user is found, in this order:

1. ``--user NAME [--password-stdin]`` where the command's parser has them (``add_login_options``);
2. a session started by ``cdss-workstation login`` (its token's hash is a row of the audit chain; the
   session ends with ``login --end``, after ``SESSION_HOURS``, or when the user's role, password or
   activation changes);
3. ``CDSS_USER=<name>`` with the password read from standard input when ``CDSS_PASSWORD_STDIN=1``, else
   prompted for on the terminal;
4. on a terminal, a prompt for the user name and the password.

With no users at all (a fresh install) the command runs as the local reader ``local`` and is still
audited, as the window does. ``inspect``/``render`` of files outside the archive read only what the OS
account can already read: no login and no audit row (see docs/security.md).
"""
from __future__ import annotations

import getpass
import hashlib
import json
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from workstation.reading.errors import ReadingError
from workstation.reading.records import User
from workstation.reading.roles import Action, PermissionDenied, require


class _LazyAudit:
    """``workstation.reading.audit`` (SQLAlchemy) imported on first use: ``inspect``/``render`` of files
    outside the archive import this module but never gate, and must start light (CONTRIBUTING.md)."""

    def __getattr__(self, name: str):
        from workstation.reading import audit

        return getattr(audit, name)


A = _LazyAudit()
SESSION_HOURS = 8
SESSION_ACTION = "cli_session"
SESSION_END = "cli_session_end"
LOCAL_USER = User("local", "RIS", "Local reader (no users configured)")
#: exit code of a command refused by the gate (not logged in, wrong password, role not allowed)
DENIED = 3


@dataclass
class Access:
    user: User
    audit: "A.AuditLog"
    workstation: str

    def record(self, action: str, target: str = "", patient_number: str = "", detail: str = "") -> None:
        """One more audit row for this command (e.g. each study exported)."""
        self.audit.append(self.user.username, action, target, patient_number, detail, self.workstation)


def database_url(args) -> str:
    """The reading tables' database for a command's ``--archive``/``--database`` (absent: the default)."""
    from workstation.reading.repository import default_database_url

    return getattr(args, "database", None) or default_database_url(getattr(args, "archive", None))


def inside_archive(paths, args=None) -> bool:
    """Whether any of ``paths`` lies inside the archive folder (then the gate applies)."""
    from workstation.paths import default_archive_dir

    root = Path(getattr(args, "archive", None) or default_archive_dir()).resolve()
    for p in paths:
        try:
            Path(p).resolve().relative_to(root)
            return True
        except (ValueError, OSError):
            continue
    return False


def _session_file() -> Path:
    from workstation.paths import home_dir

    return home_dir() / "cli-session.json"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _sessions() -> dict:
    try:
        return json.loads(_session_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_sessions(data: dict) -> None:
    path = _session_file()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def _open(url: str):
    from workstation.reading.audit import AuditLog
    from workstation.reading.auth import UserStore
    from workstation.reading.repository import ReadingRepository

    repo = ReadingRepository.open(url)
    audit = AuditLog(repo.session_factory)
    return repo, audit, UserStore(repo.session_factory, audit)


def start_session(url: str, username: str, password: str, hours: float = SESSION_HOURS) -> tuple[User, datetime]:
    """Log in (audited, with the lockout) and remember a session for ``url``; returns the user and its end."""
    repo, audit, users = _open(url)
    ws = audit.workstation + " (cli)"
    user = users.authenticate(username, password, ws)
    token = secrets.token_urlsafe(32)
    until = A.utcnow().replace(microsecond=0) + timedelta(hours=hours)
    audit.append(user.username, SESSION_ACTION, "command line", detail=f"session {_token_hash(token)} until "
                 f"{until.isoformat()}", workstation=ws)
    data = _sessions()
    data[url] = {"username": user.username, "token": token}
    _write_sessions(data)
    repo.engine.dispose()
    return user, until


def end_session(url: str) -> bool:
    """End this account's session on ``url`` (audited); False when there was none."""
    data = _sessions()
    entry = data.pop(url, None)
    if entry is None:
        return False
    _write_sessions(data)
    repo, audit, _ = _open(url)
    audit.append(entry["username"], SESSION_END, "command line", detail=f"session {_token_hash(entry['token'])}",
                 workstation=audit.workstation + " (cli)")
    repo.engine.dispose()
    return True


def _session_user(url: str, audit, users) -> User | None:
    """The user of a live session for ``url``: started, not ended, not expired, and no change to the user
    (role, password, activation) since it started."""
    from sqlalchemy import select

    from workstation.reading.models import AuditRow

    entry = _sessions().get(url)
    if not entry:
        return None
    digest = _token_hash(entry["token"])
    with audit._sf() as s:  # noqa: SLF001 - the gate reads the chain it shares with the audit log
        rows = s.execute(select(AuditRow.id, AuditRow.action, AuditRow.detail, AuditRow.target)
                         .where(AuditRow.action.in_((SESSION_ACTION, SESSION_END, A.USER_STATE)))
                         .order_by(AuditRow.id)).all()
    start = next((r for r in rows if r.action == SESSION_ACTION and r.detail.startswith(f"session {digest} ")), None)
    if start is None:
        return None
    until = datetime.fromisoformat(start.detail.rsplit(" ", 1)[1])
    later = [r for r in rows if r.id > start.id]
    ended = any(r.action == SESSION_END and r.detail == f"session {digest}" for r in later)
    changed = any(r.action == A.USER_STATE and r.target == f"user {entry['username']}" for r in later)
    if ended or changed or until <= A.utcnow():
        return None
    return next((u for u in users.users() if u.username == entry["username"] and u.active), None)


def _password(prompt: str) -> str:
    if os.environ.get("CDSS_PASSWORD_STDIN") == "1":
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def add_login_options(p) -> None:
    """``--user NAME`` and ``--password-stdin`` on a gated command's parser (one line in its ``register``)."""
    p.add_argument("--user", dest="login_user", metavar="NAME", help="log in as this user (when local users exist)")
    p.add_argument("--password-stdin", dest="login_password_stdin", action="store_true",
                   help="read the password from standard input")


def _identify(url: str, audit, users, args=None) -> User:
    name = getattr(args, "login_user", None)
    if name:  # given on the command line: it wins over a session
        password = (sys.stdin.readline().rstrip("\n") if getattr(args, "login_password_stdin", False)
                    else getpass.getpass(f"password of {name}: "))
        return users.authenticate(name, password, audit.workstation + " (cli)")
    user = _session_user(url, audit, users)
    if user is not None:
        return user
    name = os.environ.get("CDSS_USER")
    if not name:
        if not sys.stdin.isatty():
            raise PermissionDenied("this archive has users: log in first (cdss-workstation login), or set "
                                   "CDSS_USER (and CDSS_PASSWORD_STDIN=1 to read the password from stdin)")
        name = input("user: ").strip()
    return users.authenticate(name, _password(f"password of {name}: "), audit.workstation + " (cli)")


def gate(args, action: Action, audit_action: str, target: str = "", patient_number: str = "",
         detail: str = "") -> Access | None:
    """Log the command's user in (or take the session), check the role may do ``action``, and write the
    audit row; ``None`` after printing why not (the caller exits with ``DENIED``)."""
    try:
        repo, audit, users = _open(database_url(args))
    except Exception as exc:  # noqa: BLE001 - an unreachable or broken database: a clear message
        print(f"error: cannot open the user database: {exc}", file=sys.stderr)
        return None
    ws = audit.workstation + " (cli)"
    try:
        user = _identify(database_url(args), audit, users, args) if users.has_users() else LOCAL_USER
        try:
            require(user.role, action, user.username)
        except PermissionDenied as exc:
            audit.append(user.username, A.PERMISSION_DENIED, target, patient_number, str(exc), ws)
            raise
    except (ReadingError, EOFError, KeyboardInterrupt) as exc:
        print(f"error: {exc or 'login cancelled'}", file=sys.stderr)
        return None
    access = Access(user, audit, ws)
    access.record(audit_action, target, patient_number, detail)
    return access
