"""The reading panels' factories (listed in ``workstation.app.panels.PANELS``) and the window's ``ReadingHub``.

The reading service itself (login, repository, demo orders) is opened once by the application session
(``workstation.session.builder``); ``make_hub`` wraps it for one window and the factories build a panel when
the user's role may see it (``None`` otherwise: no dock)."""
from __future__ import annotations

from workstation.reading.records import ReadingStatus
from workstation.reading.roles import Action
from workstation.session.context import AppSession, PanelContext
from workstation.ui.reading.audit_viewer_panel import AuditViewerPanel
from workstation.ui.reading.history_panel import HistoryPanel
from workstation.ui.reading.hub import ReadingHub
from workstation.ui.reading.report_editor_panel import ReportEditorPanel
from workstation.ui.reading.study_tree_panel import StudyTreePanel
from workstation.ui.reading.worklist_panel import WorklistPanel


def make_hub(session: AppSession, controller, main_window) -> ReadingHub | None:
    """The reading panels' shared hub in ``main_window`` (``None`` without a reading service)."""
    if session.reading is None:
        return None
    hub = ReadingHub(session.reading, archive=session.archive, controller=controller, parent=main_window)
    main_window.installEventFilter(hub)   # blanked viewports are closed like the others
    docks = getattr(main_window, "docks", None)
    if isinstance(docks, dict):
        hub.report_requested.connect(lambda _oid: docks["reading_report"].raise_() if "reading_report" in docks else None)
    toolbar = getattr(main_window, "toolbar", None)
    if toolbar is not None:   # the hanging protocol's stages: switched from the toolbar
        from PySide6.QtWidgets import QComboBox

        stages = QComboBox(toolbar)
        stages.setObjectName("hanging_stage")
        stages.setToolTip(hub.tr("Hanging protocol stage"))
        stages.setEnabled(False)

        def fill(names: list) -> None:
            stages.blockSignals(True)
            stages.clear()
            stages.addItems(names)
            stages.setEnabled(len(names) > 1)
            stages.blockSignals(False)
        hub.stages_changed.connect(fill)
        stages.activated.connect(hub.switch_stage)
        toolbar.addWidget(stages)
        hub.stage_switch = stages
    status = getattr(main_window, "status", None)
    if status is not None:
        hub.message.connect(lambda m: status.showMessage(m, 8000))
        hub.error.connect(status.show_error)
    return hub


def _select_start_order(hub: ReadingHub, worklist) -> None:
    """Once every panel exists: the order of the study already open (the start study, or one the user opened)
    becomes the reading context, so the report editor and the measurements follow the images on screen; with
    no study open, the demo study's order (else the first unread one). An order already chosen stays."""
    if hub.current_order_id is not None:
        return
    if hub.context.study is not None:  # a study is open (the start study): its order becomes the context
        orders = [o for o in hub.service.repo.orders_for_study(hub.context.study.study_uid) if o.status != "CANCELLED"]
        if orders:
            worklist.select_order(orders[0].id)
        return
    try:
        from workstation.reading.demo_seed import demo_study  # (its repository imports SQLAlchemy)

        demo_uid = demo_study()[1].study_uid
    except (OSError, ValueError):
        demo_uid = None
    orders = hub.service.worklist()
    pick = next((o for o in orders if o.study and o.study.study_uid == demo_uid), None) or next(
        (o for o in orders if o.reading_status == ReadingStatus.UNREAD), None)
    if pick is not None:
        worklist.select_order(pick.id)


def _hub(ctx: PanelContext, action: Action) -> ReadingHub | None:
    hub = ctx.hub
    return hub if hub is not None and hub.service.can(action) else None


def worklist_panel(ctx: PanelContext):
    hub = _hub(ctx, Action.VIEW_WORKLIST)
    if hub is None:
        return None
    panel = WorklistPanel(hub)
    # reads the demo study's header: once the first image is on screen
    ctx.session.deferred.add("worklist start order", lambda: _select_start_order(hub, panel))
    return panel


def report_panel(ctx: PanelContext):
    hub = _hub(ctx, Action.VIEW_REPORT_SUMMARY)
    if hub is None:
        return None
    return ReportEditorPanel(hub)


def history_panel(ctx: PanelContext):
    hub = _hub(ctx, Action.VIEW_WORKLIST)
    if hub is None:
        return None
    return HistoryPanel(hub)


def tree_panel(ctx: PanelContext):
    hub = _hub(ctx, Action.VIEW_WORKLIST)
    if hub is None:
        return None
    return StudyTreePanel(hub)


def audit_panel(ctx: PanelContext):
    hub = _hub(ctx, Action.VIEW_AUDIT)
    if hub is None:
        return None
    return AuditViewerPanel(hub)
