"""Viewer keys that work wherever the focus is in the main window (not only on a viewport).

The number keys 1-9 are window presets of the active viewport: as application-wide ``QShortcut``s they
never type into a toolbar widget nor move a list, and a text field that takes typing (a line edit, the
report editor) still gets its digits (Qt offers it the key first, as a shortcut override). The toolbar's own widgets take no
keyboard focus, so a click on them leaves the keys to the viewport."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolBar, QWidget


def install_preset_shortcuts(window: QWidget, grid) -> list[QShortcut]:
    """Keys 1-9 → ``grid.active_viewport().apply_preset_key(key)`` (application shortcut context)."""
    shortcuts = []
    for key in "123456789":
        sc = QShortcut(QKeySequence(key), window)
        sc.setContext(Qt.ApplicationShortcut)
        sc.setObjectName(f"preset_shortcut_{key}")
        sc.activated.connect(lambda k=key: grid.active_viewport().apply_preset_key(k))
        shortcuts.append(sc)
    return shortcuts


def keep_focus_off(toolbar: QToolBar) -> None:
    """No widget of ``toolbar`` takes the keyboard focus (buttons, the cine fps box)."""
    for child in toolbar.findChildren(QWidget):
        child.setFocusPolicy(Qt.NoFocus)
