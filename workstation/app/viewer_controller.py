"""``ViewerController``: the service other panels use to show images.

    controller.open_study(study_uid)            # default layout, one series per viewport
    controller.open_series(series_uid, index)   # into viewport ``index`` (default: active one)
    controller.open_paths([folder_or_files])    # files not in the archive
    controller.open_volume(volume, index)       # an already loaded Volume

Loading runs on a worker thread (``viewer.model.series_stream``); the middle image shows as soon as
it is decoded, the rest streams in with progress in the viewport and the status bar.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from viewer.model.series_stream import SeriesOpenError, preview_volume, stream_series
from viewer.model.windowing import default_window
from workstation.session.light_start import DEFAULT_LAYOUTS, default_layout, hang_order  # noqa: F401 - (re-exported)

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.25


class _LoadSignals(QObject):
    first = Signal(int, int, object)  # viewport index, request id, first image (Volume)
    progress = Signal(int, int, int, int)  # viewport index, request id, done, total
    done = Signal(int, int, object)  # viewport index, request id, StreamResult
    failed = Signal(int, int, str)


class ViewerController(QObject):
    """Signals: ``message(str)`` for the status bar, ``progress(int done, int total)``,
    ``series_opened(int index, object volume)`` once a series is fully loaded, ``error(str)``,
    ``link_requested(object point)`` once every series of a study hung for linked reading (``hang_series``)
    is loaded (``point``: the LPS point to open on, or None for the active viewport's slice)."""

    message = Signal(str)
    progress = Signal(int, int)
    series_opened = Signal(int, object)
    error = Signal(str)
    first_image = Signal(int)  # viewport index: it just got the first image of a series to show
    link_requested = Signal(object)

    def __init__(self, grid, archive=None, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.archive = archive
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="series-load")
        # first images of every viewport come before any full load (a 2x2 study shows 4 images at once)
        self._preview_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="series-preview")
        self._requests: dict[int, tuple[int, threading.Event]] = {}  # viewport index -> (id, cancel)
        self._next_id = 0
        self._signals = _LoadSignals()
        self._signals.first.connect(self._on_first)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._link_pending: set[int] = set()  # viewports still loading a study that opens linked
        self._link_focus = None
        self._held_loads: list | None = None  # full loads waiting for ``release_full_loads`` (start-up)
        self.study_uid: str | None = None  # the study ``open_study`` opened last
        self.seg_handler = None  # SEG series are overlaid, not opened (workstation.ui.ai_overlay_manager)
        grid.series_dropped.connect(lambda index, uid: self.open_series(uid, index))

    # ---- public API --------------------------------------------------------------------------
    def open_study(self, study_uid: str, layout: str | None = None, focus=None) -> list[str]:
        """Open every series of a study from the archive, one per viewport, in a layout that fits; a
        study hangs by its hanging protocol's first stage (``workstation.reading.hanging``: a brain-tumour MR as
        FLAIR, T1 post-contrast, T2, T1, linked; the other image series after them; localizers, dose reports,
        screen captures, SEG, SR and presentation states never), on the slices through ``focus`` (LPS mm) when
        given. Returns the series UIDs opened."""
        from workstation.reading.hanging import series_from_archive

        if self.archive is None:
            return []
        ordered, linked = hang_order(series_from_archive(self.archive, study_uid))  # (the light start's choice too)
        self.study_uid = study_uid
        if self.seg_handler is not None:  # its SEGs go over their source series once those are shown
            self.seg_handler.study_opened(study_uid)
        if not ordered:
            self.error.emit(self.tr("This study has no images in the archive."))
            return []
        self.grid.set_layout(layout or default_layout(len(ordered)))
        uids = ordered[: len(self.grid.viewports)]
        for index, uid in enumerate(uids):
            self.open_series(uid, index)
        self._link_pending = set(range(len(uids))) if linked else set()
        self._link_focus = focus
        self.grid.set_active(0)
        self.grid.active_viewport().setFocus()  # the keys go to the images, not the list it was opened from
        return uids

    def open_series(self, series_uid: str, index: int | None = None) -> None:
        """Load a series of the archive into viewport ``index`` (default: the active one)."""
        if self.archive is None:
            return
        if self.seg_handler is not None and self.seg_handler.handles(series_uid):
            self.seg_handler.overlay_series(series_uid, self.grid.active_index if index is None else index)
            return
        files = self.archive.series_images(series_uid)  # paths + the headers the archive indexed: none is read again
        if not files:
            self.error.emit(self.tr("No files for this series in the archive."))
            return
        # files come sorted by instance number: the middle one is shown before the others are scanned
        preview = files[len(files) // 2] if len(files) >= 3 else None
        if index is None or index == self.grid.active_index:
            self.grid.active_viewport().setFocus()
        self.open_paths(files, index, series_uid=series_uid, preview_file=preview)

    def open_paths(self, paths, index: int | None = None, series_uid: str | None = None,
                   preview_file: str | None = None) -> None:
        """Load files/folders (largest stack, or ``series_uid``) into viewport ``index``;
        ``preview_file`` (one of them) is shown first, alone, while the rest is read."""
        index = self.grid.active_index if index is None else index
        self.cancel(index)
        self._next_id += 1
        rid, cancel = self._next_id, threading.Event()
        self._requests[index] = (rid, cancel)
        sig = self._signals
        last = [0.0]

        def progress(done: int, total: int) -> None:  # worker thread; at most ~4 updates a second (a render holds the GIL)
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S or done >= total:
                last[0] = now
                sig.progress.emit(index, rid, done, total)

        once = threading.Lock()  # the full read runs once: released after the start's first image, or at once
        # when this preview shows nothing

        def preview() -> None:
            shown = False
            try:
                if not cancel.is_set():
                    volume = preview_volume(preview_file)
                    if volume is not None and not cancel.is_set():
                        sig.first.emit(index, rid, volume)
                        shown = True
            finally:
                if not shown and held:
                    self._pool.submit(full_read)

        def full_read() -> None:
            if once.acquire(blocking=False):
                work()

        def work() -> None:
            try:
                on_first = None if preview_file else (lambda v: sig.first.emit(index, rid, v))
                result = stream_series(paths, on_first=on_first, on_progress=progress, cancel=cancel,
                                       series_uid=series_uid)
            except SeriesOpenError as exc:
                sig.failed.emit(index, rid, str(exc))
                return
            except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
                if type(exc).__name__ == "LoadCancelled":
                    return
                log.exception("series load failed")
                sig.failed.emit(index, rid, f"{type(exc).__name__}: {exc}")
                return
            if not cancel.is_set():
                sig.done.emit(index, rid, result)

        self.message.emit(self.tr("Opening series…"))
        held = preview_file is not None and self._held_loads is not None
        if held:  # its first image comes from the preview: the full read waits
            self._held_loads.append(full_read)
        if preview_file:
            self._preview_pool.submit(preview)
        if not held:
            self._pool.submit(full_read)

    def hold_full_loads(self) -> None:
        """Start-up: series opened from now on show their one-image preview, but their full read (which
        competes with the previews for the interpreter) waits for ``release_full_loads``."""
        if self._held_loads is None:
            self._held_loads = []

    def release_full_loads(self) -> int:
        """Start the full reads held since ``hold_full_loads`` (in the order they were asked for); returns how
        many were waiting."""
        held, self._held_loads = self._held_loads or [], None
        for work in held:
            try:
                self._pool.submit(work)
            except RuntimeError:  # shut down meanwhile (the window closed): nothing to read any more
                break
        return len(held)

    def open_volume(self, volume, index: int | None = None) -> None:
        """Show an already loaded ``Volume`` in viewport ``index`` (GUI thread)."""
        index = self.grid.active_index if index is None else index
        self.cancel(index)
        vp = self.grid.viewports[index]
        vp.state.set_volume(volume)
        vp.state.set_loaded_fraction(1.0)
        self.series_opened.emit(index, volume)

    def cancel(self, index: int) -> None:
        """Stop loading into viewport ``index`` (what it shows stays)."""
        req = self._requests.pop(index, None)
        if req is not None:
            req[1].set()

    def shutdown(self) -> None:
        for _rid, ev in self._requests.values():
            ev.set()
        self._preview_pool.shutdown(wait=True, cancel_futures=True)
        self._pool.shutdown(wait=True, cancel_futures=True)

    # ---- worker results (GUI thread) ---------------------------------------------------------
    def _current(self, index: int, rid: int) -> bool:
        """Is ``rid`` still the request of viewport ``index`` (not cancelled, not replaced, not done)?"""
        req = self._requests.get(index)
        return req is not None and req[0] == rid and not req[1].is_set() and index < len(self.grid.viewports)

    def _on_first(self, index: int, rid: int, volume) -> None:
        if self._current(index, rid):
            state = self.grid.viewports[index].state
            state.loaded_fraction = 0.0
            state.set_volume(volume)
            self.first_image.emit(index)

    def _on_progress(self, index: int, rid: int, done: int, total: int) -> None:
        if self._current(index, rid):
            state = self.grid.viewports[index].state
            if state.volume is not None:
                state.set_loaded_fraction(done / max(1, total) * 0.999)
            self.progress.emit(done, total)

    def _on_done(self, index: int, rid: int, result) -> None:
        if not self._current(index, rid):
            return
        self._requests.pop(index, None)
        state = self.grid.viewports[index].state
        state.loaded_fraction = 1.0
        first = state.volume
        keep = first is not None and first.series_instance_uid == result.volume.series_instance_uid
        preview = keep and first.voxels.shape != result.volume.voxels.shape
        # the window the first image opened with, unless the user changed it meanwhile, gives way to
        # the series' own (a one-image preview only knows its own file's VOI)
        untouched = keep and state.window == default_window(first)
        state.set_volume(result.volume, keep_view=keep)
        if not keep:  # the whole series came before its preview (a slow preview, a busy machine): this is its
            self.first_image.emit(index)  # first image all the same (the reading context labels it from it)
        if preview:  # nobody can scroll a one-image preview: open on the middle slice as usual (for a
            state.set_slice(state.slice_count // 2)  # 3D series that is the previewed middle instance)
        if untouched:
            state.set_window(default_window(result.volume))
        self.progress.emit(1, 1)
        msg = self.tr("Series loaded.")
        if result.warnings:
            msg += " " + "; ".join(result.warnings[:2])
        self.message.emit(msg)
        if index in self._link_pending:
            self._link_pending.discard(index)
            if not self._link_pending:
                self.link_requested.emit(self._link_focus)
        self.series_opened.emit(index, result.volume)

    def _on_failed(self, index: int, rid: int, text: str) -> None:
        if not self._current(index, rid):
            return  # replaced or cancelled meanwhile: nobody waits for this one
        self._requests.pop(index, None)
        self._link_pending.clear()
        self.error.emit(self.tr("Cannot open the series: %s") % text)
