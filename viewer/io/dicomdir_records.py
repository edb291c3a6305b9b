"""DICOMDIR records, read safely: which files a DICOMDIR references (never out of its medium), whether its
record offsets can be followed (no loop), and CD file IDs resolved case-insensitively inside a folder.
No Qt, no database; used by ``viewer.io.sources``."""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from viewer.io.source_listing import SourceListing


def real_path(path: Path) -> str | None:
    """``path`` with symbolic links resolved, or ``None`` for a link loop or an unreadable path."""
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return None


def is_dicomdir_name(name: str) -> bool:
    return PurePosixPath(name).name.upper() == "DICOMDIR"


#: record types that point at a vendor's lower-level directory file (Philips ``DIRFILE``), not an instance
_DIRECTORY_RECORD_TYPES = {"PATIENT", "STUDY", "SERIES"}
_BAD_PARTS = {"", ".", ".."}


def referenced_file_ids(ds, where: str, listing: SourceListing) -> list[tuple[str, ...]]:
    """File IDs of the instance records of a DICOMDIR dataset (vendor directory pointers left out).
    A File ID that could leave the medium (``..``, ``.``, an absolute path, separators inside a
    component) is a problem in ``listing``, not a file."""
    out = []
    for rec in ds.get("DirectoryRecordSequence", []):
        fid = rec.get("ReferencedFileID")
        if fid is None or str(rec.get("DirectoryRecordType", "")).upper() in _DIRECTORY_RECORD_TYPES:
            continue
        raw = (fid,) if isinstance(fid, str) else tuple(str(p) for p in fid)
        parts = tuple(p.strip() for p in raw if p.strip())
        if not parts or any(p in _BAD_PARTS or "/" in p or "\\" in p or ":" in p for p in parts):
            listing.problems.append((where, f"DICOMDIR reference {'/'.join(raw)[:200]!r} leaves the medium: "
                                            "not followed"))
            continue
        out.append(parts)
    return out


def record_offsets_problem(ds) -> str | None:
    """Why a DICOMDIR's record offsets cannot be followed (a loop, a record reached twice, an offset
    that points at no record), or ``None``. pydicom's ``FileSet`` follows them without this check."""
    seq = ds.get("DirectoryRecordSequence", [])
    by_offset = {getattr(item, "seq_item_tell", None): item for item in seq}
    start = int(ds.get("OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity", 0) or 0)
    seen: set[int] = set()
    stack = [start] if start else []
    while stack:
        offset = stack.pop()
        while offset:
            if offset in seen:
                return f"DICOMDIR record offsets loop (record at byte {offset} reached twice)"
            seen.add(offset)
            rec = by_offset.get(offset)
            if rec is None:
                return f"DICOMDIR record offset {offset} points at no record"
            lower = int(rec.get("OffsetOfReferencedLowerLevelDirectoryEntity", 0) or 0)
            if lower:
                stack.append(lower)
            offset = int(rec.get("OffsetOfTheNextDirectoryRecord", 0) or 0)
            if len(seen) > len(by_offset):
                return "DICOMDIR record offsets loop"
    return None


class CaseInsensitiveDir:
    """Resolves CD file IDs against a folder whose names may differ in case, never out of it."""

    def __init__(self, root: Path):
        self.root = root
        self.real_root = real_path(root) or str(root)
        self._cache: dict[Path, dict[str, str]] = {}

    def inside(self, path: Path) -> bool:
        real = real_path(path)
        return real is not None and real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def resolve(self, parts: tuple[str, ...]) -> Path | None:
        cur = self.root
        for part in parts:
            exact = cur / part
            if exact.exists():
                cur = exact
                continue
            if cur not in self._cache:
                try:
                    self._cache[cur] = {n.upper(): n for n in os.listdir(cur)}
                except OSError:
                    return None
            real = self._cache[cur].get(part.upper())
            if real is None:
                return None
            cur = cur / real
        return cur if cur.is_file() else None
