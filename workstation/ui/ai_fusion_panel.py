"""``FusionPanel``: another series of the same patient over the active viewport's image (FLAIR over T1c, a PET
or CT over an MR) as a colour-mapped ``FusionLayer`` with a blend slider. The series is read off the GUI
thread; when its frame of reference differs from the image's it is registered first (SimpleITK rigid, the
priors' ``RegistrationJob``, with progress and cancel). Thin: the layer is
``viewer.model.overlay_layers.FusionLayer``.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSlider, QVBoxLayout,
                               QWidget)

from viewer.model.overlay_layers import COLORMAPS, FusionLayer

SERIES_ROLE = Qt.UserRole + 1


class _Signals(QObject):
    progress = Signal(float, str)
    ready = Signal(object, object, object)  # viewport state, Volume, registration matrix or None
    failed = Signal(str)


class FusionPanel(QWidget):
    def __init__(self, grid, archive, parent=None) -> None:
        super().__init__(parent)
        self.grid, self.archive = grid, archive
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fusion")
        self._job = None
        self._cancel: threading.Event | None = None
        self.layers: dict[int, FusionLayer] = {}  # id(viewport state) → its fused layer
        self._sig = _Signals()
        self._sig.progress.connect(self._on_progress)
        self._sig.ready.connect(self._on_ready)
        self._sig.failed.connect(self._on_failed)
        self.series = QComboBox()
        self.colormap = QComboBox()
        self.colormap.addItems(sorted(COLORMAPS))
        self.colormap.setCurrentText("hot")
        self.blend = QSlider(Qt.Horizontal)
        self.blend.setRange(0, 100)
        self.blend.setValue(50)
        self.fuse_button = QPushButton(self.tr("Fuse over the active viewport"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Series of the same patient")))
        lay.addWidget(self.series)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Colour map")))
        row.addWidget(self.colormap, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Blend")))
        row.addWidget(self.blend, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        for b in (self.fuse_button, self.remove_button, self.cancel_button):
            row.addWidget(b)
        lay.addLayout(row)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.fuse_button.clicked.connect(self.fuse)
        self.remove_button.clicked.connect(self.remove)
        self.cancel_button.clicked.connect(self.cancel)
        self.blend.valueChanged.connect(lambda v: self._layer_do(lambda l: l.set_blend(v / 100.0)))
        self.colormap.currentTextChanged.connect(lambda n: self._layer_do(lambda l: l.set_colormap(n)))
        grid.active_changed.connect(lambda _i: self.refresh())
        self.refresh()

    def _state(self):
        return self.grid.active_viewport().state

    def _layer_do(self, fn) -> None:
        layer = self.layers.get(id(self._state()))
        if layer is not None:
            fn(layer)
            self.grid.active_viewport().render_now()

    def refresh(self) -> None:
        """List the other series of the active image's patient (SEGs left out), keeping the choice."""
        chosen = self.series.currentData(SERIES_ROLE)
        self.series.clear()
        vol = self._state().volume
        busy = self._cancel is not None
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.remove_button.setEnabled(id(self._state()) in self.layers)
        if vol is None or self.archive is None:
            self.fuse_button.setEnabled(False)
            return
        patient = vol.metadata.get("patient_id", "")
        for st in self.archive.find_studies(exact_patient_id=patient):
            for s in self.archive.series(st.study_instance_uid):
                if s.modality in ("SEG", "SR", "PR", "KO") or s.series_instance_uid == vol.series_instance_uid:
                    continue
                self.series.addItem(f"{st.study_date} {s.modality} {s.series_description}".strip())
                self.series.setItemData(self.series.count() - 1, s.series_instance_uid, SERIES_ROLE)
        at = self.series.findData(chosen, SERIES_ROLE) if chosen else -1
        if at >= 0:
            self.series.setCurrentIndex(at)
        self.fuse_button.setEnabled(self.series.count() > 0 and not busy)

    def fuse(self, series_uid: str | None = None) -> None:
        """Read ``series_uid`` (default: the chosen one), register it when needed, lay it over the image."""
        state = self._state()
        base = state.volume
        uid = series_uid or self.series.currentData(SERIES_ROLE)
        if base is None or not uid or self._cancel is not None:
            return
        files = [str(f) for f in self.archive.series_files(uid)]
        self._cancel = cancel = threading.Event()
        sig = self._sig

        def work() -> None:
            from viewer.model.series_stream import stream_series
            from viewer.mpr.registration import RegistrationCancelled, RegistrationError, RegistrationJob

            try:
                sig.progress.emit(0.05, self.tr("Reading the series…"))
                moving = stream_series(files, cancel=cancel, series_uid=uid).volume
                matrix = None
                if moving.frame_of_reference_uid != base.frame_of_reference_uid or not base.frame_of_reference_uid:
                    self._job = RegistrationJob(base, moving, progress=lambda f, t: sig.progress.emit(0.1 + 0.9 * f, t))
                    if cancel.is_set():
                        raise RegistrationCancelled()
                    matrix = self._job.run().transform
                sig.ready.emit(state, moving, matrix)
            except RegistrationCancelled:
                sig.failed.emit(self.tr("Fusion cancelled."))
            except RegistrationError as exc:
                sig.failed.emit(self.tr("Cannot register the series: %s") % exc)
            except Exception as exc:  # noqa: BLE001 - shown, never a traceback
                if type(exc).__name__ == "LoadCancelled":
                    sig.failed.emit(self.tr("Fusion cancelled."))
                else:
                    sig.failed.emit(f"{type(exc).__name__}: {exc}")

        self._pool.submit(work)
        self.refresh()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            if self._job is not None:
                self._job.cancel()

    def remove(self) -> None:
        state = self._state()
        layer = self.layers.pop(id(state), None)
        if layer is not None and layer in list(state.layers):
            state.layers.remove(layer)
            self.grid.active_viewport().render_now()
        self.refresh()

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(round(100 * fraction)))
        self.status.setText(text)

    def _on_ready(self, state, moving, matrix) -> None:
        self._cancel, self._job = None, None
        old = self.layers.pop(id(state), None)
        if old is not None and old in list(state.layers):
            state.layers.remove(old)
        layer = FusionLayer(moving, name=moving.metadata.get("series_description", "fusion"),
                            colormap=self.colormap.currentText(), opacity=self.blend.value() / 100.0,
                            registration=matrix)
        state.layers.add(layer, 1)  # right over the image, under any segmentation
        self.layers[id(state)] = layer
        for vp in self.grid.viewports:
            if vp.state is state:
                vp.render_now()
        how = self.tr("registered (rigid)") if matrix is not None else self.tr("same frame of reference")
        self.status.setText(self.tr("Fused: %s — %s") % (layer.name, how))
        self.refresh()

    def _on_failed(self, text: str) -> None:
        self._cancel, self._job = None, None
        self.status.setText(text)
        self.refresh()


def make_panel(ctx):
    panel = FusionPanel(ctx.controller.grid, ctx.session.archive)
    ctx.controller.series_opened.connect(lambda _i, _v: panel.refresh())
    return panel
