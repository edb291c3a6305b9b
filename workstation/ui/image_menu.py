"""The main window's Image menu, on the active viewport: DICOM tags of the shown image (Ctrl+T), export the
view as PNG/JPEG with or without the texts and overlays (Ctrl+E / Ctrl+Shift+E), copy it (Ctrl+Shift+C), flag
the shown image as a key image of its study (Ctrl+K; the study's Key Object Selection is made from these)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow

from viewer.model.shortcuts import window_shortcut
from workstation.dicom_tags import shown_instance_file
from workstation.view_export import flag_key_image, image_format


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
        self._add("tags", window_shortcut("tags"), self.show_tags)
        self.menu.addSeparator()
        self._add("export", window_shortcut("export"), lambda: self.export_view(overlays=True))
        self._add("export_plain", window_shortcut("export_plain"), lambda: self.export_view(overlays=False))
        self._add("copy", window_shortcut("copy"), self.copy_view)
        self.menu.addSeparator()
        self._add("key_image", window_shortcut("key_image"), self.flag_key_image)
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
        self.actions["export"].setText(_tr("Export view as PNG/JPEG…"))
        self.actions["export_plain"].setText(_tr("Export image without texts and overlays…"))
        self.actions["copy"].setText(_tr("Copy view to clipboard"))
        self.actions["key_image"].setText(_tr("Flag as key image"))

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

    # ---- pictures and key images ---------------------------------------------------------------------
    def view_image(self, overlays: bool = True) -> QImage | None:
        """What the active viewport shows (``overlays=False``: the image alone, no texts, letters, masks or
        measurements) as a ``QImage``; None without a series."""
        from viewer.render.offscreen import capture_rgb

        vp = self.grid.active_viewport()
        if vp.state.volume is None:
            return None
        hidden = []
        if not overlays:
            vp.view.overlays.set_visible(False)
            hidden = [layer for layer in list(vp.state.layers)[1:] if layer.visible]
            for layer in hidden:
                layer.set_visible(False)
        try:
            vp.view.update_camera()
            vp.GetRenderWindow().Render()
            rgb = capture_rgb(vp.GetRenderWindow())
        finally:
            if not overlays:
                vp.view.overlays.set_visible(True)
                for layer in hidden:
                    layer.set_visible(True)
                vp.render_now()
        h, w, _ = rgb.shape
        return QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()

    def export_view(self, overlays: bool = True, path: str | None = None) -> str | None:
        """Save the view as PNG or JPEG (format from the name); returns the path, None when nothing saved."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, _tr("Export the view"), "view.png",
                                                  _tr("Images (*.png *.jpg *.jpeg)"))
            if not path:
                return None
        try:
            fmt = image_format(path)
        except ValueError as exc:
            self.window.status.show_error(str(exc))
            return None
        image = self.view_image(overlays)
        if image is None or not image.save(path, fmt, 92 if fmt == "JPEG" else -1):
            self.window.status.show_error(_tr("Could not save the view to %s") % path)
            return None
        self.window.status.showMessage(_tr("View saved: %s") % path, 8000)
        return path

    def copy_view(self, overlays: bool = True) -> bool:
        image = self.view_image(overlays)
        if image is None:
            return False
        QGuiApplication.clipboard().setImage(image)
        self.window.status.showMessage(_tr("View copied to the clipboard"), 5000)
        return True

    def flag_key_image(self) -> str | None:
        """Store the shown image as a key image of its study (the measurements' key-image store)."""
        from workstation.measurements.store import MeasurementStore

        archive = getattr(self.window, "archive", None)
        if archive is None:
            self.window.status.show_error(_tr("Key images are kept with the study in the archive: none is open."))
            return None
        try:
            sop = flag_key_image(MeasurementStore.of(archive), self.grid.active_viewport().state)
        except ValueError as exc:
            self.window.status.show_error(_tr("Not flagged: %s") % exc)
            return None
        self.window.status.showMessage(_tr("Key image flagged"), 5000)
        return sop
