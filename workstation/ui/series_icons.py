"""Icons for series with no displayable image: the series' type (SEG, SR, KO, PR, DOSE…) on a tile."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

_COLORS = {"SEG": "#2e7d32", "SR": "#1565c0", "KO": "#ef6c00", "PR": "#6a1b9a", "DOSE": "#c62828"}


def kind_icon(kind: str, size: int = 96) -> QIcon:
    """A tile of ``size`` pixels with ``kind`` written large on its colour."""
    pix = QPixmap(size, size)
    pix.fill(QColor(_COLORS.get(kind, "#455a64")))
    p = QPainter(pix)
    p.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(10, size // (3 if len(kind) <= 3 else 5)))
    p.setFont(font)
    p.drawText(QRect(0, 0, size, size), Qt.AlignCenter, kind)
    p.end()
    return QIcon(pix)
