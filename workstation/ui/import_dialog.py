"""``ImportDialog``: imports folders / zips / CDs (DICOMDIR) into the archive off the GUI thread, with
files done/total, MB/s, ETA and Cancel, then the report (counts + every problem with its reason)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QProgressBar, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from workstation.gui_services.background import BackgroundTask
from workstation.gui_services.import_text import progress_figures, report_counts, report_problems
from workstation.ui.queue_pump import TaskPump


class ImportDialog(QDialog):
    """Non-modal: the window stays usable. ``imported(object report)`` when the job ends (also on cancel)."""

    imported = Signal(object)

    def __init__(self, archive, paths, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import"))
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.archive, self.paths = archive, [str(p) for p in paths]
        self.report = None
        self.error: str | None = None
        self.source_label = QLabel(self.tr("From: %s") % "; ".join(self.paths))
        self.source_label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.status_label = QLabel(self.tr("Looking for files…"))
        self.status_label.setObjectName("import_status")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QFormLayout()
        self.count_labels: dict[str, QLabel] = {}
        self.problems = QTreeWidget(self)
        self.problems.setHeaderLabels([self.tr("Problem"), self.tr("File"), self.tr("Reason")])
        self.problems.setRootIsDecorated(False)
        self.problems.setColumnWidth(0, 110)
        self.problems.setColumnWidth(1, 320)
        self.problems.hide()
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        self.close_buttons.rejected.connect(self.close)
        self.close_buttons.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.source_label)
        lay.addWidget(self.bar)
        lay.addWidget(self.status_label)
        lay.addWidget(self.cancel_button, 0, Qt.AlignRight)
        lay.addLayout(self.summary)
        lay.addWidget(self.problems, 1)
        lay.addWidget(self.close_buttons)
        self.resize(640, 260)
        self.pump: TaskPump | None = None

    def labels(self) -> dict[str, str]:
        return {"imported": self.tr("Imported"), "duplicates": self.tr("Duplicates (already in the archive)"),
                "not_dicom": self.tr("Not DICOM (skipped)"), "quarantined": self.tr("Quarantined (same UID, other content)"),
                "failed": self.tr("Failed"), "missing": self.tr("Listed in DICOMDIR but missing")}

    def start(self) -> "ImportDialog":
        from workstation.importer import ImportJob

        archive, paths = self.archive, self.paths

        def work(report, cancel):  # worker thread
            return ImportJob(archive, paths, progress=report, cancel=cancel).run()

        self.pump = TaskPump(BackgroundTask(work, "import-gui"), self)
        self.pump.progress.connect(self._on_progress)
        self.pump.done.connect(self._on_done)
        self.pump.failed.connect(self._on_failed)
        self.pump.start()
        return self

    @property
    def running(self) -> bool:
        return self.pump is not None and self.pump.running

    def cancel(self) -> None:
        if self.pump is not None:
            self.pump.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling after the files in flight…"))

    def _on_progress(self, p) -> None:
        f = progress_figures(p)
        self.bar.setValue(f.percent)
        if f.phase == "scanning":
            self.status_label.setText(self.tr("Looking for files… %1 found").replace("%1", str(f.files_total)))
            return
        if self.cancel_button.isEnabled():
            self.status_label.setText(self.tr("%1 / %2 files · %3 MB/s · %4 left")
                                      .replace("%1", str(f.files_done)).replace("%2", str(f.files_total))
                                      .replace("%3", f"{f.mb_per_s:.1f}").replace("%4", f.eta))

    def _on_done(self, report) -> None:
        self.report = report
        self.bar.setValue(100 if not report.cancelled else self.bar.value())
        if report.cancelled:
            self.status_label.setText(self.tr("Cancelled: what was imported stays; import again to finish."))
        elif report.ok:
            self.status_label.setText(self.tr("Import finished."))
        else:
            self.status_label.setText(self.tr("Import finished with problems (listed below)."))
        labels = self.labels()
        for key, count in report_counts(report).items():
            label = QLabel(str(count))
            label.setObjectName(f"count_{key}")
            self.count_labels[key] = label
            self.summary.addRow(labels[key], label)
        kinds = {"failed": self.tr("Failed"), "quarantined": self.tr("Quarantined"), "missing": self.tr("Missing")}
        for kind, file, reason in report_problems(report):
            self.problems.addTopLevelItem(QTreeWidgetItem([kinds[kind], file, reason]))
        self.problems.setVisible(self.problems.topLevelItemCount() > 0)
        self._finish()
        self.imported.emit(report)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self.status_label.setText(self.tr("Import stopped: %s") % message)
        self._finish()

    def _finish(self) -> None:
        self.cancel_button.hide()
        self.close_buttons.show()
        self.resize(max(self.width(), 760), 460 if self.problems.isVisible() else 320)

    def closeEvent(self, ev) -> None:  # noqa: N802
        if self.running:  # closing = cancel; the dialog goes when the job has stopped
            self.cancel()
            ev.ignore()
            if self.pump is not None:
                self.pump.ended.connect(self.close)
            return
        super().closeEvent(ev)

