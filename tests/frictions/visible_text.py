"""What a user reads on a window: the texts of its visible labels, buttons, menus, tool buttons, dock
titles, tabs, group boxes, headers and placeholders; and the rule that finds English-only ones."""
from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QMainWindow, QTabBar,
    QToolBar, QWidget,
)

#: words that stay as they are in a Korean interface (standards, units, product and model names)
KEPT_WORDS = {
    "dicom", "mpr", "cdss", "pacs", "seg", "lps", "rano", "flair", "mni", "png", "jpeg", "jpg", "kos", "csv",
    "fps", "aet", "scp", "scu", "zip", "dicomdir", "vr", "uid", "id", "ct", "mr", "pet", "mip", "minip", "avg",
    "mm", "ml", "cc", "hu", "sr", "ko", "pr", "dose", "ai", "m1", "mg", "mm", "utc", "cine", "t1", "t2", "t1c",
    "dwi", "adc", "qr", "orthanc", "echo", "brain", "tumor",
    "hot", "jet", "viridis", "magma", "inferno", "plasma", "rainbow", "gray", "grey",  # colour map names
}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Z0-9._^-]+$")  # a patient ID, an accession number: data, not words


def english_only(text: str) -> bool:
    """No Hangul, and at least one English word (3+ letters) that is not a kept term."""
    text = (text or "").replace("&", "")
    if not text.strip() or _HANGUL.search(text) or _IDENTIFIER.match(text.strip()):
        return False
    return any(w.lower() not in KEPT_WORDS for w in _WORD.findall(text))


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """``(where, text)`` for every text a user sees on ``window`` (menus included, their items too)."""
    out: list[tuple[str, str]] = []
    if window.windowTitle():
        out.append(("title", window.windowTitle()))
    if isinstance(window, QMainWindow):
        for a in window.menuBar().actions():
            out.append(("menu", a.text()))
            menu = a.menu()
            if menu is not None:
                menu.aboutToShow.emit()  # menus filled when opened
                out += [("menu item", x.text()) for x in menu.actions() if x.text()]
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        name = type(w).__name__
        if isinstance(w, QLabel) and w.text():
            out.append((name, w.text()))
        elif isinstance(w, QAbstractButton) and w.text():
            out.append((name, w.text()))
        elif isinstance(w, QDockWidget):
            out.append((name, w.windowTitle()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabBar):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox) and not w.isEditable() and w.currentText():
            out.append((name, w.currentText()))
        elif isinstance(w, QLineEdit) and w.placeholderText() and not isinstance(w.parent(), QComboBox):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QToolBar):
            out += [(name, a.text()) for a in w.actions() if a.text() and a.isVisible()]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            from PySide6.QtCore import QModelIndex, Qt

            if hasattr(w, "header") and w.header() is not None and not w.header().isHidden():
                cols = m.columnCount(QModelIndex())
                out += [(name + " header", str(m.headerData(c, Qt.Horizontal) or "")) for c in range(cols)]
    return out
