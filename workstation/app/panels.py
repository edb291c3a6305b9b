"""The main window's panels, listed explicitly.

A new panel: write its widget under ``workstation/ui/`` with a factory ``f(ctx: PanelContext) -> QWidget | None``
(``None``: this user's role does not get it), then add one ``PanelSpec`` line to ``PANELS`` below. The modules
are imported here at the top, so a panel that cannot be imported stops the start with its ``ImportError``
instead of silently missing from the window.

``register_panel`` adds a panel at run time (tests, plug-ins); ``MainWindow.add_panel`` docks a widget made
elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from workstation.session.context import PanelContext
from workstation.ui import ai_3d_panel, ai_fusion_panel, ai_overlay_panel, ai_volume_plot, measurements_panel, mpr_panel
from workstation.ui import ai_results_panel
from workstation.ui.reading import panels as reading

AREAS = ("left", "right", "bottom")


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str  # shown translated via QCoreApplication.translate("Panels", title)
    factory: Callable[[PanelContext], object]  # returns a QWidget, or None (no dock for this user)
    area: str = "left"
    order: int = 100

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"area must be one of {AREAS}")


#: every panel of the main window (besides the study browser); panels sharing an area become tabs by ``order``
PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("reading_worklist", QT_TRANSLATE_NOOP("Panels", "Worklist"), reading.worklist_panel, "bottom", 10),
    PanelSpec("reading_report", QT_TRANSLATE_NOOP("Panels", "Report"), reading.report_panel, "right", 20),
    PanelSpec("reading_history", QT_TRANSLATE_NOOP("Panels", "Patient history"), reading.history_panel, "right", 21),
    PanelSpec("reading_tree", QT_TRANSLATE_NOOP("Panels", "Study tree"), reading.tree_panel, "right", 22),
    PanelSpec("reading_audit", QT_TRANSLATE_NOOP("Panels", "Audit log"), reading.audit_panel, "bottom", 30),
    PanelSpec("mpr", QT_TRANSLATE_NOOP("Panels", "MPR / Priors"), mpr_panel.make_panel, "right", 60),
    PanelSpec("ai_overlays", QT_TRANSLATE_NOOP("Panels", "AI segmentation"), ai_overlay_panel.make_panel, "right", 70),
    PanelSpec("ai_volume", QT_TRANSLATE_NOOP("Panels", "Tumour volume"), ai_volume_plot.make_panel, "right", 71),
    PanelSpec("ai_3d", QT_TRANSLATE_NOOP("Panels", "Segmentation 3D"), ai_3d_panel.make_panel, "right", 72),
    PanelSpec("fusion", QT_TRANSLATE_NOOP("Panels", "Fusion"), ai_fusion_panel.make_panel, "right", 73),
    PanelSpec("ai_results", QT_TRANSLATE_NOOP("Panels", "AI results (CDSS)"), ai_results_panel.make_panel, "right", 74),
    PanelSpec("measurements", QT_TRANSLATE_NOOP("Panels", "Measurements"), measurements_panel.make_panel, "right", 65),
)

_EXTRA: dict[str, PanelSpec] = {}


def register_panel(key: str, title: str, factory: Callable[[PanelContext], object], area: str = "left",
                   order: int = 100) -> None:
    """Add (or replace) a panel at run time; ``area`` is ``left``, ``right`` or ``bottom``."""
    _EXTRA[key] = PanelSpec(key, title, factory, area, order)


def unregister_panel(key: str) -> None:
    _EXTRA.pop(key, None)


def registered_panels() -> list[PanelSpec]:
    """``PANELS`` plus those registered at run time (which replace a listed one of the same key)."""
    specs = {p.key: p for p in PANELS}
    specs.update(_EXTRA)
    return sorted(specs.values(), key=lambda p: (p.order, p.key))


def import_panel_modules() -> list[PanelSpec]:
    """Kept for callers written when panels came from a list of module names: the panels are now imported
    with this module; returns ``registered_panels()``."""
    return registered_panels()
