"""Files on disk the archive has already taken in: skip re-reading them when a folder is imported again.

A file is *known* when its absolute path, size and modification time (ns) match a remembered import
and the instance it gave is still stored with the same content hash. Anything else is read again.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .models import ImportedSource, Instance

CHUNK = 500


def path_hash(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()


def known(engine: Engine, keys: list[tuple[str, int, int]]) -> set[str]:
    """The paths among ``keys`` (path, size, mtime_ns) whose instance is stored unchanged."""
    wanted = {path_hash(p): (p, size, mtime) for p, size, mtime in keys}
    hashes = sorted(wanted)
    out: set[str] = set()
    with engine.connect() as conn:
        for i in range(0, len(hashes), CHUNK):
            part = hashes[i:i + CHUNK]
            rows = conn.execute(
                select(ImportedSource.path_hash, ImportedSource.size, ImportedSource.mtime_ns)
                .join(Instance, (Instance.sop_instance_uid == ImportedSource.sop_instance_uid)
                      & (Instance.content_hash == ImportedSource.content_hash))
                .where(ImportedSource.path_hash.in_(part)))
            for h, size, mtime in rows:
                p, want_size, want_mtime = wanted[h]
                if size == want_size and mtime == want_mtime:
                    out.add(p)
    return out


def remember(engine: Engine, entries: list[tuple[str, int, int, str, str]]) -> None:
    """Remember (path, size, mtime_ns, sop uid, content hash) of files just stored or found duplicate."""
    if not entries:
        return
    rows = {path_hash(p): {"path_hash": path_hash(p), "path": p[-1024:], "size": size, "mtime_ns": mtime,
                           "sop_instance_uid": uid, "content_hash": h} for p, size, mtime, uid, h in entries}
    keys = sorted(rows)
    try:
        with engine.begin() as conn:
            for i in range(0, len(keys), CHUNK):
                conn.execute(delete(ImportedSource).where(ImportedSource.path_hash.in_(keys[i:i + CHUNK])))
            conn.execute(insert(ImportedSource), list(rows.values()))
    except IntegrityError:  # another import remembered the same files just now: theirs will do
        pass
