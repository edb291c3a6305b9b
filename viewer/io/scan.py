"""``scan``: find every stack under some paths from headers alone; ``load_path``: scan and load.

Bad input never raises: a file that is not DICOM, is truncated, has no pixels, or whose matrix
differs from the rest of its series is listed in ``skipped`` with the reason, and the rest loads.
"""
from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

from viewer.geometry.volume import Volume

from .frame_split import frames_of
from .frames import Frame, NotAnImage, read_file_info
from .indexed import IndexedFile, header_from_record
from .pixels import DecodeError
from .sources import Source, iter_sources
from .stack import LoadCancelled, Stack
from .stacking import compute_geometry, group_frames, order_slices


class _Record:
    """Compared and shown by its fields, like a dataclass (plain classes: building dataclasses costs
    milliseconds at ``convert``'s start-up)."""

    __slots__ = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, f) for f in self.__slots__)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    __hash__ = None  # mutable, as a non-frozen dataclass

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__slots__)
        return f"{type(self).__name__}({inner})"


class Skipped(_Record):
    __slots__ = ("file", "reason", "series_instance_uid")

    def __init__(self, file: str, reason: str, series_instance_uid: str = ""):
        self.file = file
        self.reason = reason
        self.series_instance_uid = series_instance_uid  # when the header could be read


class ScanResult(_Record):
    __slots__ = ("stacks", "skipped")

    def __init__(self, stacks: list[Stack] | None = None, skipped: list[Skipped] | None = None):
        self.stacks = [] if stacks is None else stacks
        self.skipped = [] if skipped is None else skipped


class LoadResult(_Record):
    __slots__ = ("volumes", "skipped", "stacks")

    def __init__(self, volumes: list[Volume] | None = None, skipped: list[Skipped] | None = None,
                 stacks: list[Stack] | None = None):
        self.volumes = [] if volumes is None else volumes
        self.skipped = [] if skipped is None else skipped
        self.stacks = [] if stacks is None else stacks


def _read_frames(paths, skipped: list[Skipped], progress=None, cancel=None) -> list[Frame]:
    frames: list[Frame] = []
    listed = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    records = {str(Path(p.path)): p.record for p in listed if isinstance(p, IndexedFile) and p.record}
    sources = list(iter_sources(listed))
    for n, src in enumerate(sources, 1):
        if cancel is not None and cancel.is_set():
            raise LoadCancelled()
        if progress is not None:
            progress(n, len(sources))
        if not isinstance(src, Source):
            skipped.append(Skipped(*src))
            continue
        try:
            record = records.get(src.path) if src.member is None else None
            info = read_file_info(src, header_from_record(record, src.path) if record else None)
            frames.extend(frames_of(info))
        except NotAnImage as exc:
            if not exc.ignore:
                skipped.append(Skipped(src.name, str(exc), exc.series_uid))
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, never raised
            skipped.append(Skipped(src.name, f"truncated or damaged DICOM file ({type(exc).__name__}: {exc})"))
    return frames


def _drop_duplicates(frames: list[Frame], skipped: list[Skipped]) -> list[Frame]:
    """The same SOP instance found twice (copied files, a CD plus its backup): keep the first."""
    seen: dict[tuple[str, int], str] = {}
    keep, dup_files = [], {}
    for fr in frames:
        uid = str(fr.file.header.get("SOPInstanceUID", ""))
        key = (uid, fr.frame_index, fr.mosaic_tile if fr.mosaic_tile is not None else -1)
        name = fr.file.source.name
        if uid and key in seen and seen[key] != name:
            dup_files[name] = (seen[key], str(fr.file.header.get("SeriesInstanceUID", "")))
            continue
        seen.setdefault(key, name)
        keep.append(fr)
    for name, (first, series) in dup_files.items():
        skipped.append(Skipped(name, f"duplicate of {first} (same SOP Instance UID)", series))
    return keep


