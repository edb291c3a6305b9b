"""``ViewerToolBar``: layouts, presets, invert/rotate/flip/fit/reset, cine with frame rate, help, settings.

It only calls methods of the active viewport's state (or the grid); no logic here."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QSpinBox, QToolBar

from viewer.model.cine import MAX_FPS, MIN_FPS
from viewer.model.windowing import preset_keys
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
        vp = lambda: grid.active_viewport()  # noqa: E731
        self._add("open", self.open_requested.emit)
        self.addSeparator()
        group = QActionGroup(self)
        for name in LAYOUTS:
            a = self._add(f"layout_{name}", lambda n=name: grid.set_layout(n))
            a.setCheckable(True)
            a.setChecked(name == grid.layout_name)
            group.addAction(a)
        grid.layout_changed.connect(lambda n: self.actions_by_key[f"layout_{n}"].setChecked(True))
        self.addSeparator()
        for key in "1234":
            self._add(f"preset_{key}", lambda k=key: vp().apply_preset_key(k))
        self.addSeparator()
        self._add("invert", lambda: vp().state.toggle_invert())
        self._add("rotate", lambda: vp().state.rotate90())
        self._add("flip_h", lambda: vp().state.flip_horizontal())
        self._add("flip_v", lambda: vp().state.flip_vertical())
        self._add("fit", lambda: vp().state.fit())
        self._add("reset", lambda: vp().state.reset())
        self.addSeparator()
        self._add("cine", lambda: vp().toggle_cine())
        self.fps = QSpinBox(self)
        self.fps.setRange(MIN_FPS, MAX_FPS)
        self.fps.setValue(10)
        self.fps.valueChanged.connect(self._set_fps)
        self.addWidget(self.fps)
        self.addSeparator()
        self._add("settings", self.settings_requested.emit)
        self._add("help", self.help_requested.emit)
        self.retranslate()
        self._watched_state = None
        grid.active_changed.connect(lambda _i: self.update_presets())
        self.update_presets()

    def retranslate(self) -> None:
        """(Re)set every visible text in the current language."""
        self.setWindowTitle(self.tr("Viewer"))
        texts = {
            "open": (self.tr("Open…"), self.tr("Open DICOM files or a folder")),
            "preset_1": (self.tr("Preset 1"), self.tr("CT: brain 80/40 · MR: the file's window (key 1)")),
            "preset_2": (self.tr("Preset 2"), self.tr("CT: subdural 200/75 · MR: automatic window (key 2)")),
            "preset_3": (self.tr("Stroke"), self.tr("CT: stroke 40/40 (key 3)")),
            "preset_4": (self.tr("Bone"), self.tr("CT: bone 2800/600 (key 4)")),
            "invert": (self.tr("Invert"), self.tr("Invert grey scale (I)")),
            "rotate": (self.tr("Rotate"), self.tr("Rotate 90° clockwise (R)")),
            "flip_h": (self.tr("Flip H"), self.tr("Flip left-right (H)")),
            "flip_v": (self.tr("Flip V"), self.tr("Flip top-bottom (V)")),
            "fit": (self.tr("Fit"), self.tr("Fit to viewport (F)")),
            "reset": (self.tr("Reset"), self.tr("Reset the view (Esc)")),
            "cine": (self.tr("Cine"), self.tr("Start/stop cine (Space)")),
            "settings": (self.tr("Settings"), self.tr("Language and display settings")),
            "help": (self.tr("Help"), self.tr("Keyboard shortcuts (F1)")),
        }
        for name in LAYOUTS:
            label = name.replace("x", "×")
            texts[f"layout_{name}"] = (label, self.tr("Layout %s") % label)
        for key, (text, tip) in texts.items():
            self.actions_by_key[key].setText(text)
            self.actions_by_key[key].setToolTip(tip)
        self.fps.setSuffix(self.tr(" fps"))
        self.fps.setToolTip(self.tr("Cine frame rate"))

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(ev)

    def _add(self, key: str, slot) -> QAction:
        a = QAction(key, self)
        a.setObjectName(f"action_{key}")
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)
        self.actions_by_key[key] = a
        return a

    def update_presets(self) -> None:
        """Enable only the preset buttons the active viewport's modality has (CT's stroke/bone are off on MR)."""
        state = self.grid.active_viewport().state
        if state is not self._watched_state:
            if self._watched_state is not None:
                self._watched_state.unsubscribe(self._on_active_state)
            state.subscribe(self._on_active_state)
            self._watched_state = state
        vol = state.volume
        keys = preset_keys(vol.modality) if vol is not None else set("1234")
        for key in "1234":
            self.actions_by_key[f"preset_{key}"].setEnabled(key in keys)

    def _on_active_state(self, changed: set[str]) -> None:
        if "volume" in changed:
            self.update_presets()

    def _set_fps(self, fps: int) -> None:
        for v in self.grid.viewports:
            v.set_cine_fps(fps)
