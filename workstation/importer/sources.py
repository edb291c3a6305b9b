"""What an import reads: folders (recursive), zip files (nested folders inside) and media with a
DICOMDIR (CD image copied to disk, USB stick), flattened into a list of ``SourceItem``.

A DICOMDIR is followed with pydicom's ``FileSet``; files it lists but the medium lacks are returned as
*missing* (CD file IDs are upper-case 8.3 names without extension; a case-insensitive match is tried
before a file is declared missing). Files on the medium that the DICOMDIR does not list are imported
too, so nothing on a disc is silently left behind.
"""
from __future__ import annotations

import io
import os
import threading
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

import pydicom


@dataclass
class SourceItem:
    name: str  # what the report shows: a path, or "archive.zip!folder/file"
    size: int
    read: Callable[[], bytes]


@dataclass
class SourceListing:
    items: list[SourceItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # listed in a DICOMDIR, absent from the medium
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable sources

    def extend(self, other: "SourceListing") -> None:
        self.items += other.items
        self.missing += [m for m in other.missing if m not in set(self.missing)]
        self.problems += other.problems


def _is_dicomdir_name(name: str) -> bool:
    return PurePosixPath(name).name.upper() == "DICOMDIR"


#: record types that point at a vendor's lower-level directory file (Philips ``DIRFILE``), not an instance
_DIRECTORY_RECORD_TYPES = {"PATIENT", "STUDY", "SERIES"}


def _referenced_file_ids(ds) -> list[tuple[str, ...]]:
    """File IDs of the instance records of a DICOMDIR dataset (vendor directory pointers left out)."""
    out = []
    for rec in ds.get("DirectoryRecordSequence", []):
        fid = rec.get("ReferencedFileID")
        if fid is None or str(rec.get("DirectoryRecordType", "")).upper() in _DIRECTORY_RECORD_TYPES:
            continue
        parts = (fid,) if isinstance(fid, str) else tuple(str(p) for p in fid)
        out.append(tuple(p.strip() for p in parts if p.strip()))
    return out


class _CaseInsensitiveDir:
    """Resolves CD file IDs against a folder whose names may differ in case."""

    def __init__(self, root: Path):
        self.root = root
        self._cache: dict[Path, dict[str, str]] = {}

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


def _file_item(path: Path) -> SourceItem:
    return SourceItem(str(path), path.stat().st_size, path.read_bytes)


def _dicomdir_on_disk(dicomdir: Path, listing: SourceListing) -> set[Path]:
    """Add the files a DICOMDIR lists; return the resolved paths (so the walk does not add them twice)."""
    from pydicom.fileset import FileSet

    try:
        ds = pydicom.dcmread(dicomdir)
    except Exception as exc:
        listing.problems.append((str(dicomdir), f"unreadable DICOMDIR: {type(exc).__name__}: {exc}"[:300]))
        return set()
    found: set[Path] = set()
    root = dicomdir.parent
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom warns once per missing file; we report them instead
            fs = FileSet(ds)
        root = Path(fs.path) if fs.path else root
        for inst in fs:
            p = Path(inst.path)
            if p.is_file() and p.resolve() not in found:
                found.add(p.resolve())
                listing.items.append(_file_item(p))
    except Exception:  # noqa: BLE001 - vendor hierarchies (Philips DIRFILE) FileSet cannot load: walk records
        pass
    resolver = _CaseInsensitiveDir(root)
    for parts in _referenced_file_ids(ds):
        p = resolver.resolve(parts)
        if p is None:
            listing.missing.append(str(root.joinpath(*parts)))
        elif p.resolve() not in found:
            found.add(p.resolve())
            listing.items.append(_file_item(p))
    return found


def list_folder(folder: Path) -> SourceListing:
    listing = SourceListing()
    taken: set[Path] = set()
    walk = sorted(os.walk(folder, onerror=lambda e: listing.problems.append((e.filename, e.strerror))))
    for dirpath, _dirs, files in walk:
        for name in files:
            if _is_dicomdir_name(name):
                taken |= _dicomdir_on_disk(Path(dirpath) / name, listing)
    for dirpath, _dirs, files in walk:
        for name in sorted(files):
            p = Path(dirpath) / name
            if p.resolve() in taken:
                continue
            if name.lower().endswith(".zip") and zipfile.is_zipfile(p):
                listing.extend(list_zip(p))
                continue
            try:
                listing.items.append(_file_item(p))
            except OSError as exc:
                listing.problems.append((str(p), exc.strerror or str(exc)))
    return listing


def list_zip(path: Path) -> SourceListing:
    listing = SourceListing()
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        listing.problems.append((str(path), f"unreadable zip: {exc}"))
        return listing
    lock = threading.Lock()

    def reader(info: zipfile.ZipInfo):
        def read() -> bytes:
            with lock:
                return zf.read(info)
        return read

    by_name = {i.filename: i for i in infos}
    upper = {i.filename.upper(): i for i in infos}
    taken: set[str] = set()
    for info in infos:
        if not _is_dicomdir_name(info.filename):
            continue
        base = PurePosixPath(info.filename).parent
        try:
            ds = pydicom.dcmread(io.BytesIO(zf.read(info)))
        except Exception as exc:
            listing.problems.append((f"{path}!{info.filename}", f"unreadable DICOMDIR: {exc}"[:300]))
            continue
        for parts in _referenced_file_ids(ds):
            rel = str(base.joinpath(*parts)) if str(base) != "." else str(PurePosixPath(*parts))
            member = by_name.get(rel) or upper.get(rel.upper())
            if member is None:
                listing.missing.append(f"{path}!{rel}")
            elif member.filename not in taken:
                taken.add(member.filename)
                listing.items.append(SourceItem(f"{path}!{member.filename}", member.file_size, reader(member)))
    for info in sorted(infos, key=lambda i: i.filename):
        if info.filename not in taken:
            listing.items.append(SourceItem(f"{path}!{info.filename}", info.file_size, reader(info)))
    return listing


def list_sources(paths: list[Path]) -> SourceListing:
    """Flatten the given folders, zips, DICOMDIR files and single files into one listing."""
    listing = SourceListing()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            listing.extend(list_folder(p))
        elif p.is_file() and _is_dicomdir_name(p.name):
            listing.extend(list_folder(p.parent))
        elif p.is_file() and zipfile.is_zipfile(p):
            listing.extend(list_zip(p))
        elif p.is_file():
            listing.items.append(_file_item(p))
        else:
            listing.problems.append((str(p), "no such file or folder"))
    return listing
