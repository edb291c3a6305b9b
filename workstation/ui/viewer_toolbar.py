"""``ViewerToolBar``: layouts, presets, invert/rotate/flip/fit/reset, cine with frame rate, help, settings.

It only calls methods of the active viewport's state (or the grid); no logic here."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QSpinBox, QToolBar

from viewer.model.cine import MAX_FPS, MIN_FPS
from workstation.ui.viewport_grid_widget import LAYOUTS


class ViewerToolBar(QToolBar):
    help_requested = Signal()
    settings_requested = Signal()
    open_requested = Signal()

    def __init__(self, grid, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("viewer_toolbar")
        self.setWindowTitle(self.tr("Viewer"))
        self.grid = grid
        self.actions_by_key: dict[str, QAction] = {}
        self._add("open", self.tr("Open…"), self.open_requested.emit, self.tr("Open DICOM files or a folder"))
        self.addSeparator()
        group = QActionGroup(self)
        for name in LAYOUTS:
            a = self._add(f"layout_{name}", name.replace("x", "×"), lambda n=name: grid.set_layout(n),
                          self.tr("Layout %s") % name.replace("x", "×"))
            a.setCheckable(True)
            a.setChecked(name == grid.layout_name)
            group.addAction(a)
        grid.layout_changed.connect(lambda n: self.actions_by_key[f"layout_{n}"].setChecked(True))
        self.addSeparator()
        vp = lambda: grid.active_viewport()  # noqa: E731
        self._add("preset_1", self.tr("Preset 1"), lambda: vp().apply_preset_key("1"),
                  self.tr("CT: brain 80/40 · MR: the file's window (key 1)"))
        self._add("preset_2", self.tr("Preset 2"), lambda: vp().apply_preset_key("2"),
                  self.tr("CT: subdural 200/75 · MR: automatic window (key 2)"))
        self._add("preset_3", self.tr("Stroke"), lambda: vp().apply_preset_key("3"), self.tr("CT: stroke 40/40 (key 3)"))
        self._add("preset_4", self.tr("Bone"), lambda: vp().apply_preset_key("4"), self.tr("CT: bone 2800/600 (key 4)"))
        self.addSeparator()
        self._add("invert", self.tr("Invert"), lambda: vp().state.toggle_invert(), self.tr("Invert grey scale (I)"))
        self._add("rotate", self.tr("Rotate"), lambda: vp().state.rotate90(), self.tr("Rotate 90° clockwise (R)"))
        self._add("flip_h", self.tr("Flip H"), lambda: vp().state.flip_horizontal(), self.tr("Flip left-right (H)"))
        self._add("flip_v", self.tr("Flip V"), lambda: vp().state.flip_vertical(), self.tr("Flip top-bottom (V)"))
        self._add("fit", self.tr("Fit"), lambda: vp().state.fit(), self.tr("Fit to viewport (F)"))
        self._add("reset", self.tr("Reset"), lambda: vp().state.reset(), self.tr("Reset the view (Esc)"))
        self.addSeparator()
        self._add("cine", self.tr("Cine"), lambda: vp().toggle_cine(), self.tr("Start/stop cine (Space)"))
        self.fps = QSpinBox(self)
        self.fps.setRange(MIN_FPS, MAX_FPS)
        self.fps.setValue(10)
        self.fps.setSuffix(self.tr(" fps"))
        self.fps.setToolTip(self.tr("Cine frame rate"))
        self.fps.valueChanged.connect(self._set_fps)
        self.addWidget(self.fps)
        self.addSeparator()
        self._add("settings", self.tr("Settings"), self.settings_requested.emit, self.tr("Language and display settings"))
        self._add("help", self.tr("Help"), self.help_requested.emit, self.tr("Keyboard shortcuts (F1)"))
        self.fps_label = QLabel()

    def _add(self, key: str, text: str, slot, tip: str = "") -> QAction:
        a = QAction(text, self)
        a.setObjectName(f"action_{key}")
        a.setToolTip(tip or text)
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)
        self.actions_by_key[key] = a
        return a

    def _set_fps(self, fps: int) -> None:
        for v in self.grid.viewports:
            v.set_cine_fps(fps)
