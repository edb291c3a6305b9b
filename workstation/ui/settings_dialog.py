"""``SettingsDialog``: interface language (applied at once by the main window, and saved) and the AI inference
queue (broker URL and queue; empty broker: M1 runs on this workstation). The next "Run M1" follows the saved
values (``workstation.inference_jobs.SessionInference``)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from workstation.session.settings import Settings


def broker_url_problem(url: str) -> str:
    """Why ``url`` cannot be an inference broker (``""`` when it can, or is empty: in-process)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("redis", "rediss"):
        return f"{parts.scheme or 'no'}:// scheme, not redis:// or rediss://"
    if not parts.hostname:
        return "no host"
    return ""


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        for code, label in (("system", self.tr("System language")), ("en", "English"), ("ko", "한국어")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        note = QLabel(self.tr("Some panels change their language at the next start."))
        self.broker = QLineEdit(settings.inference_broker_url, self)
        self.broker.setObjectName("inference_broker_url")
        self.broker.setPlaceholderText(self.tr("empty: run M1 on this workstation"))
        self.broker.setMinimumWidth(320)
        self.queue = QComboBox(self)
        self.queue.setObjectName("inference_queue")
        self.queue.addItem(self.tr("GPU servers"), "gpu")
        self.queue.addItem(self.tr("CPU servers"), "cpu")
        self.queue.setCurrentIndex(max(0, self.queue.findData(settings.inference_queue)))
        self.broker_note = QLabel(self.tr("AI inference queue (Redis) shared with the inference servers, "
                                          "e.g. redis://ai-server:6379/0"))
        self.broker_note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("settings_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(note)
        form.addRow(self.tr("AI inference broker"), self.broker)
        form.addRow(self.tr("AI inference queue"), self.queue)
        form.addRow(self.broker_note)
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        url = self.broker.text().strip()
        problem = broker_url_problem(url)
        if problem:  # nothing saved: the user corrects it or cancels
            self.error.setText(self.tr("Not a broker URL (%1); expected e.g. redis://host:6379/0")
                               .replace("%1", problem))
            self.error.show()
            self.broker.setFocus()
            return
        self.settings.language = self.language.currentData()
        self.settings.inference_broker_url = url
        self.settings.inference_queue = self.queue.currentData()
        self.settings.save()
        super().accept()
