"""``SegOverlayManager``: puts the archive's SEGs over the viewports (Qt glue, no rules of its own).

* A study opens (``ViewerController.open_study`` hands over its SEG series instead of hanging them as
  images): each SEG waits for its source series; when a viewport has loaded that series
  (``series_opened``), the SEG is read off the GUI thread (``viewer.io.seg.read_seg``) and its layers
  (``viewer.model.seg_overlay.SegOverlay``) are added to that viewport's layer stack.
* A SEG series dropped on a viewport (``open_series`` of a SEG) overlays the series shown there when it lies
  in the same frame of reference (else a clear message, nothing drawn).
* A viewport that gets another series loses the overlays of the old one.

Signals: ``changed()`` when a viewport's overlays change (the legend panel refreshes), ``message(str)``.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.io.seg import SegReadError, read_seg
from viewer.model.seg_overlay import SegOverlay
from workstation.ai_review.seg_index import SegRef, is_seg_series, series_segs, study_segs

log = logging.getLogger(__name__)


class _Signals(QObject):
    read = Signal(object, object, object)  # viewport state, SegRef, SegObject
    failed = Signal(str)
    found = Signal(object)  # list[SegRef] of an opened study


class SegOverlayManager(QObject):
    changed = Signal()
    message = Signal(str)

    def __init__(self, grid, archive, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.archive = archive
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seg-read")
        self._waiting: list[SegRef] = []  # SEGs of the open study whose source is not shown yet
        self._overlays: dict[int, list[tuple[SegRef, SegOverlay]]] = {}  # id(viewport state) → overlays
        self._redraws: set[int] = set()  # states whose layer changes redraw their viewport
        self._sig = _Signals()
        self._sig.read.connect(self._on_read)
        self._sig.failed.connect(self.message)
        self._sig.found.connect(self._on_found)

    # ---- called by ViewerController ----------------------------------------------------------
    def handles(self, series_uid: str) -> bool:
        """Is ``series_uid`` a SEG series (to overlay rather than open as an image)?"""
        return self.archive is not None and is_seg_series(self.archive, series_uid)

    def study_opened(self, study_uid: str) -> None:
        """Find the study's SEGs (off the GUI thread); each is overlaid once its source series is shown."""
        self._waiting = []
        archive, sig = self.archive, self._sig

        def work() -> None:
            try:
                sig.found.emit(study_segs(archive, study_uid))
            except Exception as exc:  # noqa: BLE001 - shown, never a traceback
                log.exception("listing the study's SEGs failed")
                sig.failed.emit(self.tr("Cannot list the study's segmentations: %s") % exc)

        self._pool.submit(work)

    def overlay_series(self, seg_series_uid: str, index: int) -> None:
        """Overlay every SEG of ``seg_series_uid`` on viewport ``index`` (a drop)."""
        vp = self.grid.viewports[index]
        volume = vp.state.volume
        if volume is None:
            self.message.emit(self.tr("Open the segmented series in this viewport first, then drop the segmentation on it."))
            return
        for ref in series_segs(self.archive, seg_series_uid):
            if ref.frame_of_reference_uid and volume.frame_of_reference_uid and \
                    ref.frame_of_reference_uid != volume.frame_of_reference_uid:
                self.message.emit(self.tr("This segmentation lies in another frame of reference than the series "
                                          "shown; open its source series."))
                continue
            self._read(vp.state, ref)

    def series_opened(self, index: int, volume) -> None:
        """A viewport finished loading ``volume``: drop overlays of another series, add waiting SEGs of this one."""
        state = self.grid.viewports[index].state
        kept = []
        for ref, overlay in self._overlays.pop(id(state), []):
            if volume.series_instance_uid in ref.source_series_uids or (
                    not ref.source_series_uids and ref.frame_of_reference_uid == volume.frame_of_reference_uid):
                kept.append((ref, overlay))
            else:
                overlay.remove_from(state.layers)
        if kept:
            self._overlays[id(state)] = kept
        shown = {r.sop_instance_uid for r, _ in kept}
        for ref in self._waiting:
            if volume.series_instance_uid in ref.source_series_uids and ref.sop_instance_uid not in shown:
                self._read(state, ref)
        self.changed.emit()

    # ---- for the panel ------------------------------------------------------------------------
    def overlays(self, index: int | None = None) -> list[tuple[SegRef, SegOverlay]]:
        """The SEG overlays of viewport ``index`` (default: the active one)."""
        index = self.grid.active_index if index is None else index
        if index >= len(self.grid.viewports):
            return []
        return list(self._overlays.get(id(self.grid.viewports[index].state), []))

    def add_seg_file(self, path, index: int | None = None) -> None:
        """Overlay a SEG file that is not (yet) in the archive, e.g. a fresh M1 result."""
        from workstation.ai_review.seg_index import seg_ref

        index = self.grid.active_index if index is None else index
        ref = seg_ref(path)
        if ref is None:
            self.message.emit(self.tr("Not a DICOM segmentation: %s") % path)
            return
        self._read(self.grid.viewports[index].state, ref)

    def remove(self, state, sop_instance_uid: str) -> None:
        items = self._overlays.get(id(state), [])
        for ref, overlay in list(items):
            if ref.sop_instance_uid == sop_instance_uid:
                overlay.remove_from(state.layers)
                items.remove((ref, overlay))
        self.changed.emit()

    def redraw_on_layer_changes(self, state) -> None:
        """The viewport widget redraws on its state's changes; overlay layer changes (opacity, a brush
        stroke) redraw it here, once per event-loop turn."""
        if id(state) in self._redraws:
            return
        pending = []

        def redraw() -> None:
            pending.clear()
            for vp in self.grid.viewports:
                if vp.state is state:
                    vp.render_now()

        def on_layers(_event, _layer, _changed) -> None:
            if not pending:
                pending.append(True)
                QTimer.singleShot(0, redraw)

        state.layers.subscribe(on_layers)
        self._redraws.add(id(state))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ---- internals ----------------------------------------------------------------------------
    def _on_found(self, refs: list) -> None:
        self._waiting = list(refs)
        for index, vp in enumerate(self.grid.viewports):  # series that finished loading before the list came
            if vp.state.volume is not None and vp.state.loaded_fraction >= 1.0:
                self.series_opened(index, vp.state.volume)

    def _read(self, state, ref: SegRef) -> None:
        sig, source = self._sig, state.volume

        def work() -> None:
            try:
                seg = read_seg(ref.path, source=source)
            except SegReadError as exc:
                sig.failed.emit(str(exc))
                return
            except Exception as exc:  # noqa: BLE001 - shown, never a traceback
                log.exception("SEG read failed")
                sig.failed.emit(f"{type(exc).__name__}: {exc}")
                return
            sig.read.emit(state, ref, seg)

        self._pool.submit(work)

    def _on_read(self, state, ref: SegRef, seg) -> None:
        items = self._overlays.setdefault(id(state), [])
        if any(r.sop_instance_uid == ref.sop_instance_uid for r, _ in items) or state.volume is None:
            return
        self.redraw_on_layer_changes(state)
        overlay = SegOverlay(seg)
        if overlay.heatmap is not None:
            overlay.heatmap.title = self.tr("probability")  # the scale bar's title, in the user's language
        overlay.add_to(state.layers)
        items.append((ref, overlay))
        self.message.emit(self.tr("Segmentation shown: %s") % overlay.title)
        self.changed.emit()
