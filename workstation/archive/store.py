"""The managed file store: every instance lives at a path derived from its UIDs, written atomically.

Layout under the archive folder::

    store/<study uid>/<series uid>/<sop instance uid>.dcm
    store/.tmp/                      files being written (removed on recovery)
    quarantine/<sop uid>.<sha256 prefix>.dcm   same UID, different content: kept aside, never stored

A write is: temp file in ``store/.tmp`` → ``fsync`` → ``rename`` onto the final path → ``fsync`` of the
directories that changed. Only after that may the database row be committed.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import threading
import uuid
from pathlib import Path

from .validate import uid_problem, valid_uid


class UnsafePath(ValueError):
    """A path that header values (or a damaged row) would make leave the archive's store."""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _publish(tmp: Path, final: Path, leave_temp: list | None = None) -> None:
    """Move a finished temp file onto its final name, atomically and without replacing anything.
    ``leave_temp``: do not unlink the temp name now (one metadata operation less on the caller's
    path); it is appended to this list for the caller to remove later (``remove_temps``)."""
    try:
        os.link(tmp, final)  # fails with FileExistsError if a file is there: no silent overwrite
    except FileExistsError:
        raise
    except OSError:  # file system without hard links: best effort
        if final.exists():
            raise FileExistsError(final) from None
        os.replace(tmp, final)
        return
    if leave_temp is not None:
        leave_temp.append(tmp)
    else:
        os.unlink(tmp)


def _libc(name: str, argtypes: list):
    """A libc function by ``name`` (Linux: ``syncfs``, ``linkat``) returning an int, or ``None``."""
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes = argtypes
    fn.restype = ctypes.c_int
    return fn


_SYNCFS = _libc("syncfs", [ctypes.c_int])  # everything written to one file system, durable
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
# linkat names an unnamed (O_TMPFILE) file
_LINKAT = _libc("linkat", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int])
_AT_FDCWD, _AT_SYMLINK_FOLLOW = -100, 0x400


def _write_all(fd: int, data: bytes, sync: bool) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    if sync:
        os.fsync(fd)



