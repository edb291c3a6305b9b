"""Alembic migrations, run programmatically (no alembic.ini needed).

Each part of the workstation owns an Alembic *branch* with its own versions folder, listed in
``VERSION_LOCATIONS``; ``upgrade(engine)`` brings every branch to its head. A part adds its folder
here (one line) and gives its first revision ``branch_labels=("<part>",)`` and ``down_revision=None``.

Start-up stays quick: when the database already stands at every branch's head (``is_current``: the heads read
from the version files' ``revision``/``down_revision`` lines against the ``alembic_version`` table), ``upgrade``
returns without importing Alembic; anything it cannot read that way takes the full Alembic path.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

PKG = Path(__file__).resolve().parent.parent

#: one versions folder per part (branch); keep sorted
VERSION_LOCATIONS: list[Path] = [
    PKG / "ai_review" / "migrations" / "versions",
    PKG / "archive" / "migrations" / "versions",
    PKG / "dicom_net" / "migrations" / "versions",
    PKG / "measurements" / "migrations" / "versions",
    PKG / "reading" / "migrations" / "versions",
]


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


def script_heads() -> set[str] | None:
    """The head revision of every branch, from the version files' text (no Alembic import); ``None`` when a
    file does not say its revisions in the plain form (then only Alembic can tell)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for folder in VERSION_LOCATIONS:
        if not folder.is_dir():
            continue
        for f in folder.glob("*.py"):
            body = f.read_text(encoding="utf-8")
            rev, down = _REVISION.search(body), _DOWN.search(body)
            if rev is None or down is None:
                return None
            revisions.add(rev.group(1))
            value = down.group(1).split("#")[0].strip()
            if value != "None":
                named = re.findall(r"['\"]([^'\"]+)['\"]", value)
                if not named:
                    return None
                downs.update(named)
    return revisions - downs


def is_current(engine: Engine) -> bool:
    """Does the database stand at every branch's head already?"""
    heads = script_heads()
    if not heads:
        return False
    try:
        with engine.connect() as conn:
            stamped = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except SQLAlchemyError:  # no version table yet: a new database
        return False
    return stamped == heads


def alembic_config(engine: Engine) -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    cfg.set_main_option("version_locations", " ".join(str(p) for p in VERSION_LOCATIONS if p.is_dir()))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest schema of every part."""
    if not any(p.is_dir() for p in VERSION_LOCATIONS) or is_current(engine):
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "heads")
