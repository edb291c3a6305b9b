"""``StudyBrowserWidget``: patients → studies → series of the local archive, with series thumbnails
rendered off the GUI thread. Double-click a study to open it; drag a thumbnail onto a viewport. Files or
folders dropped on it from a file manager are offered for import (``paths_dropped``)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDrag, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from viewer.model.seg_overlay import seg_thumbnail
from viewer.model.thumbnail import series_thumbnail
from viewer.qt.viewport_widget import SERIES_MIME
from workstation.study_filter import filter_studies, non_image_kind, series_tooltip
from workstation.ui.series_icons import kind_icon

UID_ROLE = Qt.UserRole
KIND_ROLE = Qt.UserRole + 1
THUMB = 96
POLL_MS = 3000


class _ThumbSignals(QObject):
    ready = Signal(str, object)  # series uid, uint8 array or None


class _SeriesList(QListWidget):
    """Thumbnails that can be dragged onto a viewport (mime ``SERIES_MIME`` = series UID)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setResizeMode(QListWidget.Adjust)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setWordWrap(True)
        self.setSpacing(4)

    def startDrag(self, actions) -> None:  # noqa: N802
        item = self.currentItem()
        if item is None:
            return
        mime = QMimeData()
        mime.setData(SERIES_MIME, item.data(UID_ROLE).encode("ascii"))
        drag = QDrag(self)
        drag.setMimeData(mime)
        if not item.icon().isNull():
            drag.setPixmap(item.icon().pixmap(THUMB // 2, THUMB // 2))
        drag.exec(Qt.CopyAction)


class StudyBrowserWidget(QWidget):
    """Signals: ``study_activated(str study_uid)``, ``series_activated(str series_uid)``,
    ``paths_dropped(list[str])`` (local files/folders dropped from outside)."""

    study_activated = Signal(str)
    series_activated = Signal(str)
    paths_dropped = Signal(list)

    def __init__(self, archive, parent=None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setColumnWidth(0, 200)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self.tree.currentItemChanged.connect(self._on_current)
        self.series_list = _SeriesList(self)
        self.series_list.itemDoubleClicked.connect(lambda it: self.series_activated.emit(it.data(UID_ROLE)))
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        # search: patient name or ID, date, description (words) and a modality
        self.search = QLineEdit(self)
        self.search.setObjectName("browser_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.modality_filter = QComboBox(self)
        self.modality_filter.addItem("", "")
        for mod in ("MR", "CT", "PT", "SEG", "SR"):
            self.modality_filter.addItem(mod, mod)
        self.modality_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self._current_study: str | None = None
        self.retranslate()
        split = QSplitter(Qt.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(self.series_list)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.modality_filter)
        search_row.addWidget(self.refresh_button)
        lay.addLayout(search_row)
        lay.addWidget(split, 1)
        lay.addWidget(self.hint)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thumbnails")
        self._thumbs: dict[str, QIcon] = {}
        self._pending: set[str] = set()
        self._signals = _ThumbSignals()
        self._signals.ready.connect(self._on_thumbnail)
        self.setMinimumWidth(200)  # narrow: the images get most of a 1280-px window
        self.setAcceptDrops(True)
        self._counts = None
        self.refresh()
        # studies arriving by import or DICOM receive appear without pressing Refresh
        self._poll_timer = QTimer(self)
        self._poll_timer.timeout.connect(self.refresh_if_changed)
        self._poll_timer.start(POLL_MS)

    def retranslate(self) -> None:
        """(Re)set the fixed texts in the current language."""
        self.tree.setHeaderLabels([self.tr("Patient / study"), self.tr("Date"), self.tr("Modality")])
        self.refresh_button.setText(self.tr("Refresh"))
        self.hint.setText(self.tr("Double-click a study to open it; drag a series onto a viewport."))
        self.search.setPlaceholderText(self.tr("Search name, ID, date, description…"))
        self.modality_filter.setItemText(0, self.tr("All"))
        self.modality_filter.setToolTip(self.tr("Only studies with this modality"))

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange:
            self.retranslate()
            if self.tree.topLevelItemCount():
                self.refresh()
                if self._current_study:
                    self.show_series(self._current_study)
        super().changeEvent(ev)

    # ---- archive → tree ----------------------------------------------------------------------
    def refresh_if_changed(self) -> None:
        """Refresh when the archive's counts changed since the last refresh."""
        try:
            counts = self.archive.counts()
        except Exception:  # noqa: BLE001 - a busy/closed database: try again at the next tick
            return
        if counts != self._counts:
            self.refresh()

    def refresh(self) -> None:
        try:
            self._counts = self.archive.counts()
        except Exception:  # noqa: BLE001
            self._counts = None
        self.tree.clear()
        text, modality = self.search.text(), self.modality_filter.currentData() or ""
        for p in self.archive.patients():
            studies = filter_studies(self.archive.studies(p.patient_id), text, modality)
            if not studies and (text.strip() or modality):
                continue  # the search shows no study of this patient
            name = (p.patient_name or "").replace("^", " ") or self.tr("(no name)")
            pit = QTreeWidgetItem([f"{name}  [{p.patient_id or ''}]", p.birth_date or "", ""])
            pit.setData(0, KIND_ROLE, "patient")
            self.tree.addTopLevelItem(pit)
            for s in studies:
                sit = QTreeWidgetItem([s.study_description or self.tr("(no description)"), _date(s.study_date),
                                       (s.modalities or "").replace("\\", "/")])
                sit.setData(0, UID_ROLE, s.study_instance_uid)
                sit.setData(0, KIND_ROLE, "study")
                sit.setToolTip(0, self.tr("%n series", "", s.series_count))
                pit.addChild(sit)
                if s.study_instance_uid == self._current_study:
                    self.tree.setCurrentItem(sit)
            pit.setExpanded(True)

    def select_study(self, study_uid: str) -> bool:
        """Make ``study_uid`` the current study (its series thumbnails show). False if not listed."""
        for item in self.study_items():
            if item.data(0, UID_ROLE) == study_uid:
                self.tree.setCurrentItem(item)
                return True
        return False

    def study_items(self) -> list[QTreeWidgetItem]:
        out = []
        for n in range(self.tree.topLevelItemCount()):
            p = self.tree.topLevelItem(n)
            out.extend(p.child(c) for c in range(p.childCount()))
        return out

    def _on_double_click(self, item: QTreeWidgetItem, _col: int) -> None:
        if item.data(0, KIND_ROLE) == "study":
            self.study_activated.emit(item.data(0, UID_ROLE))

    def _on_current(self, item, _prev) -> None:
        if item is not None and item.data(0, KIND_ROLE) == "study":
            self.show_series(item.data(0, UID_ROLE))

    # ---- series thumbnails -------------------------------------------------------------------
    def show_series(self, study_uid: str) -> None:
        self._current_study = study_uid
        self.series_list.clear()
        for s in self.archive.series(study_uid):
            label = f"{s.series_number or ''} {s.series_description or s.modality}".strip()
            label += f"\n{s.instances} " + self.tr("img")
            it = QListWidgetItem(label)
            it.setData(UID_ROLE, s.series_instance_uid)
            it.setToolTip(series_tooltip(s.modality, s.orientation, s.series_description))
            icon = self._thumbs.get(s.series_instance_uid)
            kind = non_image_kind(s.modality, s.series_description)
            it.setData(KIND_ROLE, kind)
            if icon is None and kind is not None and kind != "SEG":  # no picture to render: its type
                icon = kind_icon(kind, THUMB)
            if icon is not None:
                it.setIcon(icon)
            else:
                self._request_thumbnail(s.series_instance_uid)
            self.series_list.addItem(it)

    def _request_thumbnail(self, uid: str) -> None:
        if uid in self._pending:
            return
        self._pending.add(uid)
        files = [str(f) for f in self.archive.series_files(uid)]
        sig = self._signals

        def work() -> None:
            try:
                arr = series_thumbnail(files, THUMB) if files else None
                if arr is None and files:  # a SEG: its segments, not a blank
                    arr = seg_thumbnail(files, THUMB)
            except Exception:  # noqa: BLE001 - no thumbnail is shown, the series still opens
                arr = None
            sig.ready.emit(uid, arr)

        self._pool.submit(work)

    def select_imported(self, report) -> bool:
        """Refresh and select the study of the last instance an import stored (``ImportReport``)."""
        self.refresh()
        for sop in reversed(getattr(report, "stored_sop_uids", None) or []):
            try:
                ds = self.archive.read_dataset(sop, stop_before_pixels=True)
            except Exception:  # noqa: BLE001 - a file gone meanwhile: try the one before
                ds = None
            if ds is not None and "StudyInstanceUID" in ds:
                if not self.select_study(str(ds.StudyInstanceUID)):  # hidden by the search: show it
                    self.search.clear()
                    self.modality_filter.setCurrentIndex(0)
                    return self.select_study(str(ds.StudyInstanceUID))
                return True
        return False

    def _on_thumbnail(self, uid: str, arr) -> None:
        self._pending.discard(uid)
        if arr is None:
            for n in range(self.series_list.count()):  # e.g. a SEG without a source shown: its type
                it = self.series_list.item(n)
                if it.data(UID_ROLE) == uid and it.icon().isNull() and it.data(KIND_ROLE):
                    it.setIcon(kind_icon(it.data(KIND_ROLE), THUMB))
            return
        h, w = arr.shape
        img = QImage(arr.data, w, h, w, QImage.Format_Grayscale8).copy()
        icon = QIcon(QPixmap.fromImage(img))
        self._thumbs[uid] = icon
        for n in range(self.series_list.count()):
            it = self.series_list.item(n)
            if it.data(UID_ROLE) == uid:
                it.setIcon(icon)
        # icon mode keeps the places it gave the items without their thumbnails: lay them out again
        self.series_list.scheduleDelayedItemsLayout()

    # ---- files dropped from outside → import -------------------------------------------------
    @staticmethod
    def _local_paths(mime) -> list[str]:
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, ev) -> None:  # noqa: N802
        if self._local_paths(ev.mimeData()):
            ev.acceptProposedAction()
        else:
            ev.ignore()

    def dragMoveEvent(self, ev) -> None:  # noqa: N802
        self.dragEnterEvent(ev)

    def dropEvent(self, ev) -> None:  # noqa: N802
        paths = self._local_paths(ev.mimeData())
        if paths:
            ev.acceptProposedAction()
            self.paths_dropped.emit(paths)
        else:
            ev.ignore()

    def closeEvent(self, ev) -> None:  # noqa: N802
        self._poll_timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(ev)


def _date(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if d and len(d) == 8 else (d or "")
