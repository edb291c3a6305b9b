"""The View menu: every panel can be shown or hidden, and "Images only" (Ctrl+Shift+F) collapses all the
panels to a thin strip at the window's left edge, one button per panel, which brings them back."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from viewer.model.shortcuts import window_shortcut


def _tr(text: str) -> str:
    return QCoreApplication.translate("ViewMenu", text)


class ViewMenu(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("view_menu")
        self.images_only = QAction(self)
        self.images_only.setObjectName("action_images_only")
        self.images_only.setCheckable(True)
        self.images_only.setShortcut(QKeySequence(window_shortcut("images_only")))
        self.images_only.setShortcutContext(Qt.WindowShortcut)
        self.images_only.toggled.connect(self.set_collapsed)
        self.menu.aboutToShow.connect(self._fill)
        self.strip = QToolBar(window)
        self.strip.setObjectName("panel_strip")
        self.strip.setMovable(False)
        self.strip.setOrientation(Qt.Vertical)
        self.strip.setToolButtonStyle(Qt.ToolButtonTextOnly)
        window.addToolBar(Qt.LeftToolBarArea, self.strip)
        self.strip.hide()
        self.collapsed: list = []  # the docks the strip brings back
        window.addAction(self.images_only)  # the shortcut works with the menu closed
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_tr("&View"))
        self.images_only.setText(_tr("Images only (collapse the panels)"))
        self.strip.setWindowTitle(_tr("Panels"))

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        if obj is self.window and ev.type() == QEvent.LanguageChange:
            self.retranslate()
            if self.collapsed:
                self._fill_strip()
        return False

    def _fill(self) -> None:
        self.menu.clear()
        self.menu.addAction(self.images_only)
        self.menu.addSeparator()
        for dock in self.window.docks.values():
            self.menu.addAction(dock.toggleViewAction())

    def set_collapsed(self, collapsed: bool) -> None:
        """Hide every shown panel behind the strip, or bring them back."""
        if collapsed:
            self.collapsed = [d for d in self.window.docks.values() if d.isVisible() and not d.isFloating()]
            for dock in self.collapsed:
                dock.hide()
            self._fill_strip()
            self.strip.show()
        else:
            for dock in self.collapsed:
                dock.show()
            self.collapsed = []
            self.strip.hide()
        if self.images_only.isChecked() != collapsed:
            self.images_only.setChecked(collapsed)

    def _fill_strip(self) -> None:
        self.strip.clear()
        self.strip.addAction(_tr("Show panels"), lambda: self.set_collapsed(False))
        self.strip.addSeparator()
        for dock in self.collapsed:
            self.strip.addAction(dock.windowTitle(), lambda d=dock: self._bring_back(d))

    def _bring_back(self, dock) -> None:
        dock.show()
        dock.raise_()
        if dock in self.collapsed:
            self.collapsed.remove(dock)
        if not self.collapsed:
            self.set_collapsed(False)
        else:
            self._fill_strip()
