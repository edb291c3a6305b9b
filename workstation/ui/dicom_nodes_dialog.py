"""``DicomNodesDialog``: remote DICOM nodes (list / add / edit / delete through ``NodeStore``, Echo) and our
own AE title, receive port and receive service switch. Passwords are typed masked and never shown back."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QMessageBox, QPushButton, QSpinBox, QVBoxLayout)

from workstation.dicom_net.nodes import NodeStore, RemoteNode
from workstation.gui_services.background import BackgroundTask
from workstation.ui.queue_pump import TaskPump


class DicomNodesDialog(QDialog):
    def __init__(self, nodes: NodeStore, settings, receiver=None, parent=None) -> None:
        """``nodes``: the session's ``NodeStore`` (in the local database)."""
        super().__init__(parent)
        self.setObjectName("dicom_nodes_dialog")
        self.setWindowTitle(self.tr("DICOM nodes"))
        self.store = nodes
        self.settings, self.receiver = settings, receiver
        self.nodes = QListWidget(self)
        self.nodes.currentTextChanged.connect(self._show_node)
        self.name, self.aet, self.host = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(104)
        self.web_url, self.user, self.password = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.password.setEchoMode(QLineEdit.Password)
        self.new_button = QPushButton(self.tr("New"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.echo_button = QPushButton(self.tr("Echo"), self)
        self.new_button.clicked.connect(self.new_node)
        self.save_button.clicked.connect(self.save_node)
        self.delete_button.clicked.connect(self.delete_node)
        self.echo_button.clicked.connect(self.echo_node)
        self.result = QLabel(self)
        self.result.setObjectName("node_result")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("AE title"), self.aet)
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("DICOMweb URL"), self.web_url)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        row = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.delete_button, self.echo_button):
            row.addWidget(b)
        edit = QVBoxLayout()
        edit.addLayout(form)
        edit.addLayout(row)
        edit.addWidget(self.result)
        top = QHBoxLayout()
        top.addWidget(self.nodes, 1)
        top.addLayout(edit, 2)
        ours = QGroupBox(self.tr("This workstation"), self)
        self.our_aet = QLineEdit(settings.dicom_aet, self)
        self.our_port = QSpinBox(self)
        self.our_port.setRange(1, 65535)
        self.our_port.setValue(settings.dicom_port)
        self.receive = QCheckBox(self.tr("Receive images (C-STORE) into the archive"), self)
        self.receive.setChecked(receiver is not None and receiver.running)
        apply = QPushButton(self.tr("Apply"), self)
        apply.clicked.connect(self.apply_ours)
        of = QFormLayout(ours)
        of.addRow(self.tr("Our AE title"), self.our_aet)
        of.addRow(self.tr("Receive port"), self.our_port)
        of.addRow(self.receive)
        of.addRow(apply)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addWidget(ours)
        lay.addWidget(close)
        self._saved_password = ""
        self.pump: TaskPump | None = None
        self.resize(720, 520)
        self.reload()

    # ---- nodes -------------------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        self.nodes.clear()
        names = [n.name for n in self.store.list()]
        self.nodes.addItems(names)
        if select in names:
            self.nodes.setCurrentRow(names.index(select))
        elif names:
            self.nodes.setCurrentRow(0)
        else:
            self.new_node()

    def _show_node(self, name: str) -> None:
        if not name:
            return
        try:
            node = self.store.get(name)
        except KeyError:
            return
        self.name.setText(node.name)
        self.aet.setText(node.ae_title)
        self.host.setText(node.host)
        self.port.setValue(node.port or 104)
        self.web_url.setText(node.dicomweb_url)
        self.user.setText(node.username)
        self._saved_password = node.password
        self.password.clear()
        self.password.setPlaceholderText("•" * 8 if node.password else "")
        self.result.clear()

    def new_node(self) -> None:
        self.nodes.clearSelection()
        for w in (self.name, self.aet, self.host, self.web_url, self.user, self.password):
            w.clear()
        self.password.setPlaceholderText("")
        self._saved_password = ""
        self.port.setValue(104)
        self.name.setFocus()

    def node_from_form(self) -> RemoteNode:
        """The form as a node (a password left empty keeps the saved one); ``ValueError`` if invalid."""
        node = RemoteNode(self.name.text().strip(), self.aet.text().strip(), self.host.text().strip(),
                          self.port.value(), self.web_url.text().strip(), self.user.text().strip(),
                          self.password.text() or self._saved_password)
        node.validate()
        return node

    def save_node(self) -> bool:
        try:
            node = self.store.save(self.node_from_form())
        except ValueError as exc:
            self.result.setText(self.tr("Not saved: %s") % exc)
            return False
        self.reload(node.name)
        self.result.setText(self.tr("Saved %s.") % node.name)
        return True

    def delete_node(self) -> None:
        name = self.name.text().strip()
        if not name:
            return
        if QMessageBox.question(self, self.tr("Delete node"), self.tr("Delete %s?") % name) != QMessageBox.Yes:
            return
        self.store.delete(name)
        self.reload()

    def echo_node(self) -> None:
        from workstation.dicom_net.query import echo

        try:
            node = self.node_from_form()
        except ValueError as exc:
            self.result.setText(self.tr("Cannot echo: %s") % exc)
            return
        aet = self.settings.dicom_aet
        self.echo_button.setEnabled(False)
        self.result.setText(self.tr("Echo %s…") % node.ae_title)
        self.pump = TaskPump(BackgroundTask(lambda _r, _c: echo(node, aet), "echo"), self)
        self.pump.done.connect(lambda s: self.result.setText(self.tr("Echo OK (%s ms)") % f"{s * 1000:.0f}"))
        self.pump.failed.connect(lambda m: self.result.setText(self.tr("Echo failed: %s") % m))
        self.pump.ended.connect(lambda: self.echo_button.setEnabled(True))
        self.pump.start()

    # ---- our AE ------------------------------------------------------------------------------------------
    def apply_ours(self) -> None:
        aet = self.our_aet.text().strip()
        if not aet or len(aet) > 16:
            self.result.setText(self.tr("Our AE title must be 1-16 characters."))
            return
        self.settings.dicom_aet, self.settings.dicom_port = aet, self.our_port.value()
        self.settings.dicom_receive = self.receive.isChecked()
        self.settings.save()
        if self.receiver is None:
            return
        if self.receive.isChecked():
            if self.receiver.start():
                self.result.setText(self.tr("Receiving as %1 on port %2.").replace("%1", aet)
                                    .replace("%2", str(self.settings.dicom_port)))
            else:
                self.receive.setChecked(False)
                self.result.setText(self.tr("Receive service not started (port in use?)"))
        else:
            self.receiver.stop()
