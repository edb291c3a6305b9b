"""Where DICOM bytes come from: plain files, folders (recursively), zip files, CD images (ISO 9660, read
with pycdlib) and media with a DICOMDIR. The one byte-source module: the viewer's scan
(:class:`Source`, :func:`iter_sources`) and the archive's import (:class:`SourceItem`,
:func:`list_sources`) both read through it. No Qt, no database.

Hostile media are reported item by item, never followed: a DICOMDIR reference with ``..``, an absolute
path or a symbolic link out of the medium is refused (the medium's root confines it); a DICOMDIR whose
record offsets loop is reported and its records read in order instead (no hang); a symbolic-link loop
is one unreadable item, the rest is listed; ``cancel`` (a ``threading.Event``) stops a listing between
files. Files a DICOMDIR lists but the medium lacks are *missing* (CD file IDs are upper-case 8.3 names;
a case-insensitive match is tried first); files on the medium the DICOMDIR does not list are listed too.
"""
from __future__ import annotations

import functools
import io
import os
import threading
import warnings
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterable, Iterator

from viewer.io.dicomdir_records import (CaseInsensitiveDir, is_dicomdir_name, real_path, record_offsets_problem,
                                        referenced_file_ids)
from viewer.io.iso_image import is_iso_image, open_iso
from viewer.io.source_listing import Entry, SourceItem, SourceListing

#: file names that are never images (directory indexes of CDs, OS clutter); ignored silently by the viewer
IGNORED_NAMES = {"dicomdir", "dirfile", "thumbs.db", ".ds_store", "desktop.ini"}


# --------------------------------------------------------------------------- the viewer's sources
class Source:
    """One file: ``path`` on disk, or ``member`` of the zip archive or CD image (``.iso``) at ``path``.
    Immutable, compared and hashed by value. (A plain class: building a frozen dataclass costs
    milliseconds at ``convert``'s start-up.)"""

    __slots__ = ("path", "member")

    def __init__(self, path: str, member: str | None = None):
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "member", member)

    def __setattr__(self, name, value):
        raise AttributeError(f"Source is immutable (cannot set {name})")

    def __eq__(self, other) -> bool:
        return isinstance(other, Source) and (self.path, self.member) == (other.path, other.member)

    def __hash__(self) -> int:
        return hash((self.path, self.member))

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, member={self.member!r})"

    @property
    def name(self) -> str:
        """What to show a user: the path, or ``archive.zip!member``."""
        return f"{self.path}!{self.member}" if self.member else self.path

    def open(self) -> BinaryIO:
        """A binary file object positioned at the start (caller closes it)."""
        if self.member is None:
            return open(self.path, "rb")
        if _is_iso_name(self.path):
            size, read, _head = _iso_entries(self.path)[self.member]
            return io.BytesIO(read())
        with zipfile.ZipFile(self.path) as zf:
            return io.BytesIO(zf.read(self.member))

    def size(self) -> int:
        if self.member is None:
            return os.path.getsize(self.path)
        if _is_iso_name(self.path):
            return _iso_entries(self.path)[self.member][0]
        with zipfile.ZipFile(self.path) as zf:
            return zf.getinfo(self.member).file_size

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.name