def _drop_odd_matrices(frames: list[Frame], skipped: list[Skipped]) -> list[Frame]:
    """A lone file whose matrix size differs from the rest of its (multi-file) series is a broken
    slice, not a stack of its own: skip and report it."""
    by_series: dict[str, list[Frame]] = {}
    for fr in frames:
        by_series.setdefault(str(fr.file.header.get("SeriesInstanceUID", "")), []).append(fr)
    keep: list[Frame] = []
    for series, members in by_series.items():
        sizes = Counter((f.rows, f.cols) for f in members if f.mosaic_tile is None and f.file.n_frames == 1)
        if len(sizes) > 1 and series:
            main, main_n = sizes.most_common(1)[0]
            # only a small minority is treated as broken; real mixed series keep every stack
            for size, n in sizes.items():
                if size != main and n <= max(1, main_n // 10) and main_n >= 3:
                    for f in members:
                        if (f.rows, f.cols) == size and f.file.n_frames == 1 and f.mosaic_tile is None:
                            skipped.append(Skipped(f.file.source.name,
                                                   f"matrix {f.cols}x{f.rows} differs from the rest of the "
                                                   f"series ({main[1]}x{main[0]})", series))
                    members = [f for f in members if (f.rows, f.cols) != size]
        keep.extend(members)
    return keep


def scan(paths: Iterable[str | os.PathLike] | str | os.PathLike,
         progress: Callable[[int, int], None] | None = None,
         cancel: threading.Event | None = None) -> ScanResult:
    """Headers only (fast): every stack under ``paths`` (files, folders, zip archives).
    May run on a worker thread; ``progress(files_read, files_total)`` is called from it, and a set
    ``cancel`` event raises :class:`LoadCancelled`."""
    result = ScanResult()
    frames = _read_frames(paths, result.skipped, progress, cancel)
    frames = _drop_odd_matrices(_drop_duplicates(frames, result.skipped), result.skipped)
    for group in group_frames(frames):
        slices, warnings = order_slices(group)
        _report_left_out(group, slices, result.skipped)
        try:
            geom = compute_geometry(slices[0])
        except Exception as exc:  # noqa: BLE001 - a geometry we cannot build is reported
            for f in {fr.file.source.name for fr in group}:
                result.skipped.append(Skipped(f, f"unusable geometry ({exc})", _series(group[0])))
            continue
        result.stacks.append(Stack(slices, geom, warnings))
    result.stacks.sort(key=_stack_order)
    return result


def _report_left_out(group: list[Frame], slices: list[list[Frame]], skipped: list[Skipped]) -> None:
    """Files none of whose frames made it into the stack (positions repeating unevenly) are named."""
    kept = {id(fr.file) for t_slices in slices for fr in t_slices}
    seen: set[int] = set()
    for fr in group:
        if id(fr.file) not in kept and id(fr.file) not in seen:
            seen.add(id(fr.file))
            skipped.append(Skipped(fr.file.source.name, "left out: its slice position repeats more often than the "
                                   "others' in this series (an extra time point or a stray copy)", _series(fr)))


def _series(fr: Frame) -> str:
    return str(fr.file.header.get("SeriesInstanceUID", ""))


def skipped_for(stack: Stack, skipped: list[Skipped]) -> list[Skipped]:
    """The skipped files that belong with ``stack``: same series, or (series unknown) same folder."""
    folders = {os.path.dirname(f) for f in stack.files}
    return [s for s in skipped
            if (s.series_instance_uid and s.series_instance_uid == stack.series_instance_uid)
            or (not s.series_instance_uid and os.path.dirname(s.file) in folders)]


def _stack_order(st: Stack):
    try:
        number = float(st.series_number)
    except ValueError:
        number = float("inf")
    return (st.study_instance_uid, number, st.series_instance_uid)


def load_path(path: str | os.PathLike | Iterable[str | os.PathLike]) -> LoadResult:
    """Scan and load everything under ``path``. May run on a worker thread."""
    sr = scan(path)
    out = LoadResult(skipped=list(sr.skipped), stacks=sr.stacks)
    for st in sr.stacks:
        try:
            out.volumes.append(st.load())
        except DecodeError as exc:
            for f in st.files:
                out.skipped.append(Skipped(f, str(exc), st.series_instance_uid))
    return out
