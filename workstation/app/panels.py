"""Panel registry: other parts add docks/tabs to the main window without editing it.

    from workstation.app.panels import register_panel
    register_panel("worklist", "Worklist", lambda ctx: WorklistPanel(ctx.controller, ctx.archive), area="left")

``launch`` imports the modules listed in ``PANEL_MODULES`` (each registers its panels at import time)
and builds every registered panel with a ``PanelContext``. ``MainWindow.add_panel`` does the same
for a widget made elsewhere (tests, plug-ins).
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any, Callable

log = logging.getLogger(__name__)

#: modules imported by ``launch`` so their ``register_panel`` calls run (a missing one is skipped)
PANEL_MODULES: list[str] = [
    "workstation.ui.reading.panels",
    "workstation.ui.mpr_panel",
]

AREAS = ("left", "right", "bottom")


@dataclass
class PanelContext:
    """What a panel factory gets: the open archive (may be None), the ``ViewerController``
    (``open_study``/``open_series``/``open_volume``), the main window, and the current user if any."""

    archive: Any
    controller: Any
    main_window: Any
    user: Any = None


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str  # shown translated via QCoreApplication.translate("Panels", title)
    factory: Callable[[PanelContext], Any]  # returns a QWidget
    area: str = "left"
    order: int = 100


_REGISTRY: dict[str, PanelSpec] = {}


def register_panel(key: str, title: str, factory: Callable[[PanelContext], Any], area: str = "left",
                   order: int = 100) -> None:
    """Add (or replace) a panel; ``area`` is ``left``, ``right`` or ``bottom``; panels sharing an
    area become tabs, sorted by ``order``."""
    if area not in AREAS:
        raise ValueError(f"area must be one of {AREAS}")
    _REGISTRY[key] = PanelSpec(key, title, factory, area, order)


def unregister_panel(key: str) -> None:
    _REGISTRY.pop(key, None)


def registered_panels() -> list[PanelSpec]:
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.key))


def import_panel_modules(modules: list[str] | None = None) -> None:
    for name in modules if modules is not None else PANEL_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            log.info("panel module %s not available: %s", name, exc)
