"""The start's sequence after the window is up: the bundled demo study imported into an empty archive (off the GUI
thread), then the start study opened in its hanging protocol's layout, the first image drawn first, and the
session's deferred starts one per event-loop turn (``StartupSequence``). Used by ``workstation.app.launch``.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("workstation.app.launch")


def demo_study_uid() -> str | None:
    """StudyInstanceUID of the bundled demo study (read from its first file)."""
    import pydicom

    from resources import DEMO_DIR

    for f in sorted(DEMO_DIR.rglob("*")):
        if f.is_file() and f.suffix not in (".txt", ".md"):
            try:
                return str(pydicom.dcmread(f, stop_before_pixels=True).StudyInstanceUID)
            except Exception:  # noqa: BLE001 - not a DICOM file: try the next one
                continue
    return None


def import_demo(archive, progress=None, cancel: threading.Event | None = None) -> int:
    """Import the bundled demo study into ``archive``. Runs on a worker thread. Returns files stored."""
    from resources import DEMO_DIR

    try:
        from workstation.importer import ImportJob  # the archive part's importer, when present
    except ImportError:
        ImportJob = None  # noqa: N806
    if ImportJob is not None:
        def job_progress(p) -> None:
            if progress:
                progress(int(p.files_done), int(p.files_total))

        ImportJob(archive, [DEMO_DIR], progress=job_progress, cancel=cancel).run()
        return archive.counts().get("instances", 0)
    files = [f for f in sorted(DEMO_DIR.rglob("*")) if f.is_file() and f.suffix not in (".txt", ".md")]
    for n, f in enumerate(files):
        if cancel is not None and cancel.is_set():
            break
        archive.ingest_file(f, source="demo")
        if progress:
            progress(n + 1, len(files))
    return len(files)


class _Bridge(QObject):
    progress = Signal(int, int)
    imported = Signal()
    failed = Signal(str)


class StartupSequence(QObject):
    """Import the demo when needed, then open the start study; emits ``ready`` once it shows. The first
    viewport's image is drawn first (``first_frame``); then the other viewports of the layout make their OpenGL
    windows and the session's deferred starts run one per event-loop turn (docks, the study browser's selection,
    sync, receive service); at ``ready`` (or ``start_deferred()``) whatever still waits runs at once."""

    ready = Signal()
    first_frame = Signal(int)  # viewport index: its first image was just drawn (rendered) on screen

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.deferred = window.session.deferred
        self.bridge = _Bridge()
        self.bridge.progress.connect(window.status.show_progress)
        self.bridge.imported.connect(self._open_start_study)
        self.bridge.failed.connect(self._failed)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._waiting: set[int] = set()
        self._first_drawn = False
        self._ready_sent = False
        self._docks_built = True  # False while the docks wait in the deferred starts (``build_docks``)
        self._early_link: tuple | None = None  # a link asked for before the docks (the MPR panel links) existed
        window.controller.link_requested.connect(self._on_link_requested)
        window.controller.series_opened.connect(self._on_series_opened)
        window.controller.error.connect(lambda _m: self._finish_if_idle(force=True))
        window.controller.first_image.connect(self._on_first_image)
        self.ready.connect(self.start_deferred)

    def _on_first_image(self, index: int) -> None:
        if self._first_drawn or self.deferred.done:
            return
        self._first_drawn = True
        vp = self.window.grid.viewports[index]
        if vp.init_held:  # (a series whose preview came first into a held viewport)
            vp.initialize_now()
        else:
            vp.render_now()  # drawn now, before any deferred work
        self.first_frame.emit(index)
        self.window.controller.release_full_loads()
        QTimer.singleShot(0, self._continue_deferred)  # the event loop paints the window first

    def _continue_deferred(self) -> None:
        """After the first frame: the held viewports, then one deferred step per event-loop turn."""
        if self.window.grid.release_held_viewports():
            QTimer.singleShot(0, self._continue_deferred)
            return
        if self.deferred.done:
            return
        failed = len(self.deferred.failures)
        more = self.deferred.run_next()
        self._show_failures(failed)
        if more:
            QTimer.singleShot(0, self._continue_deferred)

    def defer_docks(self) -> None:
        """Build the window's docks as a deferred start (after the first image) instead of now."""
        self._docks_built = False
        self.deferred.add("docks", self.build_docks)

    def build_docks(self) -> None:
        """The docks, built after the first image; what they missed meanwhile is told again: the series already
        read (``series_opened``: measurements, MPR and AI panels), the open study's segmentations (the AI
        overlays) and the link through the lesion the hanging protocol asked for (the MPR panel links)."""
        w, c = self.window, self.window.controller
        w.add_registered_panels()
        self._docks_built = True
        if c.seg_handler is not None and c.study_uid:
            c.seg_handler.study_opened(c.study_uid)
        for index, vp in enumerate(w.grid.viewports):
            if vp.state.volume is not None and vp.state.loaded_fraction >= 1.0:
                c.series_opened.emit(index, vp.state.volume)
        if self._early_link is not None:
            (point,), self._early_link = self._early_link, None
            c.link_requested.emit(point)

    def _on_link_requested(self, point) -> None:
        if not self._docks_built:
            self._early_link = (point,)

    def start_deferred(self) -> None:
        """Run everything still waiting (the held viewports and series reads, the session's deferred starts) at
        once; a failing step shows in the status bar."""
        self.window.controller.release_full_loads()
        self.window.grid.release_held_viewports()
        if self.deferred.done:
            return
        failed = len(self.deferred.failures)
        self.deferred.run()
        self._show_failures(failed)

    def _show_failures(self, already: int) -> None:
        for name, error in self.deferred.failures[already:]:
            self.window.status.show_error(f"{name}: {error}")

    def start(self) -> None:
        self.deferred.hold()  # run after the first image, not as soon as the window shows
        self.window.grid.hold_new_viewports()  # a 2×2's other three GL windows: after the first image too
        self.window.controller.hold_full_loads()  # the previews first, alone
        archive = self.window.archive
        if archive is None:
            self._finish_if_idle(force=True)
            return
        if archive.studies():
            self._open_start_study()
            return
        self.window.status.showMessage(self.tr("Importing the demo study…"))
        b = self.bridge

        def work() -> None:
            try:
                import_demo(archive, progress=lambda d, t: b.progress.emit(d, t), cancel=self._cancel)
            except Exception as exc:  # noqa: BLE001 - reported in the status bar
                log.exception("demo import failed")
                b.failed.emit(f"{type(exc).__name__}: {exc}")
                return
            b.imported.emit()

        self._thread = threading.Thread(target=work, name="demo-import", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _failed(self, text: str) -> None:
        self.window.status.show_error(self.tr("Demo import failed: %s") % text)
        self._finish_if_idle(force=True)

    def _open_start_study(self) -> None:
        from workstation.reading.demo_seed import demo_focus

        w = self.window
        w.status.show_progress(1, 1)
        if w.browser is not None:
            w.browser.refresh()
        studies = w.archive.studies()
        if not studies:
            self._finish_if_idle(force=True)
            return
        from workstation.session.light_start import start_study_uid

        demo = demo_study_uid()
        uid = start_study_uid([s.study_instance_uid for s in studies], demo)  # (the light start's choice too)
        opened = w.controller.open_study(uid, focus=demo_focus() if uid == demo else None)  # demo: on the lesion
        if w.browser is not None:  # its series thumbnails are read after the first image
            self.deferred.add("study browser selection", lambda: w.browser.select_study(uid))
        self._waiting = set(range(len(opened)))
        if not opened:
            self._finish_if_idle(force=True)

    def _on_series_opened(self, index: int, _volume) -> None:
        self._waiting.discard(index)
        self._finish_if_idle()

    def _finish_if_idle(self, force: bool = False) -> None:
        if (force or not self._waiting) and not self._ready_sent:  # once: later series are the user's
            self._waiting = set()
            self._ready_sent = True
            self.ready.emit()
