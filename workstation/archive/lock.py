"""Who may run recovery: an advisory lock on ``archive_dir/archive.lock``.

Every process that has the archive open holds a *shared* lock. Recovery (which deletes temp files and
indexes files without rows) needs the *exclusive* lock, i.e. no other process using the archive right
now, so it never touches another process's import in flight. POSIX ``flock``; where that is missing
(Windows) recovery always runs.
"""
from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class ArchiveLock:
    def __init__(self, path: Path):
        self.fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def try_exclusive(self) -> bool:
        """Take the exclusive lock if no other process holds the archive open."""
        if fcntl is None:
            return True
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def shared(self) -> None:
        """Hold the archive open (waits while another process is recovering it)."""
        if fcntl is not None:
            fcntl.flock(self.fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None
