"""Bind a database to its archive folder (file store) so they are never mixed up.

The folder's ``archive.json`` and the database's ``archive_meta`` both hold the same ``store_id``.
Opening a database with a folder whose id differs (another user's data folder, another ``--archive``)
is refused: recovery would otherwise take every row for a "row without file" and drop it.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from .models import ArchiveMeta, Instance

LAYOUT_VERSION = 1


class StoreMismatch(RuntimeError):
    """The database indexes another archive folder."""


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def bind(engine: Engine, archive_dir: Path, database_label: str, store_has_files: bool) -> str:
    """Check (or establish) that ``engine``'s database belongs to ``archive_dir``; return the store id.
    Writes ``archive_dir/archive.json``. Raises ``StoreMismatch``."""
    settings_path = archive_dir / "archive.json"
    settings = _read_json(settings_path)
    folder_id = settings.get("store_id")
    with engine.connect() as conn:
        meta = dict(conn.execute(select(ArchiveMeta.key, ArchiveMeta.value)).all())
        has_rows = conn.execute(select(Instance.id).limit(1)).first() is not None
    db_id = meta.get("store_id")
    if db_id is None:  # a new database (or one made before ids): it indexes this folder from now on
        db_id = folder_id or uuid.uuid4().hex
        try:
            with engine.begin() as conn:
                conn.execute(insert(ArchiveMeta), [{"key": "store_id", "value": db_id},
                                                   {"key": "store_dir", "value": str(archive_dir.resolve())}])
        except IntegrityError:  # another process bound it a moment ago: check against theirs
            return bind(engine, archive_dir, database_label, store_has_files)
    elif folder_id != db_id and (folder_id is not None or (has_rows and not store_has_files)):
        there = meta.get("store_dir", "<its folder>")
        raise StoreMismatch(f"the database {database_label} indexes the archive folder {there}, not "
                            f"{archive_dir}; open it with --archive {there}")
    wanted = {"layout_version": LAYOUT_VERSION, "store_id": db_id, "database": database_label,
              "store": "store/<study uid>/<series uid>/<sop uid>.dcm", "quarantine": "quarantine/"}
    if settings != wanted:
        tmp = settings_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(wanted, indent=1))
        tmp.replace(settings_path)
    return db_id
