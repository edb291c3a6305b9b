"""``AboutDialog`` (Help → About): the program, its version and the credit of the bundled demo study."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from workstation.reading.demo_seed import DEMO_CREDIT


def program_version() -> str:
    """The installed package's version ("unknown" when run from a tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cdss-workstation")
    except PackageNotFoundError:
        return "unknown"


class AboutDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About"))
        self.title = QLabel(self.tr("Brain Tumor CDSS — Reading Workstation") + "\n"
                            + self.tr("Version %s") % program_version())
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.credit = QLabel(DEMO_CREDIT)
        self.credit.setWordWrap(True)
        self.credit.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.credit)
        lay.addWidget(buttons)
        self.resize(560, 260)
