"""Autosave journal for reports being typed: nothing typed is ever lost, also on a crash.

The editor calls ``DraftJournal.write`` on every change (it is cheap: one small JSON file per order,
written to a temporary file, fsync'ed and atomically renamed over the old one, so a crash mid-write leaves
the previous complete copy). When the draft is saved to the database the journal entry is discarded; a
journal entry still there at the next opening is a draft the database never got, and ``recover`` returns it.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workstation.reading.audit import utcnow
from workstation.reading.records import Report


@dataclass(frozen=True)
class JournalEntry:
    order_id: int
    user: str
    saved_at: datetime
    base_version: int
    report: Report


class DraftJournal:
    def __init__(self, folder: Path | None = None):
        if folder is None:
            from workstation.paths import home_dir
            folder = home_dir() / "drafts"
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, order_id: int) -> Path:
        return self.folder / f"order-{int(order_id)}.json"

    def write(self, order_id: int, report: Report, user: str = "", base_version: int = 0) -> Path:
        """Durably record what is typed now (may run on a worker thread)."""
        data = {"order_id": int(order_id), "user": user, "saved_at": utcnow().isoformat(),
                "base_version": base_version, "report": report.content()}
        target = self._path(order_id)
        fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if hasattr(os, "O_DIRECTORY"):
            dfd = os.open(self.folder, os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        return target

    def read(self, order_id: int) -> JournalEntry | None:
        path = self._path(order_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            # unreadable: keep it aside for a person rather than lose or crash on it
            path.replace(path.with_suffix(".corrupt"))
            return None
        rep = data.get("report") or {}
        return JournalEntry(int(data["order_id"]), data.get("user", ""), datetime.fromisoformat(data["saved_at"]),
                            int(data.get("base_version", 0)), Report.from_worker_result(rep))

    def recover(self, order_id: int, saved: Report) -> JournalEntry | None:
        """The journal entry for ``order_id`` if it holds something the database copy ``saved`` does not."""
        entry = self.read(order_id)
        if entry is None:
            return None
        if entry.report.content() == saved.content():
            self.discard(order_id)
            return None
        return entry

    def discard(self, order_id: int) -> None:
        self._path(order_id).unlink(missing_ok=True)

    def pending(self) -> list[int]:
        """Orders with unsaved typing in the journal (e.g. after a crash)."""
        out = []
        for p in self.folder.glob("order-*.json"):
            try:
                out.append(int(p.stem.split("-", 1)[1]))
            except ValueError:
                continue
        return sorted(out)
