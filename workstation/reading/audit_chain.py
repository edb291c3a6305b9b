"""The audit log as a hash chain: each row carries the hash of the row before it (``prev_hash``) and its own
(``row_hash`` = SHA-256 over ``prev_hash`` and the row's canonical serialisation), so a row deleted, changed
or inserted anywhere but at the end breaks every later link, and ``verify`` names the first broken one.

What the chain does not stop: someone able to write the database can rewrite the whole chain from the first
changed row on (there is no secret key on the workstation) or cut rows off its end. Both show at the CDSS
service, which records the chain's head with each sync (``AuditChainSource``): the head it recorded last
must still be in the chain, with the same hash, and the chain must not get shorter.

Role, activation and credential changes of local users are rows of this chain (``USER_STATE``), written in
the same transaction as the change; ``verify`` checks each user's stored role, activation and password hash
against the newest such row, so ``UPDATE reading_users SET role = 'RIS'`` shows as a broken chain too.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from workstation.reading.models import AuditRow, UserRow

GENESIS = "0" * 64
#: the audited state of a local user (role, active, credential fingerprint), written with every change
USER_STATE = "user_state"
TRIGGERS = ("reading_audit_no_update", "reading_audit_no_delete")
_STATE_RE = re.compile(r"^role=(\w+) active=(yes|no) credential=([0-9a-f]{16})$")
T = TypeVar("T")


def canonical(row_id: int, at: datetime, username: str, action: str, target: str, patient_number: str,
              detail: str, workstation: str, prev_hash: str) -> bytes:
    """The bytes a row's hash covers (format 1: sorted-key JSON, UTF-8, times to the microsecond)."""
    return json.dumps({"id": row_id, "at": at.strftime("%Y-%m-%dT%H:%M:%S.%f"), "username": username or "",
                       "action": action or "", "target": target or "", "patient_number": patient_number or "",
                       "detail": detail or "", "workstation": workstation or "", "prev": prev_hash},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row: AuditRow) -> str:
    return hashlib.sha256(canonical(row.id, row.at, row.username, row.action, row.target, row.patient_number,
                                    row.detail, row.workstation, row.prev_hash or "")).hexdigest()


def credential_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def user_state_detail(user: UserRow) -> str:
    return (f"role={user.role} active={'yes' if user.active else 'no'} "
            f"credential={credential_fingerprint(user.password_hash)}")


def append_row(s: Session, **fields: Any) -> AuditRow:
    """Insert one chained row in session ``s`` (its transaction). Two writers racing for the same
    predecessor collide on the row id (the primary key): ``retrying`` runs the loser again."""
    last = s.execute(select(AuditRow.id, AuditRow.row_hash).order_by(AuditRow.id.desc()).limit(1)).first()
    prev = last.row_hash if last is not None else GENESIS
    next_id = (last.id if last is not None else 0) + 1
    fields["at"] = fields["at"].replace(microsecond=0)  # what every database keeps (MySQL DATETIME: seconds)
    row = AuditRow(id=next_id, prev_hash=prev, **fields)
    row.row_hash = row_hash(row)
    s.add(row)
    s.flush()
    return row


def retrying(sf: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 20) -> T:
    """Run ``work(session)`` in a transaction, again when another writer took the chain's next link."""
    for attempt in range(attempts):
        try:
            with sf.begin() as s:
                return work(s)
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts - 1 or not _is_race(exc):
                raise
    raise AssertionError("unreachable")


def _is_race(exc: Exception) -> bool:
    msg = str(getattr(exc, "orig", exc)).lower()
    return any(k in msg for k in ("unique", "duplicate", "locked", "busy", "deadlock"))


