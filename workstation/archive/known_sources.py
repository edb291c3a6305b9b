"""Files on disk the archive has already taken in: skip re-reading them when a folder is imported again.

A file is *known* when its absolute path, size, modification time (ns) and the hash of its first 4 KiB
(file meta + SOP Instance UID: two CDs with the same layout and fixed timestamps still differ there)
match a remembered import, and the instance it gave is still stored with the same content hash.
Anything else is read again.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .models import ImportedSource, Instance

CHUNK = 500
HEAD = 4096


def head_hash(data: bytes) -> str:
    return hashlib.sha256(data[:HEAD]).hexdigest()


def path_hash(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()


def candidates(engine: Engine, keys: list[tuple[str, int, int]]) -> dict[str, str]:
    """``{path: remembered head hash}`` for the ``keys`` (path, size, mtime_ns) that match a remembered
    import whose instance is still stored unchanged; the caller compares the head hash."""
    wanted = {path_hash(p): (p, size, mtime) for p, size, mtime in keys}
    hashes = sorted(wanted)
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for i in range(0, len(hashes), CHUNK):
            part = hashes[i:i + CHUNK]
            rows = conn.execute(
                select(ImportedSource.path_hash, ImportedSource.size, ImportedSource.mtime_ns,
                       ImportedSource.head_hash)
                .join(Instance, (Instance.sop_instance_uid == ImportedSource.sop_instance_uid)
                      & (Instance.content_hash == ImportedSource.content_hash))
                .where(ImportedSource.path_hash.in_(part)))
            for h, size, mtime, head in rows:
                p, want_size, want_mtime = wanted[h]
                if size == want_size and mtime == want_mtime and head:
                    out[p] = head
    return out


def remember(engine: Engine, entries: list[tuple[str, int, int, str, str, str]]) -> None:
    """Remember (path, size, mtime_ns, sop uid, content hash, head hash) of files just stored or found
    duplicate."""
    if not entries:
        return
    rows = {path_hash(p): {"path_hash": path_hash(p), "path": p[-1024:], "size": size, "mtime_ns": mtime,
                           "sop_instance_uid": uid, "content_hash": h, "head_hash": head}
            for p, size, mtime, uid, h, head in entries}
    keys = sorted(rows)
    try:
        with engine.begin() as conn:
            for i in range(0, len(keys), CHUNK):
                conn.execute(delete(ImportedSource).where(ImportedSource.path_hash.in_(keys[i:i + CHUNK])))
            conn.execute(insert(ImportedSource), list(rows.values()))
    except IntegrityError:  # another import remembered the same files just now: theirs will do
        pass
