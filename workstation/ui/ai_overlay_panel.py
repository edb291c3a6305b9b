"""``AiOverlayPanel``: the legend and controls of the segmentations over the active viewport — which SEG,
opacity, outline or fill, heatmap on/off, and one line per segment (its colour, name and volume in mL,
a tick for its visibility). Thin: every setting is a call on ``viewer.model.seg_overlay.SegOverlay``.

``make_panel(ctx)`` also makes the window's ``SegOverlayManager`` and hands it to the viewer controller
(``controller.seg_handler``), so SEGs of an opened study and SEGs dropped on a viewport are overlaid.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QSlider,
                               QVBoxLayout, QWidget)

from workstation.ai_review.disclaimer import seg_disclaimer
from workstation.ui.ai_disclaimer import DisclaimerLabel, show_disclaimer
from workstation.ui.ai_overlay_manager import SegOverlayManager

NUMBER_ROLE = Qt.UserRole + 1


def swatch(rgb, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(*rgb))
    return QIcon(pm)


class AiOverlayPanel(QWidget):
    def __init__(self, manager: SegOverlayManager, parent=None) -> None:
        super().__init__(parent)
        self.manager = manager
        self._updating = False
        self.choice = QComboBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.disclaimer = DisclaimerLabel()  # "trained on synthetic data — not for clinical use" where the SEG says so
        self.opacity = QSlider(Qt.Horizontal)
        self.opacity.setRange(0, 100)
        self.outline = QCheckBox(self.tr("Outline"))
        self.heatmap = QCheckBox(self.tr("Heatmap"))
        self.shown = QCheckBox(self.tr("Show"))
        self.segments = QListWidget()
        self.total = QLabel()
        self.empty = QLabel(self.tr("No segmentation over this viewport. Open a study with a SEG, drop a SEG "
                                    "series on a viewport, or run M1."))
        self.empty.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.choice)
        lay.addWidget(self.disclaimer)
        lay.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Opacity")))
        row.addWidget(self.opacity, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        for w in (self.shown, self.outline, self.heatmap):
            row.addWidget(w)
        lay.addLayout(row)
        lay.addWidget(self.segments, 1)
        lay.addWidget(self.total)
        self.extra = QVBoxLayout()  # review and run controls (ai_review_widget) go here
        lay.addLayout(self.extra)
        self.choice.currentIndexChanged.connect(lambda _i: self.refresh_current())
        self.opacity.valueChanged.connect(lambda v: self._apply(lambda o: o.set_opacity(v / 100.0)))
        self.outline.toggled.connect(lambda on: self._apply(lambda o: o.set_outline(on)))
        self.heatmap.toggled.connect(lambda on: self._apply(lambda o: o.set_heatmap(on)))
        self.shown.toggled.connect(lambda on: self._apply(lambda o: o.set_visible(on)))
        self.segments.itemChanged.connect(self._segment_toggled)
        manager.changed.connect(self.refresh)
        manager.grid.active_changed.connect(lambda _i: self.refresh())
        self.refresh()

    # ---- model → widgets -----------------------------------------------------------------------
    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch: the composed status (map kind, review line) in the new language."""
        if ev.type() == ev.Type.LanguageChange and hasattr(self, "total"):
            self.refresh_current()
        super().changeEvent(ev)

    def current(self):
        """``(SegRef, SegOverlay)`` chosen in the combo box, or None."""
        items = self.manager.overlays()
        n = self.choice.currentIndex()
        return items[n] if 0 <= n < len(items) else None

    def refresh(self) -> None:
        items = self.manager.overlays()
        self._updating = True
        keep = self.choice.currentIndex()
        self.choice.clear()
        for ref, overlay in items:
            self.choice.addItem(overlay.title)
        if items:
            self.choice.setCurrentIndex(min(max(keep, 0), len(items) - 1))
        self._updating = False
        for w in (self.choice, self.status, self.opacity, self.outline, self.heatmap, self.shown, self.segments,
                  self.total):
            w.setVisible(bool(items))
        self.empty.setVisible(not items)
        if not items:
            self.disclaimer.setVisible(False)
        self.refresh_current()

    def refresh_current(self) -> None:
        if self._updating:
            return
        cur = self.current()
        self._updating = True
        self.segments.clear()
        if cur is not None:
            ref, overlay = cur
            self.status.setText(self._status_text(ref, overlay))
            show_disclaimer(self.disclaimer, seg_disclaimer(overlay.seg))
            self.opacity.setValue(round(overlay.opacity * 100))
            self.outline.setChecked(overlay.outline)
            self.heatmap.setEnabled(overlay.heatmap is not None)
            self.heatmap.setChecked(overlay.heatmap_on)
            self.shown.setChecked(overlay.label_layers[0].visible)
            for e in overlay.legend():
                it = QListWidgetItem(swatch(e.rgb), self.legend_line(e))
                it.setData(NUMBER_ROLE, e.number)
                it.setFlags(it.flags() | Qt.ItemIsUserCheckable)
                it.setCheckState(Qt.Checked if e.visible else Qt.Unchecked)
                if e.algorithm:
                    it.setToolTip(e.algorithm)
                self.segments.addItem(it)
            total = sum(e.volume_ml for e in overlay.legend())
            self.total.setText(self.tr("Total: %.1f mL") % total)
        self._updating = False

    def legend_line(self, entry) -> str:
        """``name — 12.3 mL`` (``…, mean p 0.87`` where the model gives a confidence), in the user's language."""
        text = self.tr("%s — %.1f mL") % (entry.name, entry.volume_ml)
        if entry.confidence is not None:
            text += self.tr(", mean p %.2f") % entry.confidence
        return text

    def _status_text(self, ref, overlay) -> str:
        kind = self.tr("probability map") if ref.segmentation_type == "FRACTIONAL" else self.tr("label map")
        text = f"{overlay.title} ({kind})"
        if ref.derived_from:
            text += "\n" + self.tr("edited version")
        review = getattr(self, "review_text", None)
        if review is not None:
            line = review(ref)
            if line:
                text += "\n" + line
        return text

    # ---- widgets → model -----------------------------------------------------------------------
    def _apply(self, fn) -> None:
        cur = self.current()
        if cur is not None and not self._updating:
            fn(cur[1])

    def _segment_toggled(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        number = int(item.data(NUMBER_ROLE))
        self._apply(lambda o: o.set_segment_visible(number, item.checkState() == Qt.Checked))


def make_panel(ctx) -> AiOverlayPanel:
    """The panel's factory (listed in ``workstation.app.panels.PANELS``): also wires the SEG overlay manager
    into the viewer controller (SEGs of an opened study, SEGs dropped on a viewport)."""
    controller = ctx.controller
    manager = SegOverlayManager(controller.grid, ctx.session.archive, parent=controller)
    controller.seg_handler = manager
    controller.series_opened.connect(manager.series_opened)
    manager.message.connect(controller.message)
    panel = AiOverlayPanel(manager)
    manager.panel = panel  # the 3D panel shows the segmentation chosen here
    from workstation.ui.ai_review_widget import AiReviewWidget, review_service_factory

    panel.review = AiReviewWidget(panel, review_service_factory(ctx), ctx.session.archive, panel,
                                  inference=ctx.session.inference)
    panel.extra.addWidget(panel.review)
    return panel
