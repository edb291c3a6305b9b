"""The main window's Image menu: DICOM tags of the shown image (Ctrl+T). Acts on the active viewport."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from workstation.dicom_tags import shown_instance_file


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImageMenu", text)


class ImageMenu(QObject):
    """Builds the menu on ``window``'s menu bar; ``actions`` by key for tests."""

    def __init__(self, window: QMainWindow, grid) -> None:
        super().__init__(window)
        self.window, self.grid = window, grid
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("image_menu")
        self.actions: dict[str, QAction] = {}
        self._add("tags", "Ctrl+T", self.show_tags)
        self.dialogs = []
        window.installEventFilter(self)
        self.retranslate()

    def _add(self, key: str, shortcut: str, slot) -> QAction:
        a = self.menu.addAction("")
        a.setObjectName(f"image_action_{key}")
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.WindowShortcut)
        a.triggered.connect(lambda _c=False: slot())
        self.actions[key] = a
        return a

    def retranslate(self) -> None:
        self.menu.setTitle(_tr("&Image"))
        self.actions["tags"].setText(_tr("DICOM tags of this image…"))

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        if obj is self.window and ev.type() == QEvent.LanguageChange:
            self.retranslate()
        return False

    def shown_file(self) -> str | None:
        s = self.grid.active_viewport().state
        return shown_instance_file(s.volume, s.plane_origin()) if s.volume is not None else None

    def show_tags(self, path: str | None = None):
        """The tag viewer for ``path`` (default: the image the active viewport shows); non-modal."""
        from workstation.ui.tag_viewer_dialog import TagViewerDialog

        path = path or self.shown_file()
        if path is None:
            return None
        dialog = TagViewerDialog(path, self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _o=None, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog
