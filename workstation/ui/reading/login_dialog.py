"""Local login: user name and password, checked by ``UserStore.authenticate`` (failures are audited)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from workstation.reading.errors import LoginFailed


class LoginDialog(QDialog):
    def __init__(self, users, workstation: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_login")
        self.setWindowTitle(self.tr("Log in"))
        self.users, self.workstation, self.user = users, workstation, None
        self.username, self.password = QLineEdit(self), QLineEdit(self)
        self.password.setEchoMode(QLineEdit.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#b71c1c")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def try_login(self) -> None:
        try:
            self.user = self.users.authenticate(self.username.text(), self.password.text(), self.workstation)
        except LoginFailed:
            self.error.setText(self.tr("Wrong user name or password."))
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