def _ignored(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return base in IGNORED_NAMES or base.startswith("._")


def iter_sources(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Source | tuple[str, str]]:
    """Yield a :class:`Source` for every candidate file under ``paths`` (files, folders, zips, CD images),
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
                    if not _ignored(f):
                        yield from _file_sources(Path(root) / f)
        else:
            yield from _file_sources(p)


def _is_iso_name(path: str) -> bool:
    return path.lower().endswith(".iso")


@functools.lru_cache(maxsize=4)
def _iso_entries(path: str) -> dict[str, Entry]:
    """``{name: (size, read, head)}`` of a CD image, opened once for the viewer's repeated reads."""
    listing_or_entries = open_iso(Path(path))
    if isinstance(listing_or_entries, SourceListing):
        raise OSError(listing_or_entries.problems[0][1])
    return listing_or_entries


def _file_sources(p: Path) -> Iterator[Source | tuple[str, str]]:
    if _is_iso_name(p.name) and is_iso_image(p):
        try:
            names = sorted(_iso_entries(str(p)))
        except OSError as exc:
            yield (str(p), str(exc))
            return
        for m in names:
            if not _ignored(m):
                yield Source(str(p), m)
        return
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


def _file_head(path: Path) -> Callable[[int], bytes]:
    def head(n: int) -> bytes:
        with open(path, "rb") as f:
            return f.read(n)
    return head


def _file_item(path: Path) -> SourceItem:
    st = path.stat()
    return SourceItem(str(path), st.st_size, path.read_bytes, _file_head(path),
                      (os.path.abspath(path), st.st_size, st.st_mtime_ns))


def _dicomdir_on_disk(dicomdir: Path, listing: SourceListing) -> set[str]:
    """Add the files a DICOMDIR lists; return their real paths (so the walk does not add them twice)."""
    import pydicom  # here, not at the top: a plain folder or zip never imports pydicom (CLI start-up)
    from pydicom.fileset import FileSet

    try:
        ds = pydicom.dcmread(dicomdir)
    except Exception as exc:
        listing.problems.append((str(dicomdir), f"unreadable DICOMDIR: {type(exc).__name__}: {exc}"[:300]))
        return set()
    found: set[str] = set()
    root = dicomdir.parent
    resolver = CaseInsensitiveDir(root)
    loop = record_offsets_problem(ds)
    if loop:  # FileSet would follow the loop forever: report it, read the records in order below
        listing.problems.append((str(dicomdir), f"{loop}; its records were read in order instead"))
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pydicom warns once per missing file; we report them instead
                fs = FileSet(ds)
            for inst in fs:
                p = Path(inst.path)
                real = real_path(p)
                if real and resolver.inside(p) and p.is_file() and real not in found:
                    found.add(real)
                    listing.items.append(_file_item(p))
        except Exception:  # noqa: BLE001 - vendor hierarchies (Philips DIRFILE) FileSet cannot load: walk records
            pass
    for parts in referenced_file_ids(ds, str(dicomdir), listing):
        p = resolver.resolve(parts)
        if p is None:
            listing.missing.append(str(root.joinpath(*parts)))
        elif not resolver.inside(p):
            listing.problems.append((str(root.joinpath(*parts)), "DICOMDIR reference leads out of the medium "
                                                                  "(symbolic link): not followed"))
        elif (real := real_path(p)) not in found:
            found.add(real)
            listing.items.append(_file_item(p))
    return found


def list_folder(folder: Path, cancel: threading.Event | None = None) -> SourceListing:
    listing = SourceListing()
    taken: set[str] = set()
    walk = sorted(os.walk(folder, onerror=lambda e: listing.problems.append((e.filename, e.strerror))))
    for dirpath, _dirs, files in walk:
        for name in files:
            if is_dicomdir_name(name):
                taken |= _dicomdir_on_disk(Path(dirpath) / name, listing)
            if cancel is not None and cancel.is_set():
                listing.cancelled = True
                return listing
    inside = (real_path(folder) or str(folder)).rstrip(os.sep) + os.sep
    for dirpath, _dirs, files in walk:
        if cancel is not None and cancel.is_set():
            listing.cancelled = True
            return listing
        for name in sorted(files):
            p = Path(dirpath) / name
            real = real_path(p)
            if real is None:
                listing.problems.append((str(p), "unreadable: symbolic link loop or dangling link"))
                continue
            if not real.startswith(inside):
                listing.problems.append((str(p), "symbolic link out of the folder or medium: not followed"))
                continue
            if real in taken:
                continue
            try:
                if name.lower().endswith(".zip") and zipfile.is_zipfile(p):
                    listing.extend(list_zip(p))
                elif name.lower().endswith(".iso") and is_iso_image(p):
                    listing.extend(list_iso(p))
                else:
                    listing.items.append(_file_item(p))
            except OSError as exc:
                listing.problems.append((str(p), exc.strerror or str(exc)))
    return listing


def _list_tree(label: str, entries: dict[str, Entry]) -> SourceListing:
    """Listing of a file tree that is not a folder (zip, ISO image): ``{posix path: (size, read)}``.
    DICOMDIRs inside are followed record by record, like on disk, confined to the DICOMDIR's folder."""
    import pydicom  # here, not at the top: a plain folder or zip never imports pydicom (CLI start-up)

    listing = SourceListing()
    upper = {name.upper(): name for name in entries}
    taken: set[str] = set()
    for name in sorted(entries):
        if not is_dicomdir_name(name):
            continue
        base = PurePosixPath(name).parent
        try:
            ds = pydicom.dcmread(io.BytesIO(entries[name][1]()))
        except Exception as exc:
            listing.problems.append((f"{label}!{name}", f"unreadable DICOMDIR: {exc}"[:300]))
            continue
        for parts in referenced_file_ids(ds, f"{label}!{name}", listing):
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


def list_iso(path: Path) -> SourceListing:
    """Files of a CD image (ISO 9660; Rock Ridge or Joliet names when present), read with pycdlib."""
    entries = open_iso(path)
    return entries if isinstance(entries, SourceListing) else _list_tree(str(path), entries)


def list_sources(paths: list[Path], cancel: threading.Event | None = None) -> SourceListing:
    """Flatten the given folders, zips, CD images, DICOMDIR files and single files into one listing.
    ``cancel``: stop listing (``listing.cancelled``) as soon as it is set."""
    listing = SourceListing()
    for raw in paths:
        if cancel is not None and cancel.is_set():
            listing.cancelled = True
            break
        p = Path(raw)
        try:
            if p.is_dir():
                listing.extend(list_folder(p, cancel))
            elif p.is_file() and is_dicomdir_name(p.name):
                listing.extend(list_folder(p.parent, cancel))
            elif p.is_file() and is_iso_image(p):
                listing.extend(list_iso(p))
            elif p.is_file() and zipfile.is_zipfile(p):
                listing.extend(list_zip(p))
            elif p.is_file():
                listing.items.append(_file_item(p))
            else:
                listing.problems.append((str(p), "no such file or folder (or a symbolic link loop)"))
        except OSError as exc:
            listing.problems.append((str(p), exc.strerror or str(exc)))
    return listing
