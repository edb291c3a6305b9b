"""``TumourVolumePlot``: each label's volume (mL) by study date, drawn with QPainter (one line and colour per
label, the values at the points, the change since the first study), and below it, on the same dates, the RANO
sum of products (mm²) of the patient's measured target lesions. Thin: the data come from
``workstation.ai_review.volume_history``.

``TumourVolumePanel`` shows it for the patient of the active viewport (refreshed when overlays or reviews
change); ``make_panel(ctx)`` is its factory.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from viewer.model.layers import LABEL_PALETTE
from workstation.ai_review.disclaimer import disclaimer_kind, strongest
from workstation.ai_review.volume_history import (change_text, rano_change_text, rano_history, study_dates,
                                                  volume_history)
from workstation.ui.ai_disclaimer import DisclaimerLabel, show_disclaimer

MARGIN = (58, 18, 20, 42)  # left, top, right, bottom (pixels)


def _day(d: str) -> int:
    try:
        return date(int(d[:4]), int(d[4:6]), int(d[6:8])).toordinal()
    except (ValueError, IndexError):
        return 0


RANO_COLOUR = (35, 45, 120)  # the sum of products: a colour no label takes (LABEL_PALETTE)


class TumourVolumePlot(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.series: dict = {}
        self.rano: list = []
        self.label_colours: dict[str, tuple] = {}
        self.legend_texts: list[str] = []  # what the last paint wrote in the legends (tests read it)
        self.setMinimumSize(320, 220)

    def set_history(self, series: dict, label_colours: dict | None = None, rano: list | None = None) -> None:
        """``{label: [VolumePoint]}`` (``volume_history``); ``label_colours`` ``{label: (r, g, b)}``: the
        colours the segmentation shows its labels in (else the palette, in order); ``rano``: the patient's
        ``[RanoPoint]`` (``rano_history``), drawn in a second plot below on the same date axis."""
        self.series = dict(series)
        self.label_colours = dict(label_colours or {})
        self.rano = list(rano or [])
        self.update()

    def colour(self, n: int, label: str = "") -> QColor:
        if label in self.label_colours:
            return QColor(*self.label_colours[label][:3])
        return QColor(*LABEL_PALETTE[n % len(LABEL_PALETTE)])

    def paintEvent(self, ev) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor(250, 250, 250))
        self.legend_texts = []
        left, top, right, bottom = MARGIN
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        dates = study_dates(self.series, self.rano)
        if not dates:
            p.setPen(QPen(QColor(90, 90, 90), 1))
            p.drawRect(area)
            p.drawText(area, Qt.AlignCenter, self.tr("No accepted segmentation for this patient yet"))
            p.end()
            return
        vol_area = area
        rano_area = None
        if self.rano:  # a second, smaller plot below for the sum of products (mm²), same dates
            gap = 14
            h = (area.height() - gap) * 0.38
            vol_area = QRectF(area.left(), area.top(), area.width(), area.height() - gap - h)
            rano_area = QRectF(area.left(), vol_area.bottom() + gap, area.width(), h)
        days = [_day(d) for d in dates]
        d0, d1 = days[0], max(days[-1], days[0] + 1)
        inner = area.adjusted(40, 0, -40, 0)  # the first and last study stand off the frame

        def x_of(d: str) -> float:
            return inner.left() + (_day(d) - d0) / (d1 - d0) * inner.width() if len(days) > 1 else inner.center().x()

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        lines = [(self.colour(n, label), label, [(pt.study_date, pt.volume_ml) for pt in pts], change_text(pts))
                 for n, (label, pts) in enumerate(self.series.items())]
        self._plot(p, vol_area, x_of, "mL", "{:.1f}", lines)
        if not self.series:
            p.setPen(QColor(90, 90, 90))
            p.drawText(vol_area, Qt.AlignCenter, self.tr("No accepted segmentation for this patient yet"))
        if rano_area is not None:
            legend = self.tr("RANO sum of products (mm²), target lesions: %s") % self.rano[-1].targets
            change = rano_change_text(self.rano)
            self._plot(p, rano_area, x_of, "mm²", "{:.0f}",
                       [(QColor(*RANO_COLOUR), legend, [(pt.study_date, pt.spd_mm2) for pt in self.rano], change)],
                       square=True)
        p.setPen(QColor(60, 60, 60))
        for d in dates:  # one tick per study date, under the lowest plot
            x = x_of(d)
            p.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
            p.drawText(QRectF(x - 45, area.bottom() + 6, 90, 16), Qt.AlignCenter, _iso(d))
        p.end()

    def _plot(self, p: QPainter, area: QRectF, x_of, unit: str, fmt: str, lines, square: bool = False) -> None:
        """One frame: its value axis (from 0, in ``unit``), a dotted line at each study date, and ``lines``
        ``[(colour, legend, [(date, value)], change)]`` with their values at the points."""
        p.setPen(QPen(QColor(90, 90, 90), 1))
        p.setBrush(Qt.NoBrush)
        p.drawRect(area)
        values = [v for _c, _l, pts, _ch in lines for _d, v in pts]
        vmax = (max(values) if values else 0.0) * 1.15 or 1.0
        steps = 4 if area.height() > 110 else 2
        for n in range(steps + 1):
            y = area.bottom() - area.height() * n / steps
            p.setPen(QPen(QColor(215, 215, 215), 1, Qt.DotLine))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(QColor(60, 60, 60))
            p.drawText(QRectF(0, y - 8, area.left() - 6, 16), Qt.AlignRight | Qt.AlignVCenter,
                       f"{vmax * n / steps:.0f}")
        p.save()
        p.translate(12, area.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-40, -10, 80, 20), Qt.AlignCenter, unit)
        p.restore()
        legend_y = area.top() + 4
        placed: list[QRectF] = []  # value labels already drawn: a label never covers another
        for colour, legend, pts, change in lines:
            xys = [QPointF(x_of(d), area.bottom() - v / vmax * area.height()) for d, v in pts]
            p.setPen(QPen(colour, 2))
            for a, b in zip(xys, xys[1:]):
                p.drawLine(a, b)
            for (_d, v), q in zip(pts, xys):
                p.setPen(QPen(colour, 2))
                p.setBrush(colour)
                if square:
                    p.drawRect(QRectF(q.x() - 4, q.y() - 4, 8, 8))
                else:
                    p.drawEllipse(q, 4, 4)
                p.setPen(QColor(40, 40, 40))
                text_w = p.fontMetrics().horizontalAdvance(fmt.format(v)) + 4
                spots = [QRectF(q.x() - text_w / 2, q.y() + dy, text_w, 14) for dy in (-20, 6, -34, 20, -48, 34)]
                spot = next((r for r in spots if not any(r.intersects(o) for o in placed)), spots[0])
                placed.append(spot)
                p.drawText(spot, Qt.AlignCenter, fmt.format(v))
            p.setPen(QPen(colour, 2))
            p.drawLine(QPointF(area.left() + 8, legend_y + 7), QPointF(area.left() + 26, legend_y + 7))
            p.setPen(QColor(30, 30, 30))
            text = legend + (f"   {change}" if change else "")
            p.drawText(QRectF(area.left() + 32, legend_y, area.width() - 40, 14), Qt.AlignLeft | Qt.AlignVCenter, text)
            self.legend_texts.append(text)
            legend_y += 16
        p.setBrush(Qt.NoBrush)


def _iso(d: str) -> str:
    day = _day(d)
    return date.fromordinal(day).isoformat() if day else d


class TumourVolumePanel(QWidget):
    """The plot for the patient of the active viewport."""

    def __init__(self, service_factory, grid, parent=None) -> None:
        super().__init__(parent)
        self._service_factory = service_factory
        self.grid = grid
        self.label_colours = lambda: {}  # label name → colour of the segmentation shown (set by make_panel)
        self.rano_source = lambda _patient_id: []  # patient ID → [RanoPoint] (set by make_panel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.plot = TumourVolumePlot()
        self.disclaimer = DisclaimerLabel()  # a plotted result that is not for clinical use says so here
        self.models = QLabel()  # which model (or which made-up source) gave each study's volumes
        self.models.setWordWrap(True)
        self.note = QLabel(self.tr("From each study's accepted segmentation. Genetic (MG) and multimodal (MM) "
                                   "model results from the CDSS are in the 'AI results (CDSS)' panel."))
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.disclaimer)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.models)
        lay.addWidget(self.note)
        grid.active_changed.connect(lambda _i: self.refresh())

    def refresh(self, patient_id: str | None = None) -> None:
        svc = self._service_factory()
        if patient_id is None:
            vol = self.grid.active_viewport().state.volume
            patient_id = vol.metadata.get("patient_id", "") if vol is not None else ""
        self.title.setText(self.tr("Tumour volume over time — patient %s") % patient_id if patient_id else "")
        history = volume_history(svc.patient_reviews(patient_id)) if svc and patient_id else {}
        rano = self.rano_source(patient_id) if patient_id else []
        self.plot.set_history(history, self.label_colours(), rano)
        models = sorted({(pt.study_date, pt.model) for pts in history.values() for pt in pts})
        show_disclaimer(self.disclaimer, strongest(disclaimer_kind(m) for _d, m in models))
        self.models.setText(self.tr("Source of each study's volumes: %s") % "; ".join(
            f"{d[:4]}-{d[4:6]}-{d[6:]} — {m or '?'}" for d, m in models) if models else "")


def make_panel(ctx):
    """The panel's factory (``workstation.app.panels.PANELS``); refreshed by the AI panel's reviews."""
    from workstation.ui.ai_review_widget import review_service_factory

    panel = TumourVolumePanel(review_service_factory(ctx), ctx.controller.grid)
    handler = getattr(ctx.controller, "seg_handler", None)  # the plot's lines in the labels' overlay colours
    if handler is not None:
        panel.label_colours = lambda: {e.name: e.rgb for _ref, overlay in handler.overlays()
                                       for e in overlay.legend()}
    from workstation.measurements.store import MeasurementStore

    def rano(patient_id: str) -> list:  # this patient's RANO sums of products, from the measurement store
        archive = ctx.session.archive
        return rano_history(MeasurementStore.of(archive), archive, patient_id) if archive is not None else []

    panel.rano_source = rano
    ctx.controller.series_opened.connect(lambda _i, _v: panel.refresh())
    ctx.controller.message.connect(lambda _text: panel.refresh())  # a review says so through the status bar
    return panel