@dataclass
class ChainReport:
    rows: int = 0
    head_id: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)
    first_broken_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(sf: sessionmaker[Session], after_row_id: int | None = None) -> ChainReport:
    """Walk the chain from its first row (or from the row after ``after_row_id``, trusting that row's stored
    hash: what a sync does); report the first broken link, every user whose stored role, activation or
    credential differs from the chain's newest ``USER_STATE`` row, and missing triggers."""
    rep = ChainReport()
    with sf() as s:
        prev, q = GENESIS, select(AuditRow).order_by(AuditRow.id)
        start = s.scalar(select(AuditRow.row_hash).where(AuditRow.id == after_row_id)) \
            if after_row_id is not None else None
        if start:  # else (no such row any more): the whole chain
            prev, rep.head_id, rep.head_hash = start, after_row_id, start
            q = q.where(AuditRow.id > after_row_id)
        for row in s.scalars(q).yield_per(2000):
            rep.rows += 1
            if rep.first_broken_id is None:
                if row.prev_hash != prev:
                    rep.first_broken_id = row.id
                    rep.problems.append(f"row {row.id}: its link to the row before does not match (a row before "
                                        f"it was deleted, inserted or changed)")
                elif row.row_hash != row_hash(row):
                    rep.first_broken_id = row.id
                    rep.problems.append(f"row {row.id}: its content does not match its hash (the row was changed)")
            prev = row.row_hash or ""
            rep.head_id, rep.head_hash = row.id, row.row_hash or ""
        states = {}
        for row_id, target, detail in s.execute(select(AuditRow.id, AuditRow.target, AuditRow.detail)
                                                .where(AuditRow.action == USER_STATE).order_by(AuditRow.id)):
            states[target.removeprefix("user ")] = (row_id, detail)
        for user in s.scalars(select(UserRow).order_by(UserRow.username)):
            audited = states.get(user.username)
            if audited is None:
                rep.problems.append(f"user {user.username}: role {user.role} has no audit row (written outside "
                                    f"the workstation)")
            elif audited[1] != user_state_detail(user):
                rep.problems.append(f"user {user.username}: stored {user_state_detail(user)!r} differs from audit "
                                    f"row {audited[0]} ({audited[1]!r}): changed outside the workstation")
        missing = [t for t in TRIGGERS if t not in _triggers(s)]
        if missing:
            rep.problems.append(f"the append-only triggers are missing: {', '.join(missing)}")
    return rep


def check_against_heads(sf: sessionmaker[Session], heads: list[dict[str, Any]]) -> list[str]:
    """Every head the CDSS service recorded for this workstation (``GET /api/audit/heads/``) must still be in
    the chain with the same hash: a chain rewritten from an earlier row on, even one whose later reports
    lied about their anchor, shows here. Returns the problems, oldest head first."""
    problems = []
    with sf() as s:
        for h in sorted(heads, key=lambda h: h["id"]):
            stored = s.scalar(select(AuditRow.row_hash).where(AuditRow.id == h["last_row_id"]))
            if stored != h["head_hash"]:
                now = "is gone" if stored is None else f"now has hash {stored[:12]}…"
                problems.append(f"row {h['last_row_id']}: the service recorded hash {h['head_hash'][:12]}… at "
                                f"{h['received_at']}; the row {now}")
    return problems


def _triggers(s: Session) -> set[str]:
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        return set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    if dialect in ("mysql", "mariadb"):
        return set(s.scalars(text("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                                  "WHERE EVENT_OBJECT_SCHEMA = DATABASE()")))
    return set(TRIGGERS)  # other databases: not checked


class AuditChainSource:
    """What ``sync.client.SyncClient.audit_source`` takes: this workstation's chain head for each sync."""

    def __init__(self, sf: sessionmaker[Session], workstation: str):
        self._sf, self.workstation = sf, workstation

    def head(self, anchor_row_id: int | None) -> dict[str, Any]:
        """The head, checking only the rows after the one the service recorded last (``audit verify`` checks
        the whole chain); runs on the sync thread."""
        rep = verify(self._sf, anchor_row_id)
        with self._sf() as s:
            count = s.scalar(select(func.count()).select_from(AuditRow)) or 0
            anchor = s.scalar(select(AuditRow.row_hash).where(AuditRow.id == anchor_row_id)) \
                if anchor_row_id is not None else None
        out = {"last_row_id": rep.head_id, "row_count": count, "head_hash": rep.head_hash, "chain_ok": rep.ok,
               "chain_problem": "; ".join(rep.problems)[:400] or None}
        if anchor_row_id is not None:
            out.update(anchor_row_id=anchor_row_id, anchor_hash=anchor or "0" * 64)
        return out
