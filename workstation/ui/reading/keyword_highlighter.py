"""Highlights key-finding keywords (Korean and English) in a report text field."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from workstation.reading.keywords import find_keywords

COLOURS = {
    "tumour": "#ffd54f", "haemorrhage": "#ef9a9a", "oedema": "#90caf9", "necrosis": "#bcaaa4",
    "enhancement": "#ce93d8", "midline_shift": "#ffab91", "mass_effect": "#ffab91", "hydrocephalus": "#80cbc4",
    "herniation": "#ef9a9a",
}


class KeywordHighlighter(QSyntaxHighlighter):
    def __init__(self, document):
        super().__init__(document)
        self._formats = {}
        for key, colour in COLOURS.items():
            f = QTextCharFormat()
            f.setBackground(QColor(colour))
            f.setForeground(QColor("#000000"))
            f.setFontWeight(QFont.Bold)
            self._formats[key] = f

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for span in find_keywords(text):
            self.setFormat(span.start, span.length, self._formats.get(span.key, self._formats["tumour"]))
