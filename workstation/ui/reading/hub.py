"""``ReadingHub``: what the reading panels share in one main window — the logged-in user's
``ReadingService``, the draft journal, the archive (read-only) and the viewer controller — plus the signals
that tie the panels together (select an order, open its images, compare with a prior)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from workstation.reading.drafts import DraftJournal
from workstation.reading.errors import ReadingError
from workstation.reading.roles import Action
from workstation.reading.service import ReadingService
from workstation.reading.study_tree import archive_series_lookup


class ReadingHub(QObject):
    order_selected = Signal(int)
    orders_changed = Signal()
    compare_requested = Signal(int, int)   # current order id, prior order id
    report_requested = Signal(int)         # "open report": show the editor on this order
    message = Signal(str)
    error = Signal(str)

    def __init__(self, service: ReadingService, journal: DraftJournal | None = None, archive=None,
                 controller=None, parent=None):
        super().__init__(parent)
        self.service, self.archive, self.controller = service, archive, controller
        self.journal = journal or DraftJournal()
        self.current_order_id: int | None = None

    @property
    def series_lookup(self):
        return archive_series_lookup(self.archive) if self.archive is not None else None

    def select_order(self, order_id: int) -> None:
        self.current_order_id = order_id
        self.order_selected.emit(order_id)

    def open_report(self, order_id: int) -> None:
        self.select_order(order_id)
        self.report_requested.emit(order_id)

    def open_images(self, order_id: int) -> bool:
        """Open the order's study in the viewer (role-checked and audited in the service)."""
        if not self.service.can(Action.VIEW_IMAGES):
            self.error.emit(self.tr("Your role may not open images."))
            return False
        try:
            study = self.service.open_study(order_id)
        except ReadingError as exc:
            self.error.emit(str(exc))
            return False
        if self.controller is None or not self.controller.open_study(study.study_uid):
            self.error.emit(self.tr("The study is not in the local archive: %s") % study.study_uid)
            return False
        self.message.emit(self.tr("Opened the study of order %d.") % order_id)
        return True

    def open_series(self, order_id: int, series_uid: str) -> None:
        if not self.service.can(Action.VIEW_IMAGES):
            self.error.emit(self.tr("Your role may not open images."))
            return
        try:
            self.service.open_study(order_id)   # audited as an opening of the patient's study
        except ReadingError as exc:
            self.error.emit(str(exc))
            return
        if self.controller is not None:
            self.controller.open_series(series_uid)
