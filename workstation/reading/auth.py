"""Local login: users with a role and an argon2id password hash (argon2-cffi, salted per user).

A failed login is written to the audit log with the name that was tried; the message never says whether
the user exists.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.reading import audit as A
from workstation.reading.audit import AuditLog, utcnow
from workstation.reading.errors import LoginFailed, ReadingError
from workstation.reading.models import UserRow
from workstation.reading.records import User
from workstation.reading.roles import parse_role

MIN_PASSWORD = 8


def _user(row: UserRow) -> User:
    return User(row.username, row.role, row.display_name, row.active)


class UserStore:
    def __init__(self, session_factory: sessionmaker[Session], audit: AuditLog,
                 hasher: PasswordHasher | None = None):
        self._sf = session_factory
        self.audit = audit
        self.hasher = hasher or PasswordHasher()

    def create_user(self, username: str, password: str, role: str, display_name: str = "") -> User:
        username = username.strip()
        if not username:
            raise ReadingError("a user name is required")
        if len(password) < MIN_PASSWORD:
            raise ReadingError(f"the password must have at least {MIN_PASSWORD} characters")
        role = parse_role(role).value
        with self._sf.begin() as s:
            if s.scalar(select(UserRow).where(UserRow.username == username)):
                raise ReadingError(f"user {username!r} already exists")
            row = UserRow(username=username, display_name=display_name or username, role=role,
                          password_hash=self.hasher.hash(password), active=True, created_at=utcnow())
            s.add(row)
            s.flush()
            return _user(row)

    def set_password(self, username: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise ReadingError(f"the password must have at least {MIN_PASSWORD} characters")
        with self._sf.begin() as s:
            row = self._row(s, username)
            row.password_hash = self.hasher.hash(password)

    def set_role(self, username: str, role: str) -> User:
        with self._sf.begin() as s:
            row = self._row(s, username)
            row.role = parse_role(role).value
            return _user(row)

    def set_active(self, username: str, active: bool) -> User:
        with self._sf.begin() as s:
            row = self._row(s, username)
            row.active = active
            return _user(row)

    def users(self) -> list[User]:
        with self._sf() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def has_users(self) -> bool:
        with self._sf() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    def authenticate(self, username: str, password: str, workstation: str | None = None) -> User:
        """Return the user, or raise ``LoginFailed`` (and audit it). Takes ~50 ms (argon2)."""
        with self._sf.begin() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username.strip()))
            ok = False
            if row is not None and row.active:
                try:
                    ok = self.hasher.verify(row.password_hash, password)
                except (VerificationError, InvalidHashError):
                    ok = False
                if ok and self.hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self.hasher.hash(password)
            user = _user(row) if ok and row is not None else None
        if user is None:
            reason = "inactive user" if row is not None and not row.active else "wrong user name or password"
            self.audit.append(username, A.LOGIN_FAILED, detail=reason, workstation=workstation)
            raise LoginFailed("wrong user name or password")
        self.audit.append(user.username, A.LOGIN, detail=user.role, workstation=workstation)
        return user

    @staticmethod
    def _row(s: Session, username: str) -> UserRow:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ReadingError(f"no user {username!r}")
        return row
