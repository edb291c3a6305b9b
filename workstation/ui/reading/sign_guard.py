"""What stands between the report editor's Sign button and a signature: the reading context's verdict (no
other patient's images visible), a confirmation naming the patient, and — when local users exist — the
signer's password, checked like a login (audited). Strings stay in the ``ReportEditorPanel`` translation
context."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportEditorPanel", text)


class SignGuard:
    """Mixed into ``ReportEditorPanel`` (uses its ``hub``, ``order``, ``notice`` and ``confirm_sign``)."""

    refusal = ""              # why the last Sign was refused
    confirmation_text = ""    # the last sign confirmation asked (names the patient)
    password_provider = None  # callable(prompt) -> password | None; None: a password dialog

    def refuse(self, text: str) -> None:
        self.refusal = text
        self.notice.setText(text)
        self.notice.setStyleSheet("color:#b00020; font-weight:bold")
        self.notice.setVisible(True)
        self.hub.error.emit(text)

    def sign_checks_pass(self) -> bool:
        check = self.hub.can_sign(self.order.id) if hasattr(self.hub, "can_sign") else None
        if check is not None and not check.ok:   # another patient's images on screen: never signed
            self.refuse(_tr("Not signed: %s") % check.reason)
            return False
        p, st = self.order.patient, self.order.study
        self.confirmation_text = (_tr("Sign the report of %1 (ID %2), %3?").replace("%1", p.display_name)
                                  .replace("%2", p.patient_number)
                                  .replace("%3", f"{st.modality} {st.body_part} {st.study_date}" if st else "")
                                  + "\n" + _tr("It becomes read-only; later changes need an addendum."))
        if self.confirm_sign and QMessageBox.question(
                self, _tr("Sign report"), self.confirmation_text) != QMessageBox.Yes:
            return False
        return self.signer_confirmed()

    def signer_confirmed(self) -> bool:
        """When local users exist, the signer types their password again (checked like a login, audited)."""
        users = getattr(self.hub.service, "users", None)
        if users is None or not users.has_users():
            return True
        p = self.order.patient
        prompt = _tr("Password of %1 to sign the report of %2 (ID %3)").replace(
            "%1", self.hub.service.user.username).replace("%2", p.display_name).replace("%3", p.patient_number)
        if self.password_provider is not None:
            password = self.password_provider(prompt)
        else:
            password, ok = QInputDialog.getText(self, _tr("Sign report"), prompt, QLineEdit.Password)
            password = password if ok else None
        if password is None:
            return False
        from workstation.reading.auth import LoginFailed, LoginLocked
        try:
            users.authenticate(self.hub.service.user.username, password, self.hub.service.workstation)
        except (LoginFailed, LoginLocked) as exc:
            self.refuse(_tr("Not signed: %s") % str(exc))
            return False
        return True
