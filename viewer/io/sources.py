"""Where DICOM bytes come from: plain files, folders (recursively) and zip archives.

A :class:`Source` names one file (a path, or a member inside a zip) and can open it again later,
so a scan can read headers now and pixels afterwards without keeping bytes in memory.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

#: file names that are never images (directory indexes of CDs, OS clutter); ignored silently
IGNORED_NAMES = {"dicomdir", "dirfile", "thumbs.db", ".ds_store", "desktop.ini"}


@dataclass(frozen=True)
class Source:
    """One file: ``path`` on disk, or ``member`` of the zip archive at ``path``."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        """What to show a user: the path, or ``archive.zip!member``."""
        return f"{self.path}!{self.member}" if self.member else self.path

    def open(self) -> BinaryIO:
        """A binary file object positioned at the start (caller closes it)."""
        if self.member is None:
            return open(self.path, "rb")
        with zipfile.ZipFile(self.path) as zf:
            return io.BytesIO(zf.read(self.member))

    def size(self) -> int:
        if self.member is None:
            return os.path.getsize(self.path)
        with zipfile.ZipFile(self.path) as zf:
            return zf.getinfo(self.member).file_size

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.name


def _ignored(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return base in IGNORED_NAMES or base.startswith("._")


def iter_sources(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Source | tuple[str, str]]:
    """Yield a :class:`Source` for every candidate file under ``paths`` (files, folders, zips),
    in a stable (sorted) order. A path that cannot be read yields ``(name, reason)`` instead."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for p in paths:
        p = Path(p)
        if not p.exists():
            yield (str(p), "no such file or folder")
        elif p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if _ignored(f):
                        continue
                    yield from _file_sources(Path(root) / f)
        else:
            yield from _file_sources(p)


def _file_sources(p: Path) -> Iterator[Source | tuple[str, str]]:
    if p.suffix.lower() == ".zip" and zipfile.is_zipfile(p):
        try:
            with zipfile.ZipFile(p) as zf:
                members = sorted(i.filename for i in zf.infolist() if not i.is_dir())
        except (OSError, zipfile.BadZipFile) as exc:
            yield (str(p), f"unreadable zip archive: {exc}")
            return
        for m in members:
            if not _ignored(m):
                yield Source(str(p), m)
    else:
        yield Source(str(p))
