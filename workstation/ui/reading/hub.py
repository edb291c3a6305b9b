"""``ReadingHub``: what the reading panels share in one main window — the logged-in user's
``ReadingService``, the draft journal, the archive (read-only) and the viewer controller — plus the signals
that tie the panels together (select an order, open its images, compare with a prior)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal

from workstation.reading.context import ContextError, ReadingContext, StudyIdentity, dicom_date
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
    context_changed = Signal()             # the reading context (patient, study, order, viewports) changed
    stages_changed = Signal(list)          # the hanging protocol's stage names for the current study
    message = Signal(str)
    error = Signal(str)

    def __init__(self, service: ReadingService, journal: DraftJournal | None = None, archive=None,
                 controller=None, parent=None):
        super().__init__(parent)
        self.service, self.archive, self.controller = service, archive, controller
        self.journal = journal or DraftJournal()
        self.current_order_id: int | None = None
        self.context = ReadingContext()   # one reading context: the panels and the viewports follow it
        self.plan = None                  # the hanging plan of the current study (workstation.reading.hanging)
        if controller is not None:
            controller.first_image.connect(self._image_arrived)
            controller.series_opened.connect(self._series_read)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        """Installed on the main window: before it closes its viewports, the blanked ones are shown again, so
        each gets its close (a hidden VTK viewport would keep its render window past the X server)."""
        if event.type() == QEvent.Close:
            grid = getattr(self.controller, "grid", None)
            for i in range(grid.cell_count if grid is not None else 0):
                grid.set_blank(i, False)
        return False

    @property
    def series_lookup(self):
        return archive_series_lookup(self.archive) if self.archive is not None else None

    def select_order(self, order_id: int, source: str = "") -> None:
        """Make the order the reading context: the report, history and study tree follow; viewports of
        another patient are cleared (blanked until a series is opened in them)."""
        try:
            order = self.service.get_order(order_id)
            plan = self.context.open_study(order, source=source)
        except (ReadingError, ContextError) as exc:
            self.error.emit(str(exc))
            return
        self._clear_viewports(plan)
        self.current_order_id = order_id
        self.order_selected.emit(order_id)
        self.context_changed.emit()

    def _clear_viewports(self, plan) -> None:
        """Carry out an ``OpenPlan`` on what the viewports really show (each image's own PatientID): a viewport,
        shown by the layout or not, with another patient's images stops loading and is hidden; one with this
        patient's images is labelled again (CURRENT / PRIOR)."""
        grid = getattr(self.controller, "grid", None)
        if grid is None:
            return
        for index in range(grid.cell_count):
            vol = grid.cell_viewport(index).state.volume
            if vol is None:
                continue
            ident = self._identity_of(vol)
            if ident.patient_number != plan.study.patient_number:
                self.controller.cancel(index)
                self.context.clear(index)
                grid.set_identity(index, "")
                grid.set_blank(index, True)
            elif not grid.is_blank(index):
                self.context.place(index, ident, explicit=True)
        for index in range(grid.cell_count):
            if index in self.context.viewports:
                self.update_viewport_identity(index, announce=False)

    @staticmethod
    def _identity_of(vol) -> StudyIdentity:
        md = vol.metadata or {}
        return StudyIdentity(str(md.get("patient_id") or ""), str(md.get("patient_name") or ""),
                             getattr(vol, "study_instance_uid", "") or "",
                             dicom_date(str(md.get("study_date") or "")), str(getattr(vol, "modality", "") or ""))

    def refresh_order(self, order_id: int) -> None:
        """The current order changed (draft saved, signed, synced): the context keeps its live status."""
        if self.context.order is not None and self.context.order.id == order_id:
            try:
                self.context.set_order(self.service.get_order(order_id))
            except (ReadingError, ContextError):
                return
            self.context_changed.emit()

    def visible_viewports(self) -> list[int]:
        grid = getattr(self.controller, "grid", None)
        if grid is None:
            return []
        return [i for i in range(len(grid.viewports)) if not grid.is_blank(i)]

    def _image_arrived(self, index: int) -> None:
        """A series landed in viewport ``index``: the context learns whose it is from the image itself."""
        grid = self.controller.grid
        if index >= len(grid.viewports):
            return
        vol = grid.viewports[index].state.volume
        if grid.is_blank(index):
            grid.set_blank(index, False)
        if vol is None:
            return
        ident = self._identity_of(vol)
        if self.context.study is None:
            self.context.open_study(ident, source="viewer")
        self.context.place(index, ident, explicit=True)
        for i in range(len(grid.viewports)):   # a prior arriving labels the current ones CURRENT too
            if i in self.context.viewports:
                self.update_viewport_identity(i, announce=False)
        self.context_changed.emit()

    def _series_read(self, index: int, volume) -> None:
        """A whole series was read into viewport ``index``: identified again only when its own headers say
        another identity than the first image did (the panels follow ``context_changed``: no refresh for
        nothing)."""
        known = self.context.viewports.get(index)
        if volume is not None and (known is None or known.study != self._identity_of(volume)):
            self._image_arrived(index)

    def update_viewport_identity(self, index: int, announce: bool = True) -> None:
        grid = getattr(self.controller, "grid", None)
        ident = self.context.viewport_identity(index)
        if grid is None:
            return
        if ident is None:
            grid.set_identity(index, "")
        elif ident.foreign:
            grid.set_identity(index, self.tr("NOT THE PATIENT OF THE REPORT: %s (%s) %s") % (
                ident.lines[0], ident.lines[1], ident.lines[2]), True)
        else:
            grid.set_identity(index, ident.label)
        if announce:
            self.context_changed.emit()

    def can_sign(self, order_id: int):
        """The context's verdict on signing ``order_id`` with what is on screen now."""
        try:
            order = self.service.get_order(order_id)
        except ReadingError as exc:
            from workstation.reading.context import SignCheck
            return SignCheck(False, str(exc))
        return self.context.can_sign(order, visible=self.visible_viewports())

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
        if self.context.order is None or self.context.order.id != order_id:
            self.select_order(order_id, source="open images")
        else:   # the same order again: its history and tree are read afresh (studies imported since)
            self.order_selected.emit(order_id)
        if self.controller is None or not self.controller.open_study(study.study_uid):
            self.error.emit(self.tr("The study is not in the local archive: %s") % study.study_uid)
            return False
        self.message.emit(self.tr("Opened the study of order %d.") % order_id)
        self.refresh_plan()
        return True

    def open_archive_study(self, study_uid: str) -> None:
        """A study opened from the study browser (or dropped): its order becomes the reading context when it has
        one; else the context is the study without an order (it can get one on the Unmatched tab). A slot:
        returns nothing (a Python bool returned to a Qt signal upsets PySide's reference counts)."""
        self.study_opened(study_uid)

    def study_opened(self, study_uid: str) -> bool:
        """``open_archive_study`` saying whether the study opened."""
        orders = [o for o in self.service.repo.orders_for_study(study_uid) if o.status != "CANCELLED"]
        if orders:
            return self.open_images(orders[0].id)
        if not self.service.can(Action.VIEW_IMAGES) or self.controller is None or self.archive is None:
            self.error.emit(self.tr("Your role may not open images."))
            return False
        rec = next((r for r in self.archive.find_studies(study_instance_uid=study_uid)), None)
        if rec is None:
            self.error.emit(self.tr("The study is not in the local archive: %s") % study_uid)
            return False
        plan = self.context.open_study(StudyIdentity.of_archive(rec), source="study browser")
        self._clear_viewports(plan)
        self.current_order_id = None
        self.context_changed.emit()
        return bool(self.controller.open_study(study_uid))

    def refresh_plan(self, prior_uid: str | None = None) -> None:
        """The hanging plan of the current study (with the compared prior, else the newest prior of the same
        region whose images are in the archive); its stages go to the toolbar's stage switch."""
        from workstation.reading.context import PRIOR
        from workstation.reading.hanging import plan_hanging, series_from_archive
        from workstation.reading.priors import matching_priors

        if self.archive is None or self.context.study is None or self.context.order is None:
            return
        if prior_uid is None:
            prior_uid = next((v.study.study_uid for v in self.context.viewports.values() if v.role == PRIOR), None)
        if prior_uid is None:
            history = self.service.patient_history(self.context.patient_number, audit=False)
            prior_uid = next((o.study.study_uid for o in matching_priors(self.context.order, history)
                              if self.archive.series(o.study.study_uid)), None)
        current = series_from_archive(self.archive, self.context.study.study_uid)
        prior = series_from_archive(self.archive, prior_uid) if prior_uid else None
        self.plan = plan_hanging(current, prior, study_description=self.context.study.description,
                                 body_part=self.context.study.body_part)
        self.stages_changed.emit([st.name for st in self.plan.stages])

    def switch_stage(self, index: int) -> None:
        """The toolbar's stage switch (a slot: returns nothing)."""
        self.show_stage(index)

    def show_stage(self, index: int) -> bool:
        """Hang stage ``index`` of the current study's protocol."""
        from workstation.ui.viewport_grid_widget import LAYOUTS

        if self.plan is None or self.controller is None:
            return False
        stage = self.plan.stage(index)
        grid = self.controller.grid
        n = stage.rows * stage.columns
        layout = stage.layout if stage.layout in LAYOUTS else min(
            (k for k, (r, c) in LAYOUTS.items() if r * c >= n), key=lambda k: LAYOUTS[k][0] * LAYOUTS[k][1])
        grid.set_layout(layout)
        for i in range(len(grid.viewports)):
            vp = stage.viewports[i] if i < len(stage.viewports) else None
            if vp is not None and vp.series is not None:
                self.controller.open_series(vp.series.uid, i)
            else:
                self.context.clear(i)
                grid.set_blank(i, True)
                grid.set_identity(i, self.tr("%s: not in this study") % vp.label if vp is not None and vp.label else "")
        self.message.emit(self.tr("Hanging protocol %1, stage %2").replace("%1", self.plan.protocol.name)
                          .replace("%2", stage.name))
        return True

    def open_prior_images(self, prior_id: int) -> bool:
        """Put a prior of the current patient beside the current images (explicit comparison, labelled
        "<date> PRIOR"): the series the hanging protocol puts there (T1 post for a brain tumour), else its
        first image series; never another patient's study."""
        from workstation.reading.hanging import plan_hanging, series_from_archive

        if self.controller is None or self.archive is None or self.context.study is None:
            self.error.emit(self.tr("Open the current study first."))
            return False
        try:
            prior = self.service.get_order(prior_id)
            if prior.patient.patient_number != self.context.patient_number or prior.study is None:
                raise ContextError(self.tr("A prior must be a study of the same patient."))
            study = self.service.open_study(prior_id)     # role-checked and audited
            current = series_from_archive(self.archive, self.context.study.study_uid)
            previous = series_from_archive(self.archive, study.study_uid)
        except (ReadingError, ContextError) as exc:
            self.error.emit(str(exc))
            return False
        plan = plan_hanging(current, previous)
        pick = next((v.series for st in plan.stages for v in st.viewports
                     if v.study == "prior" and v.series is not None), None)
        pick = pick or next((s for s in previous if s.instances > 0), None)
        if pick is None:
            self.error.emit(self.tr("The prior study is not in the local archive: %s") % study.study_uid)
            return False
        grid = self.controller.grid
        if len(grid.viewports) < 2:
            grid.set_layout("1x2")
        index = grid.next_empty_index()
        if index == grid.active_index and grid.viewports[index].state.volume is not None:
            index = len(grid.viewports) - 1
        self.controller.open_series(pick.uid, index)
        self.refresh_plan(study.study_uid)
        if self.context.order is not None:   # the prior report shown is that of the prior images
            self.compare_requested.emit(self.context.order.id, prior_id)
        self.message.emit(self.tr("Prior of %s opened beside the current study.") % (
            str(prior.study.study_date or "")))
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
