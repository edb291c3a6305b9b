"""Local login: users with a role and an argon2id password hash (argon2-cffi, salted per user).

- A failed login is written to the audit log with the name that was tried; the message never says whether
  the user exists, and an unknown or disabled user costs the same argon2 verification as a known one (a
  dummy hash is verified), so the answer's timing does not tell either.
- Back-off: after ``LOCK_AFTER`` failed logins in a row for a name (known or not), that name is locked for
  ``LOCK_BASE`` seconds, doubling with each further failure up to ``LOCK_MAX``; a successful login resets it.
  The count comes from the audit log itself (``login_failed`` / ``login`` rows), so it holds across
  processes (the window and every command-line run).
- Every change of a user's role, activation or password is a ``user_state`` row of the audit chain, in the
  same transaction as the change (``audit_chain``); a change made outside (an SQL UPDATE) fails ``verify``.
"""
from __future__ import annotations

import threading
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.reading import audit as A
from workstation.reading import audit_chain
from workstation.reading.audit import AuditLog, utcnow
from workstation.reading.errors import LoginFailed, ReadingError
from workstation.reading.models import AuditRow, UserRow
from workstation.reading.records import User
from workstation.reading.roles import parse_role

MIN_PASSWORD = 8
#: failed logins in a row before a name is locked, the first lock and the longest
LOCK_AFTER = 5
LOCK_BASE = timedelta(seconds=30)
LOCK_MAX = timedelta(minutes=15)


class LoginLocked(LoginFailed):
    """Too many failed logins in a row for this name: ``seconds`` until the next try is accepted."""

    def __init__(self, seconds: int):
        super().__init__(f"too many failed logins: try again in {seconds} seconds")
        self.seconds = seconds


def _user(row: UserRow) -> User:
    return User(row.username, row.role, row.display_name, row.active)


class UserStore:
    def __init__(self, session_factory: sessionmaker[Session], audit: AuditLog,
                 hasher: PasswordHasher | None = None):
        self._sf = session_factory
        self.audit = audit
        self.hasher = hasher or PasswordHasher()
        # made on another thread (argon2 runs without the GIL): the window's start does not wait for it, and it
        # is ready long before anyone has typed a password
        self._dummy: list[str] = []
        self._dummy_thread = threading.Thread(target=lambda: self._dummy.append(
            self.hasher.hash("not a password: verified for unknown users")), name="dummy-hash", daemon=True)
        self._dummy_thread.start()

    @property
    def _dummy_hash(self) -> str:
        """The hash an unknown or disabled user's password is verified against (same time as a real one)."""
        self._dummy_thread.join()
        return self._dummy[0]

    def _audited(self, s: Session, row: UserRow, by: str) -> None:
        """The user's new state as a row of the audit chain (same transaction as the change)."""
        audit_chain.append_row(s, at=utcnow(), username=by or "", action=A.USER_STATE, target=f"user {row.username}",
                               patient_number="", detail=audit_chain.user_state_detail(row),
                               workstation=self.audit.workstation)

    def _change(self, username: str, by: str, apply) -> User:
        def work(s: Session) -> User:
            row = self._row(s, username)
            apply(row)
            s.flush()
            self._audited(s, row, by)
            return _user(row)

        return audit_chain.retrying(self._sf, work)

    def create_user(self, username: str, password: str, role: str, display_name: str = "", by: str = "") -> User:
        username = username.strip()
        if not username:
            raise ReadingError("a user name is required")
        if len(password) < MIN_PASSWORD:
            raise ReadingError(f"the password must have at least {MIN_PASSWORD} characters")
        role = parse_role(role).value
        pw_hash = self.hasher.hash(password)

        def work(s: Session) -> User:
            if s.scalar(select(UserRow).where(UserRow.username == username)):
                raise ReadingError(f"user {username!r} already exists")
            row = UserRow(username=username, display_name=display_name or username, role=role,
                          password_hash=pw_hash, active=True, created_at=utcnow())
            s.add(row)
            s.flush()
            self._audited(s, row, by)
            return _user(row)

        return audit_chain.retrying(self._sf, work)

    def set_password(self, username: str, password: str, by: str = "") -> None:
        if len(password) < MIN_PASSWORD:
            raise ReadingError(f"the password must have at least {MIN_PASSWORD} characters")
        pw_hash = self.hasher.hash(password)
        self._change(username, by, lambda row: setattr(row, "password_hash", pw_hash))

    def set_role(self, username: str, role: str, by: str = "") -> User:
        value = parse_role(role).value
        return self._change(username, by, lambda row: setattr(row, "role", value))

    def set_active(self, username: str, active: bool, by: str = "") -> User:
        return self._change(username, by, lambda row: setattr(row, "active", active))

    def users(self) -> list[User]:
        with self._sf() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def has_users(self) -> bool:
        with self._sf() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    def locked_for(self, username: str) -> timedelta | None:
        """How much longer ``username`` is locked after failed logins in a row (None: not locked)."""
        with self._sf() as s:
            rows = s.execute(select(AuditRow.action, AuditRow.at)
                             .where(AuditRow.username == username.strip(),
                                    AuditRow.action.in_((A.LOGIN, A.LOGIN_FAILED)))
                             .order_by(AuditRow.id.desc()).limit(LOCK_AFTER + 10)).all()
        failures = 0
        for action, _at in rows:
            if action != A.LOGIN_FAILED:
                break
            failures += 1
        if failures < LOCK_AFTER:
            return None
        lock = min(LOCK_BASE * 2 ** (failures - LOCK_AFTER), LOCK_MAX)
        left = rows[0].at + lock - utcnow()
        return left if left > timedelta(0) else None

    def authenticate(self, username: str, password: str, workstation: str | None = None) -> User:
        """Return the user, or raise ``LoginFailed`` (and audit it). Takes one argon2 verification whether
        or not the user exists (~50–400 ms); a locked name is refused without checking the password."""
        name = username.strip()
        left = self.locked_for(name)
        if left is not None:
            seconds = int(left.total_seconds()) + 1
            self.audit.append(name, A.LOGIN_LOCKED, detail=f"locked for {seconds} s", workstation=workstation)
            raise LoginLocked(seconds)

        def work(s: Session) -> tuple[User | None, str]:
            row = s.scalar(select(UserRow).where(UserRow.username == name))
            usable = row is not None and row.active
            try:  # the same work for an unknown or disabled user as for a known one
                ok = self.hasher.verify(row.password_hash if usable else self._dummy_hash, password) and usable
            except (VerificationError, InvalidHashError):
                ok = False
            if not ok:
                return None, "inactive user" if row is not None and not row.active else "wrong user name or password"
            if self.hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self.hasher.hash(password)
                s.flush()
                self._audited(s, row, row.username)
            return _user(row), ""

        user, reason = audit_chain.retrying(self._sf, work)
        if user is None:
            self.audit.append(name, A.LOGIN_FAILED, detail=reason, workstation=workstation)
            raise LoginFailed("wrong user name or password")
        self.audit.append(user.username, A.LOGIN, detail=user.role, workstation=workstation)
        return user

    @staticmethod
    def _row(s: Session, username: str) -> UserRow:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ReadingError(f"no user {username!r}")
        return row
