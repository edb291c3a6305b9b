"""What an import reads: folders (recursive), zip files (nested folders inside), CD images (ISO 9660
files, read with pycdlib) and media with a DICOMDIR (CD copied to disk, USB stick), flattened into a
list of ``SourceItem``.

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
    head: Callable[[int], bytes] | None = None  # head(n): the first n bytes, without reading the rest
    key: tuple[str, int, int] | None = None  # (absolute path, size, mtime ns) of a file on disk


def _file_head(path: Path) -> Callable[[int], bytes]:
    def head(n: int) -> bytes:
        with open(path, "rb") as f:
            return f.read(n)
    return head


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
    st = path.stat()
    return SourceItem(str(path), st.st_size, path.read_bytes, _file_head(path),
                      (os.path.abspath(path), st.st_size, st.st_mtime_ns))


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
            if name.lower().endswith(".iso") and is_iso_image(p):
                listing.extend(list_iso(p))
                continue
            try:
                listing.items.append(_file_item(p))
            except OSError as exc:
                listing.problems.append((str(p), exc.strerror or str(exc)))
    return listing


Entry = tuple  # (size, read, head): what a zip or ISO holds under one name


def _list_tree(label: str, entries: dict[str, Entry]) -> SourceListing:
    """Listing of a file tree that is not a folder (zip, ISO image): ``{posix path: (size, read)}``.
    DICOMDIRs inside are followed record by record, like on disk."""
    listing = SourceListing()
    upper = {name.upper(): name for name in entries}
    taken: set[str] = set()
    for name in sorted(entries):
        if not _is_dicomdir_name(name):
            continue
        base = PurePosixPath(name).parent
        try:
            ds = pydicom.dcmread(io.BytesIO(entries[name][1]()))
        except Exception as exc:
            listing.problems.append((f"{label}!{name}", f"unreadable DICOMDIR: {exc}"[:300]))
            continue
        for parts in _referenced_file_ids(ds):
            rel = str(base.joinpath(*parts)) if str(base) != "." else str(PurePosixPath(*parts))
            member = rel if rel in entries else upper.get(rel.upper())
            if member is None:
                listing.missing.append(f"{label}!{rel}")
            elif member not in taken:
                taken.add(member)
                listing.items.append(SourceItem(f"{label}!{member}", *entries[member]))
    for name in sorted(entries):
        if name not in taken:
            listing.items.append(SourceItem(f"{label}!{name}", *entries[name]))
    return listing


def list_zip(path: Path) -> SourceListing:
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        return SourceListing(problems=[(str(path), f"unreadable zip: {exc}")])
    lock = threading.Lock()

    def reader(info: zipfile.ZipInfo):
        def read(limit: int = -1) -> bytes:
            with lock, zf.open(info) as f:
                return f.read(limit)
        return read

    return _list_tree(str(path), {i.filename: (i.file_size, reader(i), reader(i)) for i in infos})


def is_iso_image(path: Path) -> bool:
    """An ISO 9660 image (a CD copied to a file): ``CD001`` at sector 16."""
    try:
        with open(path, "rb") as f:
            f.seek(0x8001)
            return f.read(5) == b"CD001"
    except OSError:
        return False


def _iso_name(component: str) -> str:
    """ISO 9660 names carry a version (``I10.;1``) and a dot when there is no extension."""
    name = component.split(";", 1)[0]
    return name[:-1] if name.endswith(".") else name


def list_iso(path: Path) -> SourceListing:
    """Files of a CD image (ISO 9660; Rock Ridge or Joliet names when present), read with pycdlib."""
    import pycdlib

    iso = pycdlib.PyCdlib()
    try:
        iso.open(str(path))
    except Exception as exc:  # pycdlib raises PyCdlibInvalidInput and friends on damaged images
        return SourceListing(problems=[(str(path), f"unreadable CD image: {exc}"[:300])])
    facade = "rr_path" if iso.has_rock_ridge() else "joliet_path" if iso.has_joliet() else "iso_path"
    lock = threading.Lock()

    def reader(full: str):
        def read(limit: int = -1) -> bytes:
            with lock, iso.open_file_from_iso(**{facade: full}) as f:
                return f.read(limit)
        return read

    entries: dict[str, Entry] = {}
    with lock:
        for dirname, _dirs, files in iso.walk(**{facade: "/"}):
            for name in files:
                full = f"{dirname.rstrip('/')}/{name}"
                rel = "/".join(_iso_name(c) for c in full.strip("/").split("/"))
                size = iso.get_record(**{facade: full}).get_data_length()
                entries[rel] = (size, reader(full), reader(full))
    return _list_tree(str(path), entries)


def list_sources(paths: list[Path]) -> SourceListing:
    """Flatten the given folders, zips, DICOMDIR files and single files into one listing."""
    listing = SourceListing()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            listing.extend(list_folder(p))
        elif p.is_file() and _is_dicomdir_name(p.name):
            listing.extend(list_folder(p.parent))
        elif p.is_file() and is_iso_image(p):
            listing.extend(list_iso(p))
        elif p.is_file() and zipfile.is_zipfile(p):
            listing.extend(list_zip(p))
        elif p.is_file():
            listing.items.append(_file_item(p))
        else:
            listing.problems.append((str(p), "no such file or folder"))
    return listing
