"""``DicomQueryDialog``: search a remote node (patient ID/name, date range, modality, accession), list the
studies, retrieve the selected one into the archive (C-GET, or C-MOVE to our running receive service) with
progress and Cancel. Network work runs on worker threads."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from workstation.dicom_net.nodes import NodeStore
from workstation.gui_services.background import BackgroundTask
from workstation.gui_services.query_form import build_query, study_query, study_rows
from workstation.ui.queue_pump import TaskPump


class DicomQueryDialog(QDialog):
    """``retrieved(str study_uid)`` when a study landed in the archive."""

    retrieved = Signal(str)

    def __init__(self, archive, nodes: NodeStore, settings, receiver=None, parent=None) -> None:
        """``archive`` receives the retrieved studies; ``nodes``: the session's ``NodeStore``."""
        super().__init__(parent)
        self.setObjectName("dicom_query_dialog")
        self.setWindowTitle(self.tr("Query/Retrieve"))
        self.archive, self.settings, self.receiver = archive, settings, receiver
        self.store = nodes
        self.node = QComboBox(self)
        self.node.addItems([n.name for n in self.store.list()])
        self.patient_id, self.patient_name = QLineEdit(self), QLineEdit(self)
        self.date_from, self.date_to = QLineEdit(self), QLineEdit(self)
        for w in (self.date_from, self.date_to):
            w.setPlaceholderText("YYYYMMDD")
        self.modality, self.accession = QLineEdit(self), QLineEdit(self)
        self.patient_name.setPlaceholderText(self.tr("e.g. KIM* (wildcards * ?)"))
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([self.tr("Patient"), self.tr("Patient ID"), self.tr("Date"),
                                              self.tr("Modality"), self.tr("Description"), self.tr("Accession"),
                                              self.tr("Images")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.method = QComboBox(self)
        self.method.addItem(self.tr("C-GET (direct)"), "get")
        self.method.addItem(self.tr("C-MOVE (to our receive service)"), "move")
        self.retrieve_button = QPushButton(self.tr("Retrieve selected study"), self)
        self.retrieve_button.clicked.connect(self.retrieve)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.bar = QProgressBar(self)
        self.status = QLabel(self)
        self.status.setObjectName("query_status")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Node"), self.node)
        form.addRow(self.tr("Patient ID"), self.patient_id)
        form.addRow(self.tr("Patient name"), self.patient_name)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        form.addRow(self.tr("Study date"), dates)
        form.addRow(self.tr("Modality"), self.modality)
        form.addRow(self.tr("Accession"), self.accession)
        form.addRow(self.search_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.method)
        bottom.addWidget(self.retrieve_button)
        bottom.addWidget(self.bar, 1)
        bottom.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        lay.addWidget(self.status)
        self.rows = []
        self.pump: TaskPump | None = None
        self.last_result = None
        if not self.node.count():
            self.status.setText(self.tr("No DICOM node yet: add one under DICOM nodes."))
        self.resize(900, 600)

    def _node(self):
        name = self.node.currentText()
        return self.store.get(name) if name else None

    def _busy(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy)
        self.retrieve_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    @property
    def busy(self) -> bool:
        return self.pump is not None and self.pump.running

    def search(self) -> None:
        from workstation.dicom_net.query import find

        node = self._node()
        if node is None:
            self.status.setText(self.tr("Choose a node first."))
            return
        try:
            q = build_query(self.patient_id.text(), self.patient_name.text(), self.date_from.text(),
                            self.date_to.text(), self.modality.text(), self.accession.text())
        except ValueError as exc:
            self.status.setText(self.tr("Check the search: %s") % exc)
            return
        aet = self.settings.dicom_aet
        self.status.setText(self.tr("Searching %s…") % node.name)
        self.bar.setRange(0, 0)
        self._run(BackgroundTask(lambda _r, _c: find(node, q, aet), "c-find"), self._found)

    def _found(self, found) -> None:
        self.rows = study_rows(found)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.patient_name, row.patient_id, row.study_date, row.modalities, row.description,
                      row.accession, row.instances)
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.selectRow(0)
        self.status.setText(self.tr("Studies found: %1").replace("%1", str(len(self.rows))))

    def retrieve(self) -> None:
        from workstation.dicom_net import retrieve as rt

        node, sel = self._node(), self.table.currentRow()
        if node is None or not (0 <= sel < len(self.rows)):
            self.status.setText(self.tr("Select a study to retrieve."))
            return
        uid = self.rows[sel].study_uid
        archive, aet, method = self.archive, self.settings.dicom_aet, self.method.currentData()
        if method == "move" and (self.receiver is None or not self.receiver.running):
            self.status.setText(self.tr("C-MOVE needs the receive service on (DICOM nodes → This workstation)."))
            return

        def work(report, cancel):  # worker thread
            progress = lambda done, total, _text: report((done, total))  # noqa: E731
            if method == "move":
                return rt.move(node, study_query(uid), aet, archive=archive, calling_aet=aet,
                               progress=progress, cancel=cancel)
            return rt.get(node, study_query(uid), archive, calling_aet=aet, progress=progress, cancel=cancel)

        self.status.setText(self.tr("Retrieving…"))
        self.bar.setRange(0, 0)
        self._run(BackgroundTask(work, "retrieve"), lambda res: self._retrieved(uid, res))

    def _retrieved(self, uid: str, result) -> None:
        self.last_result = result
        if result.cancelled:
            self.status.setText(self.tr("Cancelled after %1 of %2 images; retrieve again to finish.")
                                .replace("%1", str(result.completed + result.skipped)).replace("%2", str(result.total)))
        else:
            self.status.setText(self.tr("Retrieved: %1 new, %2 already here, %3 failed.")
                                .replace("%1", str(result.completed)).replace("%2", str(result.skipped))
                                .replace("%3", str(result.failed)))
        if result.completed or result.skipped:
            self.retrieved.emit(uid)

    def _progress(self, value) -> None:
        done, total = value
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.status.setText(self.tr("Retrieving… %1 / %2").replace("%1", str(done)).replace("%2", str(total)))

    def _run(self, task: BackgroundTask, on_done) -> None:
        self._busy(True)
        self.pump = TaskPump(task, self)
        self.pump.progress.connect(self._progress)
        self.pump.done.connect(on_done)
        self.pump.failed.connect(lambda m: self.status.setText(self.tr("Failed: %s") % m))
        self.pump.ended.connect(self._ended)
        self.pump.start()

    def _ended(self) -> None:
        self._busy(False)
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)

    def cancel(self) -> None:
        if self.pump is not None:
            self.pump.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def closeEvent(self, ev) -> None:  # noqa: N802
        if self.busy:
            self.cancel()
            self.pump.task.wait(10)
        super().closeEvent(ev)
