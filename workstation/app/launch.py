"""``launch(args)``: the ``run`` command — Qt application, translators, the application session
(``workstation.session``: archive, database, login, reading, sync, receive service), main window.

A warm, login-free start of the embedded archive draws the start series' first image with the window's frame alone,
before the services open (``LightFirstFrame``, ``workstation.session.light_start``); then the session attaches.
On an empty archive the bundled demo study is imported off the GUI thread, then opened. What is not needed
for the first image (sync, the receive service, series thumbnails…) waits in ``session.deferred`` and starts
once the first image is on screen.
``--screenshot PATH`` saves the window once the first study is fully shown, then quits.
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

# The Qt-free modules the first image needs come first, PySide6 after them: once PySide6 is imported, its import
# hook (shiboken's ``__feature__`` check) reads the source of every module imported after it (benchmarks/app_start.py).
# The services (SQLAlchemy, the archive, the reading service) are imported by ``import_services``: before the window
# on the full path, after the first image on the light one (``workstation.session.light_start``).
import viewer.model.series_stream  # noqa: F401  (numpy, the series reader)
import viewer.render.viewport_renderer  # noqa: F401  (VTK without Qt)
import workstation.reading.hanging  # noqa: F401
import workstation.session.light_start  # noqa: F401
from PySide6.QtCore import QObject, QTimer, Signal  # noqa: E402 - after the Qt-free modules, see above

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 120_000
LIGHT_WAIT_MS = 15_000  # the light start opens the session at the latest this long after it asked for its image


def import_services() -> None:
    """The Qt-free services of the session (pydicom, SQLAlchemy, the archive, the reading service, the sync link)."""
    import workstation.archive  # noqa: F401
    import workstation.dicom_net.nodes  # noqa: F401
    import workstation.reading.audit  # noqa: F401
    import workstation.reading.auth  # noqa: F401
    import workstation.reading.demo_seed  # noqa: F401
    import workstation.reading.repository  # noqa: F401
    import workstation.reading.service  # noqa: F401
    import workstation.session.builder  # noqa: F401
    import workstation.syncing.link  # noqa: F401


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


def grab_window(window, path: Path) -> Path:
    """Save what is on screen of ``window`` (Qt widgets and the VTK viewports) as a PNG."""
    from PySide6.QtWidgets import QApplication

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for vp in window.grid.viewports:
        vp.render_now()
    QApplication.processEvents()
    pix = QApplication.primaryScreen().grabWindow(window.winId())
    if not pix.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


class LightFirstFrame(QObject):
    """The light start (``workstation.session.light_start``: a warm, login-free start of the embedded archive):
    the window's frame (``MainWindow(frame_only=True)``) draws the start series' first image before SQLAlchemy, the
    archive and the reading service are imported or opened; then the session opens and attaches to the window,
    and the usual ``StartupSequence`` opens the start study as the full path does (held docks, viewports, reads;
    the reading context after its first image). Emits ``first_frame`` once the image is rendered, then
    ``attached(StartupSequence)`` (not yet started) or ``failed(message)`` when the session cannot open."""

    first_frame = Signal(int)
    attached = Signal(object)
    failed = Signal(str)

    def __init__(self, window, light, archive_dir=None, database_url=None, settings=None, login=None) -> None:
        super().__init__(window)
        self.window, self.light = window, light
        self._open = (archive_dir, database_url, settings, login)
        self._drawn = False
        self._attaching = False
        self.startup: StartupSequence | None = None
        window.controller.first_image.connect(self._on_first_image)
        # no first image (a stored file missing or unreadable): the session opens anyway, the full path reports it
        window.controller.error.connect(self._without_image)
        window.controller.series_opened.connect(self._without_image)

    def start(self) -> None:
        from viewer.io.indexed import IndexedFile

        grid, c, light = self.window.grid, self.window.controller, self.light
        grid.hold_new_viewports()  # the layout's other GL windows: after the first image
        grid.set_layout(light.layout)
        grid.set_active(0)
        c.hold_full_loads()  # (the session's ``open_study`` reads the series again)
        files = [IndexedFile(str(path), record) for path, record in light.first_files]
        c.open_paths(files, 0, series_uid=light.series_uids[0],
                     preview_file=files[len(files) // 2] if len(files) >= 3 else None)  # as ``open_series``
        QTimer.singleShot(LIGHT_WAIT_MS, self._without_image)  # whatever happens, the session opens

    def _without_image(self, *_args) -> None:
        if not self._drawn and not self._attaching:
            self._attaching = True
            QTimer.singleShot(0, self._attach)

    def _on_first_image(self, index: int) -> None:
        if self._drawn or self._attaching:
            return
        self._drawn = self._attaching = True
        vp = self.window.grid.viewports[index]
        if vp.init_held:
            vp.initialize_now()
        else:
            vp.render_now()
        self.first_frame.emit(index)
        QTimer.singleShot(0, self._attach)  # the event loop paints the window first

    def _attach(self) -> None:
        c = self.window.controller
        for signal, slot in ((c.first_image, self._on_first_image), (c.error, self._without_image),
                             (c.series_opened, self._without_image)):
            signal.disconnect(slot)
        archive_dir, database_url, settings, login = self._open
        import_services()  # (after PySide6: their modules' source is read by its import hook, after the first image)
        from workstation.session.builder import open_session

        try:
            session = open_session(archive_dir, database_url, settings, login=login or ask_login, seed_later=True)
        except Exception as exc:  # noqa: BLE001 - ArchiveError and friends: a clear message, no traceback
            self.failed.emit(str(exc))
            return
        self.window.attach(session)
        self.startup = StartupSequence(self.window)
        self.startup.defer_docks()
        self.attached.emit(self.startup)


def launch(args) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workstation.app.i18n import install_translators
    from workstation.session.light_start import light_start
    from workstation.session.settings import Settings, resolve_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CDSS Workstation")
    settings = Settings.load()
    lang = resolve_language(getattr(args, "lang", None), settings)
    app._translators = install_translators(app, lang)  # keep alive
    archive_dir, database_url = getattr(args, "archive", None), getattr(args, "database", None)
    screenshot = getattr(args, "screenshot", None)
    rc = {"value": 0}

    def cannot_open(message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        if not screenshot:  # unattended runs must not wait on a dialog
            QMessageBox.critical(None, app.translate("Launch", "Cannot open the archive"), message)
        rc["value"] = 2

    def run(window, startup) -> None:
        # sync when configured, receive service when switched on: after the first image
        window.session.deferred.add("sync and DICOM receive", window.services.start_configured)
        if screenshot:
            startup.ready.connect(lambda: QTimer.singleShot(500, lambda: (_save(window, screenshot, rc),
                                                                          window.close())))
        startup.start()

    light = light_start(archive_dir, database_url, demo_uid=demo_study_uid())
    if light is None:  # a first run (the demo import), a login, a server or site database: the full path
        import_services()
        window, startup = build_main_window(archive_dir, database_url, settings, panels_after_first_image=True)
        if window is None:
            cannot_open(startup)
            return rc["value"]
        window.show()
        run(window, startup)
    else:
        from workstation.app.main_window import MainWindow

        window = MainWindow(settings=settings, frame_only=True)
        first = LightFirstFrame(window, light, archive_dir, database_url, settings)
        first.attached.connect(lambda startup: run(window, startup))
        first.failed.connect(lambda message: (cannot_open(message), window.close()))
        window.show()
        first.start()
    if screenshot:
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: (_save(window, screenshot, rc), window.close()))
    app.exec()
    startup = startup if light is None else first.startup
    if startup is not None:
        startup.stop()
    if window.session is not None:
        window.session.close()
    return rc["value"]


def _save(window, path, rc) -> None:
    if getattr(window, "_screenshot_done", False):
        return
    window._screenshot_done = True
    try:
        print(f"screenshot: {grab_window(window, Path(path))}")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        rc["value"] = 1


def ask_login(users, workstation: str):
    """The login dialog (before the window opens): the ``User`` who logged in, or ``None`` when cancelled."""
    from PySide6.QtWidgets import QDialog

    from workstation.ui.reading.login_dialog import LoginDialog

    dialog = LoginDialog(users, workstation, None)
    return dialog.user if dialog.exec() == QDialog.Accepted else None


def build_main_window(archive_dir=None, database_url=None, settings=None, login=ask_login, *,
                      panels_after_first_image: bool = False):
    """Build the application session (``workstation.session.builder.open_session``) and the main window with
    every panel of ``workstation.app.panels.PANELS`` (``panels_after_first_image``: as the first of the
    session's deferred starts, after the start study's first image, as ``launch`` does). Returns
    ``(window, StartupSequence)``, or ``(None, error message)`` when the archive cannot be opened."""
    from workstation.app.main_window import MainWindow
    from workstation.session.builder import open_session
    from workstation.session.settings import Settings

    try:
        session = open_session(archive_dir, database_url, settings if settings is not None else Settings(),
                               login=login, seed_later=panels_after_first_image)
    except Exception as exc:  # noqa: BLE001 - ArchiveError and friends: a clear message, no traceback
        return None, str(exc)
    window = MainWindow(session=session)
    startup = StartupSequence(window)
    if panels_after_first_image:
        startup.defer_docks()
    else:
        window.add_registered_panels()
    return window, startup
