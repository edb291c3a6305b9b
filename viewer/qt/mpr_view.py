"""``MprView``: axial, sagittal and coronal of one volume with a shared 3D crosshair, reference lines,
thick-slab controls and oblique rotation. The state is ``viewer.model.mpr_state.MprState`` and the
geometry ``viewer.geometry`` / ``viewer.mpr`` (Qt-free); this widget only wires them to three
:class:`MprSliceWidget` views sharing one zero-copy ``vtkImageData``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from viewer.model.mpr_state import VIEW_NAMES, MprState
from viewer.mpr.cursor import LinkGroups
from viewer.qt.mpr_slice_widget import MprSliceWidget
from viewer.render.mpr_reslice import volume_image

SLAB_CHOICES = (("none", "Thin"), ("mip", "MIP"), ("minip", "MinIP"), ("mean", "Average"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("MprView", text)


class MprView(QWidget):
    """Binds an :class:`~viewer.model.mpr_state.MprState` (``self.state``: cursor, rotation, slab) to three
    views. Signals ``crosshair_moved(ndarray LPS, str frame_of_reference_uid)`` whenever the user moves
    the 3D cursor here (for linking other viewports; not when it followed another viewport)."""

    crosshair_moved = Signal(object, str)

    def __init__(self, volume, parent=None) -> None:
        super().__init__(parent)
        self.volume = volume
        self.state = MprState(volume)
        self.image = volume_image(volume)  # one vtkImageData shared by the three views
        self.views: dict[str, MprSliceWidget] = {}

        bar = QHBoxLayout()
        self.slab_combo = QComboBox()
        for mode, label in SLAB_CHOICES:
            self.slab_combo.addItem(_tr(label), mode)
        self.slab_spin = QDoubleSpinBox()
        self.slab_spin.setRange(0.0, 200.0)
        self.slab_spin.setSingleStep(1.0)
        self.slab_spin.setSuffix(" mm")
        self.slab_spin.setValue(10.0)
        self.reset_button = QPushButton(_tr("Reset obliques"))
        self.position_label = QLabel()
        self.slab_label = QLabel(_tr("Slab"))
        bar.addWidget(self.slab_label)
        bar.addWidget(self.slab_combo)
        bar.addWidget(self.slab_spin)
        bar.addWidget(self.reset_button)
        bar.addStretch(1)
        bar.addWidget(self.position_label)

        splitter = QSplitter()
        for name in VIEW_NAMES:
            w = MprSliceWidget(volume, self.image, name)
            w.point_picked.connect(self.set_crosshair)
            w.scroll_requested.connect(lambda steps, n=name: self.scroll(n, steps))
            w.rotate_requested.connect(lambda deg, n=name: self.rotate(n, deg))
            w.activated.connect(lambda n=name: self.state.set_active(n))
            self.views[name] = w
            splitter.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.slab_combo.currentIndexChanged.connect(self._slab_changed)
        self.slab_spin.valueChanged.connect(self._slab_changed)
        self.reset_button.clicked.connect(self.reset_obliques)
        self.state.subscribe(self._on_state)
        self.refresh(emit=False)

    # ---- the state (kept in ``self.state``; these forward for callers of the widget) ------------
    @property
    def frame(self):
        return self.state.frame

    @frame.setter
    def frame(self, frame) -> None:
        """Replace the crosshair frame without notifying (the caller calls ``refresh``)."""
        self.state.frame = frame

    @property
    def slab_mode(self) -> str:
        return self.state.slab_mode

    @property
    def slab_mm(self) -> float:
        return self.state.slab_mm

    @property
    def step_mm(self) -> float:
        return self.state.step_mm

    @property
    def active(self) -> str:
        return self.state.active

    def set_crosshair(self, point) -> None:
        """Move the 3D cursor to an LPS point; every view shows the plane through it."""
        self.state.set_crosshair(point)

    def follow(self, point, source_volume, links: LinkGroups | None = None) -> bool:
        """Follow a cursor set in another viewport showing ``source_volume``; False when not linked."""
        return self.state.follow(point, source_volume, links)

    def rotate(self, view: str, angle_deg: float) -> None:
        """Rotate the crosshair lines seen in ``view``: the other two planes tilt (oblique MPR)."""
        self.state.rotate(view, angle_deg)

    def reset_obliques(self) -> None:
        self.state.reset_obliques()

    def scroll(self, view: str, steps: int) -> None:
        """Move the cursor ``steps`` slices along ``view``'s normal."""
        self.state.scroll(view, steps)

    def set_slab(self, mode: str, thickness_mm: float) -> None:
        """Thick slab ``mode`` (none, mip, minip, mean) of ``thickness_mm`` in every view."""
        self.state.set_slab(mode, thickness_mm)

    def _slab_changed(self, *_args) -> None:
        self.set_slab(self.slab_combo.currentData(), self.slab_spin.value())

    def _on_state(self, changed: set[str]) -> None:
        s = self.state
        if "slab" in changed:
            for w in self.views.values():
                w.view.set_slab(s.slab_mode, s.slab_mm)
            self.slab_combo.blockSignals(True)
            self.slab_combo.setCurrentIndex([m for m, _ in SLAB_CHOICES].index(s.slab_mode))
            self.slab_combo.blockSignals(False)
            self.slab_spin.blockSignals(True)
            self.slab_spin.setValue(s.slab_mm)
            self.slab_spin.blockSignals(False)
        if changed & {"cursor", "rotation", "slab"}:
            self.refresh(emit="cursor" in changed and "followed" not in changed)

    # ---- drawing -------------------------------------------------------------------------------
    def planes(self):
        """The planes the three views show (``CrosshairFrame.display_planes``)."""
        return self.frame.display_planes()

    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch re-reads every text (the views' names too)."""
        if ev.type() == QEvent.LanguageChange and hasattr(self, "frame"):
            self.slab_label.setText(_tr("Slab"))
            self.reset_button.setText(_tr("Reset obliques"))
            for i, (_mode, label) in enumerate(SLAB_CHOICES):
                self.slab_combo.setItemText(i, _tr(label))
            self.refresh(emit=False)
        super().changeEvent(ev)

    def refresh(self, emit: bool = True) -> None:
        planes = self.planes()
        slab = "" if self.slab_mode == "none" else f"  {_tr(dict(SLAB_CHOICES)[self.slab_mode])} {self.slab_mm:g} mm"
        oblique = _tr(" (oblique)") if self.frame.is_oblique else ""
        for name, w in self.views.items():
            w.view.show_plane(planes[name])
            w.view.update_reference_lines({k: p for k, p in planes.items() if k != name})
            w.view.set_corner_text(_tr(name.capitalize()) + oblique + slab)
            w.render_now()
        x, y, z = self.frame.point
        self.position_label.setText(f"{_tr('Cursor (LPS)')}: {x:.1f}, {y:.1f}, {z:.1f} mm")
        if emit:
            self.crosshair_moved.emit(self.frame.point.copy(), self.volume.frame_of_reference_uid)

    def closeEvent(self, ev) -> None:  # noqa: N802
        for w in self.views.values():
            w.close()  # releases each VTK render window (and its X/GL resources)
        super().closeEvent(ev)

    def render_all(self) -> None:
        for w in self.views.values():
            w.render_now()
