"""What listing the import's sources gives: items to read (``SourceItem``) and what could not be listed
(``SourceListing``: items, files a DICOMDIR names that are missing, problems). Plain data for
``viewer.io.sources`` (folders, zips, DICOMDIR) and ``viewer.io.iso_image`` (CD images)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

Entry = tuple  # (size, read, head): what a zip or ISO holds under one name


@dataclass
class SourceItem:
    name: str  # what the report shows: a path, or "archive.zip!folder/file"
    size: int
    read: Callable[[], bytes]
    head: Callable[[int], bytes] | None = None  # head(n): the first n bytes, without reading the rest
    key: tuple[str, int, int] | None = None  # (absolute path, size, mtime ns) of a file on disk


@dataclass
class SourceListing:
    items: list[SourceItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # listed in a DICOMDIR, absent from the medium
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable sources
    cancelled: bool = False

    def extend(self, other: "SourceListing") -> None:
        self.items += other.items
        self.missing += [m for m in other.missing if m not in set(self.missing)]
        self.problems += other.problems
        self.cancelled = self.cancelled or other.cancelled