def _link_fd(fd: int, target: Path) -> None:
    """Give the open unnamed file ``fd`` the name ``target``: ``linkat`` of ``/proc/self/fd/N`` with
    ``AT_SYMLINK_FOLLOW`` (``os.link`` takes that path only when given a folder's fd: one open more)."""
    src = f"/proc/self/fd/{fd}"
    if _LINKAT is not None:
        if _LINKAT(_AT_FDCWD, src.encode(), _AT_FDCWD, os.fsencode(target), _AT_SYMLINK_FOLLOW) == 0:
            return
        err = ctypes.get_errno()
        raise (FileExistsError if err == errno.EEXIST else OSError)(err, os.strerror(err), str(target))
    dfd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.link(src, target.name, dst_dir_fd=dfd, follow_symlinks=True)
    finally:
        os.close(dfd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse directory fsync
        pass
    finally:
        os.close(fd)


class FileStore:
    """Atomic, UID-addressed file storage. Thread-safe (no shared mutable state but the dir cache)."""

    def __init__(self, root: Path):
        self.archive_dir = Path(root)
        self.root = self.archive_dir / "store"
        self.tmp = self.root / ".tmp"
        self.quarantine_dir = self.archive_dir / "quarantine"
        for d in (self.root, self.tmp, self.quarantine_dir):
            d.mkdir(parents=True, exist_ok=True)
        self._known_dirs: set[Path] = set()
        self._lock = threading.Lock()
        self.anonymous_temps = _O_TMPFILE != 0 and self._probe_anonymous()

    def _probe_anonymous(self) -> bool:
        """Can this file system make unnamed files (``O_TMPFILE``) and link them by ``/proc/self/fd``?"""
        try:
            fd = os.open(self.tmp, _O_TMPFILE | os.O_WRONLY, 0o644)
        except OSError:
            return False
        probe = self.tmp / f"probe-{uuid.uuid4().hex}.part"
        try:
            _link_fd(fd, probe)
            probe.unlink()
            return True
        except OSError:
            return False
        finally:
            os.close(fd)

    @staticmethod
    def relative_path(study_uid: str, series_uid: str, sop_uid: str) -> str:
        """Store-relative POSIX path of an instance (what the database keeps). The one place a path is
        built from header values: raises ``UnsafePath`` unless all three are valid UIDs (PS3.5 9.1)."""
        for name, uid in (("StudyInstanceUID", study_uid), ("SeriesInstanceUID", series_uid),
                          ("SOPInstanceUID", sop_uid)):
            problem = uid_problem(name, uid)
            if problem:
                raise UnsafePath(problem)
        return f"{study_uid}/{series_uid}/{sop_uid}.dcm"

    def absolute(self, relative: str) -> Path:
        """The file of a store-relative path; ``UnsafePath`` for one that could leave the store
        (absolute, ``..``, ``.``, empty components), whatever wrote it."""
        parts = relative.split("/")
        if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
            raise UnsafePath(f"stored path {relative[:200]!r} would leave the archive's store")
        return self.root / relative

    def contains(self, path: Path) -> bool:
        """Whether ``path``, symbolic links resolved, lies inside the store."""
        root = os.path.realpath(self.root)
        return os.path.realpath(path).startswith(root + os.sep)

    def _ensure_dir(self, directory: Path, new_dirs: set[Path]) -> None:
        if directory in self._known_dirs:
            return
        if not self.contains(directory / "x"):  # a symbolic link inside the store pointing out of it
            raise UnsafePath(f"folder {directory} leads outside the archive's store")
        missing = []
        d = directory
        while not d.exists() and d != self.root:
            missing.append(d)
            d = d.parent
        directory.mkdir(parents=True, exist_ok=True)
        if not self.contains(directory / "x"):
            raise UnsafePath(f"folder {directory} leads outside the archive's store")
        for m in missing:  # the new folder's entry lives in its parent
            new_dirs.add(m.parent)
        with self._lock:
            self._known_dirs.add(directory)

    def new_temp(self) -> tuple[Path | None, int]:
        """A new empty temp file, open for writing: ``(path, fd)``; ``(None, fd)`` for an unnamed one
        (``O_TMPFILE``, where the file system has it). Receivers create a few ahead of time (``temp=``
        of ``write``) so the create is off their critical path."""
        if self.anonymous_temps:
            return None, os.open(self.tmp, _O_TMPFILE | os.O_WRONLY, 0o644)
        tmp = self.tmp / f"{uuid.uuid4().hex}.part"
        return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)

    @staticmethod
    def drop_temp(temp: tuple[Path | None, int]) -> None:
        """Close and delete an unused ``new_temp()`` file."""
        os.close(temp[1])
        if temp[0] is not None:
            temp[0].unlink(missing_ok=True)

    def write(self, relative: str, data: bytes, sync: bool = True, dirs_to_sync: set[Path] | None = None,
              temp: tuple[Path, int] | None = None, leave_temp: list | None = None) -> Path:
        """Write ``data`` atomically at ``relative``; return the final path.

        With ``sync=False`` the caller must call ``sync_files``/``sync_dirs`` before committing rows
        (the batched import path). Never replaces an existing file: raises ``FileExistsError`` when
        another writer (another process) put one there first. ``temp``: a ``new_temp()`` to write into
        (consumed either way). ``leave_temp``: a list that receives the temp name, still linked to the
        file, for the caller to ``remove_temps`` later (recovery clears any left behind). May run on a
        worker thread.
        """
        final = self.absolute(relative)
        new_dirs: set[Path] = set()
        try:
            self._ensure_dir(final.parent, new_dirs)
        except BaseException:
            if temp is not None:
                self.drop_temp(temp)
            raise
        if temp is None and self.anonymous_temps:
            temp = self.new_temp()
        if temp is not None and temp[0] is None:
            self._write_anonymous(final, data, sync, temp[1])
        else:
            tmp, fd = temp if temp is not None else self.new_temp()
            try:
                _write_all(fd, data, sync)
            finally:
                os.close(fd)
            try:
                _publish(tmp, final, leave_temp)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        dirs = new_dirs | {final.parent}
        if sync:
            for d in dirs:
                _fsync_dir(d)
        elif dirs_to_sync is not None:
            dirs_to_sync |= dirs
        return final

    @staticmethod
    def _write_anonymous(final: Path, data: bytes, sync: bool, fd: int) -> None:
        """Write the unnamed file ``fd`` (``O_TMPFILE``) and link it at ``final`` (never replacing a
        file). One directory entry instead of three (temp create, link, temp unlink); a crash leaves
        nothing behind. Closes ``fd``."""
        try:
            _write_all(fd, data, sync)
            _link_fd(fd, final)  # FileExistsError if a file is there
        finally:
            os.close(fd)

    @staticmethod
    def fsync_file(path) -> None:
        """fsync one file written with ``sync=False`` (then its folder via ``sync_dirs``)."""
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    @staticmethod
    def sync_dirs(dirs) -> None:
        for d in dirs:
            _fsync_dir(d)

    def sync_filesystem(self) -> bool:
        """Make everything written to the store's file system durable with ONE ``syncfs`` (Linux): all
        files and folders of a batch, for the price of one journal commit instead of one per file.
        ``False`` where ``syncfs`` is not available or failed (then fsync file by file)."""
        if _SYNCFS is None:
            return False
        fd = os.open(self.root, os.O_RDONLY)
        try:
            return _SYNCFS(fd) == 0
        finally:
            os.close(fd)

    @staticmethod
    def remove_temps(paths) -> None:
        """Unlink temp names left by ``write(leave_temp=...)`` (their files live on under their final name)."""
        for p in paths:
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass

    def quarantine(self, sop_uid: str, data: bytes) -> Path:
        """Keep a conflicting copy aside (durably); never touches the stored instance."""
        h = content_hash(data)
        name = sop_uid if valid_uid(sop_uid) else "invalid-uid"
        target = self.quarantine_dir / f"{name}.{h[:16]}.dcm"
        if target.exists():
            return target
        self._write_quarantined(target, data)
        return target

    def quarantine_invalid(self, data: bytes, reason: str) -> Path:
        """Keep an instance the viewer could not use (or whose UIDs cannot name a path) aside, with its
        reason beside it (``invalid.<sha256 prefix>.dcm`` + ``.txt``); never stored as valid."""
        h = content_hash(data)[:16]
        target = self.quarantine_dir / f"invalid.{h}.dcm"
        if not target.exists():
            self._write_quarantined(self.quarantine_dir / f"invalid.{h}.txt", (reason + "\n").encode("utf-8"))
            self._write_quarantined(target, data)
        return target

    def _write_quarantined(self, target: Path, data: bytes) -> None:
        tmp = self.tmp / f"{uuid.uuid4().hex}.part"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync_dir(self.quarantine_dir)

    def remove(self, relative: str) -> None:
        try:
            self.absolute(relative).unlink()
        except FileNotFoundError:
            pass

    def clear_tmp(self) -> int:
        """Delete half-written temp files (after a crash). Returns how many."""
        n = 0
        for p in self.tmp.glob("*.part"):
            p.unlink(missing_ok=True)
            n += 1
        return n

    def iter_stored(self):
        """Yield store-relative paths of every stored file (``study/series/sop.dcm``); symbolic links are
        not followed (nothing outside the store is ever taken for part of it)."""
        with os.scandir(self.root) as studies:
            for study in studies:
                if not study.is_dir(follow_symlinks=False) or study.name == ".tmp":
                    continue
                with os.scandir(study.path) as series_dirs:
                    for series in series_dirs:
                        if not series.is_dir(follow_symlinks=False):
                            continue
                        with os.scandir(series.path) as files:
                            for f in files:
                                if f.is_file(follow_symlinks=False) and f.name.endswith(".dcm"):
                                    yield f"{study.name}/{series.name}/{f.name}"

    def has_files(self) -> bool:
        gen = self.iter_stored()
        try:
            return next(gen, None) is not None
        finally:
            gen.close()
