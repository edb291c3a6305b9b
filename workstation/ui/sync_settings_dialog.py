"""``SyncSettingsDialog``: the CDSS sync server URL and the user's token. A saved token is never shown:
the field stays empty with a masked placeholder; typing a new one replaces it, "Forget token" clears it."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from workstation.syncing.status import mask_token


class SyncSettingsDialog(QDialog):
    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_settings_dialog")
        self.settings = settings
        self.setWindowTitle(self.tr("Sync settings"))
        self.url = QLineEdit(settings.sync_url, self)
        self.url.setPlaceholderText("http://cdss.hospital:8600")
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.Password)
        self.token.setPlaceholderText(mask_token(settings.sync_token) or self.tr("API token"))
        self.forget = QCheckBox(self.tr("Forget the saved token"), self)
        self.forget.setEnabled(bool(settings.sync_token))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("CDSS server"), self.url)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(self.forget)
        form.addRow(buttons)
        self.resize(480, 140)

    def accept(self) -> None:
        self.settings.sync_url = self.url.text().strip()
        if self.token.text():
            self.settings.sync_token = self.token.text().strip()
        elif self.forget.isChecked():
            self.settings.sync_token = ""
        self.settings.save()
        self.token.clear()
        super().accept()
