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

import sys
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


# the start sequence lives in its own module; these names stay importable from here
from workstation.app.startup_sequence import StartupSequence, _Bridge, demo_study_uid, import_demo  # noqa: E402,F401


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
