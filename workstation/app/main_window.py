"""``MainWindow``: composes the widgets (viewport grid, study browser, toolbar, status bar, panels).

No logic: each widget talks to its own model/service; this only places and wires them.
The services come from the application session (``workstation.session``, built once by ``launch``); panels
are listed in ``workstation.app.panels.PANELS``. Other parts dock a widget with ``add_panel`` and open images
with ``main_window.controller`` (a ``ViewerController``)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QWidget

from workstation.app.viewer_controller import ViewerController
from workstation.session.builder import session_for_archive
from workstation.session.context import AppSession, PanelContext
from workstation.session.settings import Settings
from workstation.ui.help_dialog import HelpDialog
from workstation.ui.settings_dialog import SettingsDialog
from workstation.ui.status_bar import WorkstationStatusBar
from workstation.ui.viewer_toolbar import ViewerToolBar
from workstation.ui.viewport_grid_widget import ViewportGridWidget

_AREAS = {"left": Qt.LeftDockWidgetArea, "right": Qt.RightDockWidgetArea, "bottom": Qt.BottomDockWidgetArea}


class MainWindow(QMainWindow):
    def __init__(self, archive=None, settings: Settings | None = None, session: AppSession | None = None, *,
                 frame_only: bool = False) -> None:
        """``session``: the application's services (``workstation.session.builder``); without one, a session
        around ``archive`` with no reading service (tests, tools). ``frame_only``: only the frame that shows images
        (viewport grid, toolbar, status bar; no archive, menus or docks) — ``attach(session)`` adds the rest (the
        light start draws its first image before the services open, ``workstation.app.launch``)."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Brain Tumor CDSS — Reading Workstation"))
        self._dock_titles: dict[str, str] = {}  # key -> untranslated title (context "Panels")
        self.session: AppSession | None = None
        self.archive = None
        self.settings = settings if settings is not None else (session.settings if session is not None else Settings())
        self.browser = None
        self.services = None
        self.reading_hub = None
        self.panel_context: PanelContext | None = None
        self.grid = ViewportGridWidget(self)
        self.setCentralWidget(self.grid)
        # the right panels run the full height, the bottom ones (worklist) only under the images and the study
        # browser: the window's minimum fits 1280×800 (a full-width bottom area stacked under the report's height)
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.controller = ViewerController(self.grid, None, parent=self)
        self.status = WorkstationStatusBar(self)
        self.setStatusBar(self.status)
        self.toolbar = ViewerToolBar(self.grid, self)
        self.addToolBar(Qt.TopToolBarArea, self.toolbar)
        from workstation.ui.viewer_keys import install_preset_shortcuts, keep_focus_off

        keep_focus_off(self.toolbar)
        self.preset_shortcuts = install_preset_shortcuts(self, self.grid)
        self.docks: dict[str, QDockWidget] = {}
        self.grid.cursor_info.connect(self.status.show_cursor)
        self.grid.help_requested.connect(self.show_help)
        self.controller.message.connect(lambda m: self.status.showMessage(m, 8000))
        self.controller.error.connect(self.status.show_error)
        self.controller.progress.connect(self.status.show_progress)
        self.toolbar.help_requested.connect(self.show_help)
        self.toolbar.settings_requested.connect(self.show_settings)
        self.toolbar.open_requested.connect(self.open_folder_dialog)
        avail = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(min(1400, avail.width()) if avail else 1400, min(900, avail.height()) if avail else 900)
        if not frame_only:
            if session is None:
                session = session_for_archive(archive, self.settings, reading=False)
            self.attach(session)

    def attach(self, session: AppSession) -> None:
        """The session's part of the window: the archive for the viewer, the reading hub, the study browser, the
        menus (Import / Sync / DICOM, Image, View, Help) and background services; the docks of
        ``workstation.app.panels`` follow with ``add_registered_panels``."""
        self.session = session
        self.archive = archive = session.archive
        self.settings = session.settings
        self.controller.archive = archive
        from workstation.ui.reading.panels import make_hub

        self.reading_hub = make_hub(session, self.controller, self)  # None without the reading service
        self.panel_context = PanelContext(session, self.controller, self, self.reading_hub)
        if archive is not None:
            from workstation.ui.study_browser_widget import StudyBrowserWidget

            self.browser = StudyBrowserWidget(archive, self)
            # through the reading context when there is one (the report and history follow the images)
            self.browser.study_activated.connect(self.reading_hub.open_archive_study if self.reading_hub is not None
                                                 else self.controller.open_study)
            self.browser.series_activated.connect(lambda uid: self.controller.open_series(uid))
            self.add_panel("studies", QCoreApplication.translate("Panels", "Studies"), self.browser, "left")
            self._dock_titles["studies"] = "Studies"
        from workstation.app.integration import WindowServices

        self.services = WindowServices(self)  # Import / Sync / DICOM menus and background services
        from workstation.ui.image_menu import ImageMenu

        self.image_menu = ImageMenu(self, self.grid)  # DICOM tags of the shown image
        from workstation.ui.view_menu import ViewMenu

        self.view_menu = ViewMenu(self)  # panels shown/hidden, "Images only" collapses them to a strip
        if self.browser is not None:
            from workstation.ui.browser_actions import BrowserActions

            self.browser_actions = BrowserActions(self)  # the study browser's right-click menu
        self.help_menu = self.menuBar().addMenu("")
        self.shortcuts_action = self.help_menu.addAction("", self.show_help)
        self.about_action = self.help_menu.addAction("", self.show_about)
        self.services.file_menu.addSeparator()
        self.quit_action = self.services.file_menu.addAction("", self.close)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcut(QKeySequence.Quit)
        self._retranslate_help()
        if getattr(self, "_shown_once", False):  # attached to a frame already on screen
            QTimer.singleShot(0, self._run_deferred_unless_held)

    # ---- panels ------------------------------------------------------------------------------
    def add_panel(self, key: str, title: str, widget: QWidget, area: str = "left") -> QDockWidget:
        """Dock ``widget`` under ``title`` in ``area`` (``left``/``right``/``bottom``); panels in the
        same area become tabs. Returns the dock (also in ``self.docks[key]``)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable | QDockWidget.DockWidgetClosable)
        qt_area = _AREAS.get(area, Qt.LeftDockWidgetArea)
        same = [d for d in self.docks.values() if self.dockWidgetArea(d) == qt_area]
        self.addDockWidget(qt_area, dock)
        if same:
            self.tabifyDockWidget(same[-1], dock)
            same[0].raise_()
        self.docks[key] = dock
        return dock

    def add_registered_panels(self) -> None:
        """Build every panel registered in ``workstation.app.panels`` (a failing one is reported)."""
        from workstation.app.panels import registered_panels  # imported here: ``launch`` builds them after the first image

        for spec in registered_panels():
            if spec.key in self.docks:
                continue
            try:
                widget = spec.factory(self.panel_context)
            except Exception as exc:  # noqa: BLE001 - one broken panel must not stop the app
                self.status.show_error(f"{spec.title}: {exc}")
                continue
            if widget is not None:
                self.add_panel(spec.key, QCoreApplication.translate("Panels", spec.title), widget, spec.area)
                self._dock_titles[spec.key] = spec.title
        self.balance_docks()

    def balance_docks(self) -> None:
        """Give the images most of the window: side panels narrow, bottom panels low (at 1280×800 the viewports
        get well over half the width, ``tests/frictions/test_space_gui.py``)."""
        sizes = {"left": 210, "right": 340, "bottom": 220}
        for area, size in sizes.items():
            docks = [d for d in self.docks.values() if self.dockWidgetArea(d) == _AREAS[area] and not d.isFloating()]
            if docks:
                orient = Qt.Vertical if area == "bottom" else Qt.Horizontal
                self.resizeDocks(docks[:1], [size], orient)

    # ---- language ----------------------------------------------------------------------------
    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange:
            self.setWindowTitle(self.tr("Brain Tumor CDSS — Reading Workstation"))
            for key, title in self._dock_titles.items():
                self.docks[key].setWindowTitle(QCoreApplication.translate("Panels", title))
            if self.services is not None:
                self.services.retranslate()
                self._retranslate_help()
            for vp in self.grid.viewports:
                vp.view.refresh_texts()
                vp.render_now()
        super().changeEvent(ev)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now (``"ko"``, ``"en"``; ``"system"`` = the locale's)."""
        from PySide6.QtWidgets import QApplication

        from workstation.app.i18n import switch_language
        from workstation.session.settings import system_language

        switch_language(QApplication.instance(), system_language() if lang == "system" else lang)

    # ---- dialogs -----------------------------------------------------------------------------
    def show_help(self) -> None:
        HelpDialog(self).exec()

    def show_about(self) -> None:
        from workstation.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def _retranslate_help(self) -> None:
        self.help_menu.setTitle(self.tr("&Help"))
        self.shortcuts_action.setText(self.tr("Keyboard and mouse shortcuts"))
        self.about_action.setText(self.tr("About…"))
        self.quit_action.setText(self.tr("Quit"))

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.set_language(self.settings.language)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a DICOM folder"))
        if folder:
            self.controller.open_paths([folder])

    def showEvent(self, ev) -> None:  # noqa: N802
        super().showEvent(ev)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            QTimer.singleShot(0, self._run_deferred_unless_held)

    def _run_deferred_unless_held(self) -> None:
        """Without a start-up sequence holding them (``launch`` does), the session's deferred starts run once the
        window is on screen."""
        if self.session is None:  # a frame waiting for its session (``attach`` runs this again)
            return
        deferred = self.session.deferred
        if not deferred.held and not deferred.done:
            for name, error in deferred.run():
                self.status.show_error(f"{name}: {error}")

    def closeEvent(self, ev) -> None:  # noqa: N802
        if self.services is not None:
            self.services.shutdown()
        self.controller.shutdown()
        for vp in self.grid._cells:  # noqa: SLF001 - close every viewport, shown or not
            vp.viewport.close()
        super().closeEvent(ev)
