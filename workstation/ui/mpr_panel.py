"""The "MPR" panel: opens an MPR window for the active viewport's series, compares it with a prior shown
in another viewport (registration when frames of reference differ), and links the 2D viewports by
patient position (3D cursor and synchronised scrolling). Logic: ``viewer.mpr``; widgets: ``viewer.qt``.
"""
from __future__ import annotations

from functools import cached_property

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from viewer.mpr.cursor import LinkGroups
from viewer.mpr.viewport_links import ViewportLinker
from workstation.ui.mpr_grid_overlay import GridCursorOverlay
from workstation.paths import home_dir


def _tr(text: str) -> str:
    return QCoreApplication.translate("MprPanel", text)


def registrations_dir():
    """Where accepted/computed prior registrations are kept (per series pair, JSON)."""
    return home_dir() / "registrations"


class MprPanel(QWidget):
    """Needs ``grid`` (``ViewportGridWidget``: ``viewports``, ``active_index``); each viewport has a
    ``state`` (``ViewportState``)."""

    def __init__(self, grid, controller=None, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.controller = controller
        self.links = LinkGroups()
        self.linker = ViewportLinker(self.links)
        self.windows: list[QWidget] = []
        self.overlay = GridCursorOverlay(grid, self.linker, self)
        self.overlay.point_set.connect(self._grid_point_set)

        self.mpr_button = QPushButton(_tr("MPR of the active series"))
        self.link_box = QCheckBox(_tr("Link viewports by patient position"))
        self.link_box.setToolTip(_tr("Scrolling moves the other viewports to the same place; Shift + move "
                                     "sets the 3D cursor; reference lines show the other viewports' planes."))
        self.prior_combo = QComboBox()
        self.prior_button = QPushButton(_tr("Compare with prior…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mpr_button)
        layout.addWidget(self.link_box)
        self.prior_label = QLabel(_tr("Prior (series in another viewport):"))
        layout.addWidget(self.prior_label)
        layout.addWidget(self.prior_combo)
        layout.addWidget(self.prior_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.mpr_button.clicked.connect(self.open_mpr)
        self.prior_button.clicked.connect(self.open_priors)
        self.link_box.toggled.connect(self.set_linked)
        if hasattr(grid, "active_changed"):
            grid.active_changed.connect(lambda _i: self.refresh_choices())
        if controller is not None and hasattr(controller, "series_opened"):
            controller.series_opened.connect(lambda _i, _v: self.refresh_choices())
        if controller is not None and hasattr(controller, "link_requested"):
            controller.link_requested.connect(self.link_to_active)
        self.refresh_choices()

    @cached_property
    def store(self):
        """The kept prior registrations (made on first use: the registration module loads SimpleITK, which the
        window's start does not need)."""
        from viewer.mpr.registration import RegistrationStore

        return RegistrationStore(registrations_dir())

    # ---- helpers -------------------------------------------------------------------------------
    def _volumes(self) -> list[tuple[int, object]]:
        return [(i, vp.state.volume) for i, vp in enumerate(self.grid.viewports) if vp.state.volume is not None]

    def active_volume(self):
        vps = self.grid.viewports
        i = self.grid.active_index
        return vps[i].state.volume if 0 <= i < len(vps) else None

    def refresh_choices(self) -> None:
        if self.link_box.isChecked() and [vp.state for vp in self.grid.viewports] != self.linker.states:
            self.set_linked(False)  # the layout changed: link the viewports now shown
            self.set_linked(True)
        self.prior_combo.clear()
        active = self.active_volume()
        patient = (active.metadata or {}).get("patient_id") if active is not None else None
        blank = getattr(self.grid, "is_blank", lambda _i: False)
        for i, vol in self._volumes():   # a prior is the same patient's (never another patient's series)
            other = (vol.metadata or {}).get("patient_id")
            if i != self.grid.active_index and not blank(i) and (not patient or not other or other == patient):
                desc = vol.metadata.get("SeriesDescription", "") or vol.series_instance_uid[-12:]
                date = vol.metadata.get("StudyDate", "")
                self.prior_combo.addItem(f"{i + 1}: {desc} {date}".strip(), i)

    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch re-reads the panel's texts."""
        if ev.type() == QEvent.LanguageChange and hasattr(self, "prior_label"):
            self.mpr_button.setText(_tr("MPR of the active series"))
            self.link_box.setText(_tr("Link viewports by patient position"))
            self.link_box.setToolTip(_tr("Scrolling moves the other viewports to the same place; Shift + move "
                                         "sets the 3D cursor; reference lines show the other viewports' planes."))
            self.prior_button.setText(_tr("Compare with prior…"))
            self.prior_label.setText(_tr("Prior (series in another viewport):"))
        super().changeEvent(ev)

    def _show_window(self, widget: QWidget, title: str) -> QWidget:
        widget.setWindowTitle(title)
        widget.setAttribute(Qt.WA_DeleteOnClose)
        widget.resize(1400, 560)
        widget.show()
        self.windows.append(widget)
        widget.destroyed.connect(lambda _=None, w=widget: self.windows.remove(w) if w in self.windows else None)
        return widget

    # ---- actions -------------------------------------------------------------------------------
    def set_linked(self, on: bool) -> None:
        """Link (or unlink) the grid's viewports: cursor and scrolling by patient position."""
        if on:
            self.linker.attach([vp.state for vp in self.grid.viewports])
        else:
            self.linker.detach()
        self.overlay.set_enabled(on)

    def link_to_active(self, point=None) -> None:
        """Link the viewports; all go to the slices through ``point`` (LPS, the active series' space) when
        given, else the others to the active one's patient position."""
        self.link_box.setChecked(True)
        self.set_linked(True)  # also when it was already checked: the viewports may be new
        active = self.active_volume()
        if active is None:
            return
        if point is not None:
            self.linker.set_point(point, active)
            self.overlay.update_marks()
        else:
            self.linker.follow_scroll(self.grid.viewports[self.grid.active_index].state)

    def _cursor_from_mpr(self, point, volume) -> None:
        self.linker.set_point(point, volume)
        self.overlay.update_marks()

    def _grid_point_set(self, point, volume) -> None:
        """A cursor set in a grid viewport moves the open MPR windows of linked series."""
        from viewer.qt.mpr_view import MprView

        for w in self.windows:
            if isinstance(w, MprView):
                w.follow(point, volume, self.links)

    def open_mpr(self):
        from viewer.qt.mpr_view import MprView

        vol = self.active_volume()
        if vol is None:
            self.message.setText(_tr("Open a series in the active viewport first."))
            return None
        if vol.voxels.ndim == 3 and min(vol.shape_ijk[:3]) < 2:
            self.message.setText(_tr("MPR needs a volume: this series has a single slice."))
            return None
        view = MprView(vol)
        view.crosshair_moved.connect(lambda p, _for, v=vol: self._cursor_from_mpr(p, v))
        # the viewport's overlays (SEG label maps, heatmaps, fused series) on every plane, kept in step
        from workstation.ui.ai_mpr_overlays import attach_layer_overlays

        attach_layer_overlays(view, self.grid.viewports[self.grid.active_index].state)
        self.message.setText("")
        title = _tr("MPR") + f" — {vol.metadata.get('SeriesDescription', '')}"
        kind = self._ai_warning()
        if kind:  # the AI results shown here are not for clinical use: said above the views and in the title
            from workstation.ui.ai_disclaimer import DisclaimerLabel, disclaimer_text

            label = DisclaimerLabel()
            label.set_kind(kind)
            view.layout().insertWidget(0, label)
            view.ai_warning = label
            title += " — ⚠ " + disclaimer_text(kind)
        return self._show_window(view, title)

    def _ai_warning(self) -> str | None:
        """The warning kind of the AI results over the active viewport (e.g. trained on synthetic data)."""
        handler = getattr(self.controller, "seg_handler", None)
        if handler is None:
            return None
        from workstation.ai_review.disclaimer import seg_disclaimer, strongest

        return strongest(seg_disclaimer(overlay.seg) for _ref, overlay in handler.overlays())

    def open_priors(self):
        from viewer.qt.mpr_priors_view import PriorsView

        current = self.active_volume()
        idx = self.prior_combo.currentData()
        if current is None or idx is None:
            self.message.setText(_tr("Open the current series in the active viewport and the prior in another one."))
            return None
        prior = self.grid.viewports[idx].state.volume
        view = PriorsView(current, prior, self.store)
        view.registration_changed.connect(lambda reg, c=current, p=prior: self._use_registration(c, p, reg))
        view.cursor_moved.connect(lambda point, c=current: self._cursor_from_mpr(point, c))
        if view.registration is not None and not view.same_frame:
            self._use_registration(current, prior, view.registration)
        self.message.setText("")
        return self._show_window(view, _tr("Prior comparison"))

    def _use_registration(self, current, prior, reg) -> None:
        if reg is None or current.frame_of_reference_uid == prior.frame_of_reference_uid:
            return
        if current.frame_of_reference_uid and prior.frame_of_reference_uid:
            self.links.add_transform(current.frame_of_reference_uid, prior.frame_of_reference_uid, reg.transform)

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.overlay.set_enabled(False)
        self.linker.detach()
        for w in list(self.windows):
            w.close()
        super().closeEvent(ev)


def make_panel(ctx) -> MprPanel:
    """The panel's factory (listed in ``workstation.app.panels.PANELS``; ``ctx`` is a ``PanelContext``)."""
    return MprPanel(ctx.controller.grid, ctx.controller)
