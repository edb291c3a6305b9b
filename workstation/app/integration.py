"""Menus and actions that reach the services from the window: Import (menu, toolbar, drop on the study
browser), Sync (settings, sync now, conflicts, status bar) and DICOM (nodes, receive service, Query/Retrieve).

``WindowServices(main_window)`` shows the session's background services (``workstation.session``: the sync
link, the DICOM receive service) in the status bar and keeps the open non-modal dialogs; ``start_configured()``
starts what the settings ask for (``launch`` defers it until the first image is on screen); ``shutdown()``
stops them (the window calls it on close)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from workstation.ui.receive_status import ReceiveStatus
from workstation.ui.status_bar import AiQueueStatus
from workstation.ui.sync_status import SyncStatus


class WindowServices(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.archive, self.settings = window.archive, window.settings
        self.import_dialogs: list = []
        self.sync = SyncStatus(self.session.sync, window.status, self)
        hub = getattr(window, "reading_hub", None)
        if hub is not None:  # pulled CDSS orders (and settled conflicts) refresh the reading panels
            self.sync.orders_changed.connect(hub.orders_changed)
        receiver = self.session.receiver
        self.receiver = ReceiveStatus(receiver, window.status, self) if receiver is not None else None
        if self.receiver is not None:
            self.receiver.error.connect(window.status.show_error)
            self.receiver.received.connect(lambda _n: self._refresh_browser())
        self.ai_queue = AiQueueStatus(self.session.inference, window.status, self)  # hidden without a broker
        self.actions: dict[str, QAction] = {}
        self._build_menus()
        self.retranslate()
        if window.browser is not None:
            window.browser.paths_dropped.connect(self.import_paths)

    def start_configured(self) -> None:
        """Start what the settings ask for: sync when a server and token are saved, receive when switched on."""
        self.sync.apply_settings()
        if self.receiver is not None and self.settings.dicom_receive:
            self.receiver.start()
        self.ai_queue.start()

    # ---- menus -------------------------------------------------------------------------------------------
    def _action(self, key: str, slot, menu) -> QAction:
        a = QAction(key, self.window)
        a.setObjectName(f"action_{key}")
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        self.actions[key] = a
        return a

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        self.file_menu = bar.addMenu("File")
        has_archive = self.archive is not None
        for key, slot in (("import_folder", self.import_folder), ("import_zip", self.import_zip),
                          ("import_dicomdir", self.import_dicomdir)):
            self._action(key, slot, self.file_menu).setEnabled(has_archive)
        self.sync_menu = bar.addMenu("Sync")
        self._action("sync_now", self.sync.sync_now, self.sync_menu)
        self._action("sync_conflicts", self.show_conflicts, self.sync_menu)
        self._action("sync_settings", self.show_sync_settings, self.sync_menu)
        self.dicom_menu = bar.addMenu("DICOM")
        self._action("dicom_query", self.show_query, self.dicom_menu).setEnabled(has_archive)
        self._action("dicom_nodes", self.show_nodes, self.dicom_menu).setEnabled(has_archive)
        receive = self._action("dicom_receive", self.toggle_receive, self.dicom_menu)
        receive.setCheckable(True)
        receive.setEnabled(has_archive)
        # the toolbar gets "Import…" beside "Open…"
        tb = self.window.toolbar
        first = tb.actions()[1] if len(tb.actions()) > 1 else None
        tb.insertAction(first, self.actions["import_folder"])

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.sync_menu.setTitle(self.tr("&Sync"))
        self.dicom_menu.setTitle(self.tr("&DICOM"))
        texts = {
            "import_folder": (self.tr("Import…"), self.tr("Import a folder (CD, USB) into the archive")),
            "import_zip": (self.tr("Import zip…"), self.tr("Import a zip file into the archive")),
            "import_dicomdir": (self.tr("Import CD (DICOMDIR)…"), self.tr("Import the studies a DICOMDIR lists")),
            "sync_now": (self.tr("Sync now"), self.tr("Send waiting changes to the CDSS and fetch new orders")),
            "sync_conflicts": (self.tr("Conflicts…"), self.tr("Changes the CDSS refused because they were edited there too")),
            "sync_settings": (self.tr("Sync settings…"), self.tr("CDSS server and your token")),
            "dicom_query": (self.tr("Query/Retrieve…"), self.tr("Search a PACS and retrieve studies")),
            "dicom_nodes": (self.tr("DICOM nodes…"), self.tr("Remote nodes, our AE title and receive port")),
            "dicom_receive": (self.tr("Receive images"), self.tr("Run the DICOM receive service (C-STORE)")),
        }
        for key, (text, tip) in texts.items():
            self.actions[key].setText(text)
            self.actions[key].setToolTip(tip)
            self.actions[key].setStatusTip(tip)
        self.sync.refresh_label()
        if self.receiver is not None:
            self.receiver.update_label()

    # ---- import ------------------------------------------------------------------------------------------
    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import a folder"))
        if folder:
            self.import_paths([folder])

    def import_zip(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Import zip files"), "",
                                                self.tr("Zip or CD image (*.zip *.iso);;All files (*)"))
        if files:
            self.import_paths(files)

    def import_dicomdir(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import a CD"), "",
                                              self.tr("DICOMDIR (DICOMDIR dicomdir);;All files (*)"))
        if path:
            self.import_paths([path])

    def import_paths(self, paths) -> object:
        """Import ``paths`` with a progress dialog (non-modal); returns the dialog."""
        from workstation.ui.import_dialog import ImportDialog

        if self.archive is None:
            self.window.status.show_error(self.tr("No archive is open."))
            return None
        dialog = ImportDialog(self.archive, paths, self.window)
        dialog.imported.connect(self._refresh_browser)
        dialog.finished.connect(lambda _c, d=dialog: self.import_dialogs.remove(d) if d in self.import_dialogs else None)
        self.import_dialogs.append(dialog)
        dialog.show()
        return dialog.start()

    def _refresh_browser(self, report=None) -> None:
        """Show what arrived; the study just imported becomes the selected one."""
        if self.window.browser is not None:
            self.window.browser.select_imported(report)

    # ---- sync --------------------------------------------------------------------------------------------
    def attach_reading(self) -> bool:
        """Is the reading store bridged to the sync? The session bridges it when the user works on the
        worklist (``workstation.session.builder``); nothing to do here any more."""
        return self.session.sync.bridged

    def show_sync_settings(self) -> None:
        from workstation.ui.sync_settings_dialog import SyncSettingsDialog

        if SyncSettingsDialog(self.settings, self.window).exec():
            self.sync.apply_settings()

    def show_conflicts(self):
        from workstation.ui.sync_conflicts_dialog import SyncConflictsDialog

        dialog = SyncConflictsDialog(self.session.sync, self.window)
        dialog.show()
        return dialog

    # ---- DICOM -------------------------------------------------------------------------------------------
    def show_nodes(self):
        from workstation.ui.dicom_nodes_dialog import DicomNodesDialog

        dialog = DicomNodesDialog(self.session.nodes, self.settings, self.receiver, self.window)
        dialog.finished.connect(lambda _c: self.actions["dicom_receive"].setChecked(self.receiver.running))
        dialog.show()
        return dialog

    def show_query(self):
        from workstation.ui.dicom_query_dialog import DicomQueryDialog

        dialog = DicomQueryDialog(self.archive, self.session.nodes, self.settings, self.receiver, self.window)
        dialog.retrieved.connect(lambda uid: (self._refresh_browser(), self.window.browser.select_study(uid)
                                              if self.window.browser is not None else None))
        dialog.show()
        return dialog

    def toggle_receive(self) -> None:
        if self.receiver is None:
            return
        if self.receiver.running:
            self.receiver.stop()
        else:
            self.receiver.start()
        self.settings.dicom_receive = self.receiver.running
        self.settings.save()
        self.actions["dicom_receive"].setChecked(self.receiver.running)

    def shutdown(self) -> None:
        for d in list(self.import_dialogs):
            if d.running:
                d.cancel()
                d.pump.task.wait(30)
        self.sync.stop()
        self.ai_queue.stop()
        if self.receiver is not None:
            self.receiver.stop()
