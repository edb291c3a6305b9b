"""The on-screen sentence for an AI result's warning kind (``workstation.ai_review.disclaimer``), translated,
and the label that shows it: amber, bold, hidden when there is no warning, re-translated on a live language
switch. Shared by the AI panels (legend, 3D, volume plot) and the MPR window."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel

from workstation.ai_review.disclaimer import NOT_CLINICAL, SYNTHETIC

TEXTS = {
    SYNTHETIC: QT_TRANSLATE_NOOP("AiDisclaimer", "Trained on synthetic data — not for clinical use"),
    NOT_CLINICAL: QT_TRANSLATE_NOOP("AiDisclaimer", "Not for clinical use"),
}
#: a warning's look: dark text on amber, bold
STYLE = "QLabel { background: #ffd54f; color: #3a2a00; font-weight: bold; padding: 3px; border-radius: 3px; }"


def disclaimer_text(kind: str | None) -> str:
    """The translated sentence for ``kind`` ("" for none)."""
    return QCoreApplication.translate("AiDisclaimer", TEXTS[kind]) if kind in TEXTS else ""


class DisclaimerLabel(QLabel):
    """Shows the warning of one kind (``set_kind``); follows a live language switch."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.setStyleSheet(STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.setText("⚠ " + disclaimer_text(kind) if kind else "")
        self.setVisible(bool(kind))

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and self.kind:
            self.setText("⚠ " + disclaimer_text(self.kind))
        super().changeEvent(ev)


def show_disclaimer(label, kind: str | None) -> None:
    """Put the warning of ``kind`` in ``label`` (a ``DisclaimerLabel``, or any QLabel), hidden when none."""
    if isinstance(label, DisclaimerLabel):
        label.set_kind(kind)
        return
    label.setStyleSheet(STYLE)
    label.setWordWrap(True)
    label.setText("⚠ " + disclaimer_text(kind) if kind else "")
    label.setVisible(bool(kind))
