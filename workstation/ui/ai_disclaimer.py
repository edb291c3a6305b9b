"""The on-screen sentence for an AI result's warning kind (``workstation.ai_review.disclaimer``), translated,
and the label style that makes it stand out. Shared by the AI panels (legend, 3D, volume plot) and the MPR
window's title."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

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


def show_disclaimer(label, kind: str | None) -> None:
    """Put the warning of ``kind`` in ``label`` (a QLabel), hidden when there is none."""
    label.setStyleSheet(STYLE)
    label.setWordWrap(True)
    label.setText("⚠ " + disclaimer_text(kind) if kind else "")
    label.setVisible(bool(kind))
