"""``AboutDialog`` (Help → About): the program, its version, the credit of the bundled demo study and the
licences of the bundled libraries (``workstation.licences``)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from workstation.reading.demo_seed import DEMO_CREDIT


def program_version() -> str:
    """The installed package's version ("unknown" when run from a tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cdss-workstation")
    except PackageNotFoundError:
        return "unknown"


class AboutDialog(QDialog):
    def _title(self) -> str:
        return self.tr("Brain Tumor CDSS — Reading Workstation") + "\n" + self.tr("Version %s") % program_version()

    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch: the composed title again (the other texts follow ``live_retranslate``)."""
        if ev.type() == QEvent.LanguageChange and hasattr(self, "title"):
            self.title.setText(self._title())
        super().changeEvent(ev)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About"))
        self.title = QLabel(self._title())
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.credit = QLabel(DEMO_CREDIT)
        self.credit.setWordWrap(True)
        self.credit.setTextInteractionFlags(Qt.TextSelectableByMouse)
        from workstation.licences import bundled_licences

        self.licences_label = QLabel(self.tr("Bundled libraries and their licences:"))
        rows = bundled_licences()
        self.licences = QTableWidget(len(rows), 3, self)
        self.licences.setHorizontalHeaderLabels([self.tr("Library"), self.tr("Version"), self.tr("Licence")])
        for r, lic in enumerate(rows):
            for c, text in enumerate((lic.name, lic.version, lic.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.licences.setItem(r, c, item)
        self.licences.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.licences.verticalHeader().hide()
        self.licences.setEditTriggers(QTableWidget.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.credit)
        lay.addWidget(self.licences_label)
        lay.addWidget(self.licences, 1)
        lay.addWidget(buttons)
        self.resize(640, 560)
