"""``MprView``: axial, sagittal and coronal of one volume with a shared 3D crosshair, reference lines,
thick-slab controls and oblique rotation. The geometry lives in ``viewer.mpr`` (Qt-free); this widget
only wires it to three :class:`MprSliceWidget` views sharing one zero-copy ``vtkImageData``.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from viewer.mpr.cursor import LinkGroups, contains
from viewer.geometry.crosshair import CrosshairFrame
from viewer.render.mpr_reslice import volume_image
from viewer.qt.mpr_slice_widget import MprSliceWidget

VIEW_NAMES = ("axial", "sagittal", "coronal")
SLAB_CHOICES = (("none", "Thin"), ("mip", "MIP"), ("minip", "MinIP"), ("mean", "Average"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("MprView", text)


class MprView(QWidget):
    """Signals ``crosshair_moved(ndarray LPS, str frame_of_reference_uid)`` whenever the 3D cursor moves
    (for linking other viewports)."""

    crosshair_moved = Signal(object, str)

    def __init__(self, volume, parent=None) -> None:
        super().__init__(parent)
        self.volume = volume
        self.image = volume_image(volume)  # one vtkImageData shared by the three views
        self.frame = CrosshairFrame.at(volume.center_world)
        self.slab_mode, self.slab_mm = "none", 0.0
        self.step_mm = float(np.min(volume.spacing))
        self.active = "axial"
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
        bar.addWidget(QLabel(_tr("Slab")))
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
            w.activated.connect(lambda n=name: setattr(self, "active", n))
            self.views[name] = w
            splitter.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.slab_combo.currentIndexChanged.connect(self._slab_changed)
        self.slab_spin.valueChanged.connect(self._slab_changed)
        self.reset_button.clicked.connect(self.reset_obliques)
        self.refresh(emit=False)

    # ---- the crosshair -------------------------------------------------------------------------
    def set_crosshair(self, point) -> None:
        """Move the 3D cursor to an LPS point; every view shows the plane through it."""
        p = np.asarray(point, dtype=float).reshape(3)
        if not contains(self.volume, p):  # keep the cursor on the volume
            ijk = np.clip(self.volume.world_to_index(p), 0, np.array(self.volume.shape_ijk[:3]) - 1)
            p = self.volume.index_to_world(ijk)
        self.frame = self.frame.moved_to(p)
        self.refresh()

    def follow(self, point, source_volume, links: LinkGroups | None = None) -> bool:
        """Follow a cursor set in another viewport showing ``source_volume``; False when not linked."""
        q = (links or LinkGroups()).map_point(point, source_volume, self.volume)
        if q is None:
            return False
        self.frame = self.frame.moved_to(q)
        self.refresh(emit=False)
        return True

    def rotate(self, view: str, angle_deg: float) -> None:
        """Rotate the crosshair lines seen in ``view``: the other two planes tilt (oblique MPR)."""
        if angle_deg:
            self.frame = self.frame.rotated_in(view, angle_deg)
            self.refresh(emit=False)

    def reset_obliques(self) -> None:
        self.frame = self.frame.reset_rotation()
        self.refresh(emit=False)

    def scroll(self, view: str, steps: int) -> None:
        """Move the cursor ``steps`` slices along ``view``'s normal."""
        n = self.frame.plane(view).normal
        self.set_crosshair(self.frame.point + steps * self.step_mm * n)

    # ---- slab ----------------------------------------------------------------------------------
    def set_slab(self, mode: str, thickness_mm: float) -> None:
        """Thick slab ``mode`` (none, mip, minip, mean) of ``thickness_mm`` in every view."""
        self.slab_mode, self.slab_mm = mode, float(thickness_mm)
        for w in self.views.values():
            w.view.set_slab(mode, thickness_mm)
        self.slab_combo.blockSignals(True)
        self.slab_combo.setCurrentIndex([m for m, _ in SLAB_CHOICES].index(mode))
        self.slab_combo.blockSignals(False)
        self.slab_spin.blockSignals(True)
        self.slab_spin.setValue(thickness_mm)
        self.slab_spin.blockSignals(False)
        self.refresh(emit=False)

    def _slab_changed(self, *_args) -> None:
        self.set_slab(self.slab_combo.currentData(), self.slab_spin.value())

    # ---- drawing -------------------------------------------------------------------------------
    def planes(self):
        """The planes the three views show (``CrosshairFrame.display_planes``)."""
        return self.frame.display_planes()

    def refresh(self, emit: bool = True) -> None:
        planes = self.planes()
        slab = "" if self.slab_mode == "none" else f"  {dict(SLAB_CHOICES)[self.slab_mode]} {self.slab_mm:g} mm"
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
