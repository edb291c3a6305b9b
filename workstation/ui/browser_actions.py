"""The study browser's right-click menu and what its entries do: open, open in a new viewport, compare
with the current images, export, send to a DICOM node, show DICOM tags. Long work (export, send) runs
on a worker thread; its outcome goes to the status bar."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu

from workstation.study_filter import comparison_index, non_image_kind

KIND_ROLE = Qt.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("BrowserMenu", text)


class _Done(QObject):
    message = Signal(str)
    error = Signal(str)


class BrowserActions(QObject):
    """Attaches the context menus to ``window.browser``'s study tree and series list."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.browser = browser = window.browser
        self.archive = window.archive
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-actions")
        self._done = _Done()
        self._done.message.connect(lambda m: window.status.showMessage(m, 10000))
        self._done.error.connect(window.status.show_error)
        self.last_menu: QMenu | None = None
        for view in (browser.tree, browser.series_list):
            view.setContextMenuPolicy(Qt.CustomContextMenu)
        browser.tree.customContextMenuRequested.connect(self._tree_menu)
        browser.series_list.customContextMenuRequested.connect(self._series_menu)

    # ---- menus -----------------------------------------------------------------------------------
    def study_menu(self, study_uid: str) -> QMenu:
        m = QMenu(self.browser)
        m.addAction(_tr("Open"), lambda: self.browser.study_activated.emit(study_uid))
        m.addAction(_tr("Compare with current"), lambda: self.compare(study_uid))
        m.addSeparator()
        m.addAction(_tr("Export…"), lambda: self.export(study_uid))
        send = m.addAction(_tr("Send to DICOM node…"), lambda: self.send(study_uid))
        send.setEnabled(self._nodes() is not None)
        m.addSeparator()
        m.addAction(_tr("Show DICOM tags"), lambda: self.show_tags(self._first_file(study_uid=study_uid)))
        return m

    def series_menu(self, series_uid: str) -> QMenu:
        m = QMenu(self.browser)
        m.addAction(_tr("Open"), lambda: self.browser.series_activated.emit(series_uid))
        m.addAction(_tr("Open in a new viewport"), lambda: self.open_in_new_viewport(series_uid))
        m.addSeparator()
        m.addAction(_tr("Show DICOM tags"), lambda: self.show_tags(self._first_file(series_uid=series_uid)))
        return m

    def _tree_menu(self, pos: QPoint) -> None:
        item = self.browser.tree.itemAt(pos)
        if item is None or item.data(0, KIND_ROLE) != "study":
            return
        self.last_menu = self.study_menu(item.data(0, Qt.UserRole))
        self.last_menu.popup(self.browser.tree.viewport().mapToGlobal(pos))

    def _series_menu(self, pos: QPoint) -> None:
        item = self.browser.series_list.itemAt(pos)
        if item is None:
            return
        self.last_menu = self.series_menu(item.data(Qt.UserRole))
        self.last_menu.popup(self.browser.series_list.viewport().mapToGlobal(pos))

    # ---- actions ---------------------------------------------------------------------------------
    def _first_file(self, study_uid: str | None = None, series_uid: str | None = None) -> str | None:
        if series_uid is None:
            series = self.archive.series(study_uid)
            images = [s for s in series if non_image_kind(s.modality, s.series_description) is None] or series
            series_uid = images[0].series_instance_uid if images else None
        files = self.archive.series_files(series_uid) if series_uid else []
        return str(files[0]) if files else None

    def show_tags(self, path: str | None):
        if path is None:
            self.window.status.show_error(_tr("No file for this item in the archive."))
            return None
        return self.window.image_menu.show_tags(path)

    def open_in_new_viewport(self, series_uid: str) -> int:
        """Open the series in the first empty viewport, adding one (a wider layout) when none is empty."""
        grid = self.window.grid
        index = grid.next_empty_index()
        if grid.viewports[index].state.volume is not None:
            order = ("1x1", "1x2", "2x2", "3x3")
            bigger = next((n for n in order if len(_cells(n)) > len(grid.viewports)), None)
            if bigger is not None:
                count = len(grid.viewports)
                grid.set_layout(bigger)
                index = count
        self.window.controller.open_series(series_uid, index)
        grid.set_active(index)
        return index

    def compare(self, study_uid: str) -> int | None:
        """Show the study's series most like the active viewport's (same description, else the first)
        beside it (a 1×2 layout when the grid is single)."""
        series = [s for s in self.archive.series(study_uid)
                  if s.instances > 0 and non_image_kind(s.modality, s.series_description) is None]
        if not series:
            self.window.status.show_error(_tr("This study has no images in the archive."))
            return None
        grid = self.window.grid
        current = grid.active_index
        shown = grid.active_viewport().state.volume
        described = str((shown.metadata or {}).get("series_description") or "") if shown is not None else ""
        first = series[comparison_index([s.series_description or "" for s in series], described)]
        if len(grid.viewports) < 2:
            grid.set_layout("1x2")
        target = next((n for n in range(len(grid.viewports)) if n != current
                       and (grid.viewports[n].state.volume is None or grid.is_blank(n))),
                      (current + 1) % len(grid.viewports))
        self.window.controller.open_series(first.series_instance_uid, target)
        return target

    def export(self, study_uid: str, folder: str | None = None):
        """Export the study as a DICOMDIR folder (worker thread); returns the future."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self.window, _tr("Export the study to a folder"))
            if not folder:
                return None
        archive, done = self.archive, self._done

        def work():
            from workstation.export import export

            try:
                report = export(archive, Path(folder), study_uid=study_uid)
            except Exception as exc:  # noqa: BLE001 - said in the status bar, nothing else stops
                done.error.emit(_tr("Export failed: %s") % exc)
                return None
            done.message.emit(_tr("Exported %1 instances to %2").replace("%1", str(report.exported))
                              .replace("%2", str(report.destination)))
            return report

        return self._pool.submit(work)

    def _nodes(self):
        return getattr(self.window.session, "nodes", None)

    def send(self, study_uid: str, node_name: str | None = None):
        """C-STORE the study to a configured node (worker thread); returns the future."""
        from workstation.dicom_net.send import send_files

        nodes = self._nodes()
        if nodes is None:
            return None
        if node_name is None:
            names = [n.name for n in nodes.list() if n.ae_title]
            if not names:
                self.window.status.show_error(_tr("No DICOM node is configured (DICOM → DICOM nodes…)."))
                return None
            node_name, ok = QInputDialog.getItem(self.window, _tr("Send to DICOM node"), _tr("Node:"), names, 0, False)
            if not ok:
                return None
        node = nodes.get(node_name)
        files = [f for s in self.archive.series(study_uid) for f in self.archive.series_files(s.series_instance_uid)]
        aet = getattr(self.window.settings, "dicom_aet", None) or "CDSS"
        done = self._done

        def work():
            try:
                result = send_files(node, files, calling_aet=aet)
            except Exception as exc:  # noqa: BLE001
                done.error.emit(_tr("Send failed: %s") % exc)
                return None
            sent = len(files) - len(result.failed)
            text = _tr("Sent %1 of %2 files to %3").replace("%1", str(sent)).replace("%2", str(len(files))) \
                .replace("%3", node.name)
            (done.message if not result.failed else done.error).emit(text)
            return result

        return self._pool.submit(work)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _cells(layout: str) -> list:
    from workstation.ui.viewport_grid_widget import LAYOUTS

    rows, cols = LAYOUTS[layout]
    return [None] * (rows * cols)
