"""Registers the reading panels with the main window (``workstation.app.panels``) and builds the shared
``ReadingHub`` once per window: the reading tables live in the archive's database (same engine); the user is
``ctx.user`` if the shell logged one in, else the login dialog asks when users exist, else (a fresh
install with no users) a local RIS reader. An empty reading database gets the demo orders unless
``CDSS_READING_DEMO=0``."""
from __future__ import annotations

import logging
import os
import weakref

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QDialog

from workstation.app.panels import PanelContext, register_panel
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.demo_seed import demo_study, seed_demo
from workstation.reading.records import ReadingStatus, User
from workstation.reading.repository import ReadingRepository
from workstation.reading.roles import Action
from workstation.reading.service import ReadingService
from workstation.ui.reading.hub import ReadingHub

log = logging.getLogger(__name__)
LOCAL_USER = User("local", "RIS", "Local reader (no users configured)")
_HUBS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_NO_HUB = object()


def open_repository(archive) -> ReadingRepository:
    return ReadingRepository(archive.engine) if archive is not None else ReadingRepository.open()


def make_hub(ctx: PanelContext) -> ReadingHub | None:
    repo = open_repository(ctx.archive)
    audit = AuditLog(repo.session_factory)
    users = UserStore(repo.session_factory, audit)
    user = ctx.user if isinstance(ctx.user, User) else None
    if user is None and ctx.user is not None and hasattr(ctx.user, "role"):
        user = User(getattr(ctx.user, "username", str(ctx.user)), str(ctx.user.role))
    if user is None:
        if users.has_users():
            from workstation.ui.reading.login_dialog import LoginDialog
            dlg = LoginDialog(users, audit.workstation, ctx.main_window)
            if dlg.exec() != QDialog.Accepted:
                return None
            user = dlg.user
        else:
            user = LOCAL_USER
    if os.environ.get("CDSS_READING_DEMO", "1") != "0" and not repo.orders():
        try:
            seed_demo(repo)
        except (OSError, ValueError) as exc:
            log.warning("demo orders not seeded: %s", exc)
    hub = ReadingHub(ReadingService(repo, audit, user, users), archive=ctx.archive, controller=ctx.controller,
                     parent=ctx.main_window)
    docks = getattr(ctx.main_window, "docks", None)
    if isinstance(docks, dict):
        hub.report_requested.connect(lambda _oid: docks["reading_report"].raise_() if "reading_report" in docks else None)
    status = getattr(ctx.main_window, "status", None)
    if status is not None:
        hub.message.connect(lambda m: status.showMessage(m, 8000))
        hub.error.connect(status.show_error)
    return hub


def hub_for(ctx: PanelContext) -> ReadingHub | None:
    """The window's hub (made on first use; ``None`` when the login was cancelled)."""
    key = ctx.main_window
    if key not in _HUBS:
        _HUBS[key] = make_hub(ctx) or _NO_HUB
    hub = _HUBS[key]
    return None if hub is _NO_HUB else hub


def _select_start_order(hub: ReadingHub, worklist) -> None:
    """Select the demo study's order (else the first unread one) once every panel exists."""
    try:
        demo_uid = demo_study()[1].study_uid
    except (OSError, ValueError):
        demo_uid = None
    orders = hub.service.worklist()
    pick = next((o for o in orders if o.study and o.study.study_uid == demo_uid), None) or next(
        (o for o in orders if o.reading_status == ReadingStatus.UNREAD), None)
    if pick is not None:
        worklist.select_order(pick.id)


def _worklist(ctx):
    hub = hub_for(ctx)
    if hub is None or not hub.service.can(Action.VIEW_WORKLIST):
        return None
    from workstation.ui.reading.worklist_panel import WorklistPanel
    panel = WorklistPanel(hub)
    QTimer.singleShot(0, lambda: _select_start_order(hub, panel))
    return panel


def _report(ctx):
    hub = hub_for(ctx)
    if hub is None or not hub.service.can(Action.VIEW_REPORT_SUMMARY):
        return None
    from workstation.ui.reading.report_editor_panel import ReportEditorPanel
    return ReportEditorPanel(hub)


def _history(ctx):
    hub = hub_for(ctx)
    if hub is None or not hub.service.can(Action.VIEW_WORKLIST):
        return None
    from workstation.ui.reading.history_panel import HistoryPanel
    return HistoryPanel(hub)


def _tree(ctx):
    hub = hub_for(ctx)
    if hub is None or not hub.service.can(Action.VIEW_WORKLIST):
        return None
    from workstation.ui.reading.study_tree_panel import StudyTreePanel
    return StudyTreePanel(hub)


def _audit(ctx):
    hub = hub_for(ctx)
    if hub is None or not hub.service.can(Action.VIEW_AUDIT):
        return None
    from workstation.ui.reading.audit_viewer_panel import AuditViewerPanel
    return AuditViewerPanel(hub)


# titles are translated by the shell with QCoreApplication.translate("Panels", title)
register_panel("reading_worklist", QT_TRANSLATE_NOOP("Panels", "Worklist"), _worklist, area="bottom", order=10)
register_panel("reading_report", QT_TRANSLATE_NOOP("Panels", "Report"), _report, area="right", order=20)
register_panel("reading_history", QT_TRANSLATE_NOOP("Panels", "Patient history"), _history, area="right", order=21)
register_panel("reading_tree", QT_TRANSLATE_NOOP("Panels", "Study tree"), _tree, area="right", order=22)
register_panel("reading_audit", QT_TRANSLATE_NOOP("Panels", "Audit log"), _audit, area="bottom", order=30)
