"""``Segmentation3DPanel``: the segmentation chosen in the AI panel as 3D surfaces (each label its colour) in a
translucent brain (or head) shell, rotatable with the mouse (trackball), linked to the 3D cursor: a click on
a surface puts the cursor there and every viewport of the same frame of reference goes to that point.
Thin: the scene is ``viewer.render.seg_surface.SegSurfaceScene``; the VTK widget is made when the panel is
first shown (nothing at start-up).
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.ai_review.disclaimer import seg_disclaimer
from workstation.ui.ai_disclaimer import DisclaimerLabel, show_disclaimer


class Segmentation3DPanel(QWidget):
    def __init__(self, manager, parent=None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.scene = None
        self.vtk_widget = None
        self._shown_key = None
        self.info = QLabel(self.tr("No segmentation over the active viewport."))
        self.info.setWordWrap(True)
        self.disclaimer = DisclaimerLabel()  # the SEG's "not for clinical use" warning, when it carries one
        self.front = QPushButton(self.tr("Front"))
        self.top = QPushButton(self.tr("Top"))
        self.side = QPushButton(self.tr("Left side"))
        row = QHBoxLayout()
        for b, view in ((self.front, "anterior"), (self.top, "superior"), (self.side, "left")):
            b.clicked.connect(lambda _c=False, v=view: self._view(v))
            row.addWidget(b)
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(self.disclaimer)
        self.lay.addWidget(self.info)
        self.lay.addLayout(row)
        manager.changed.connect(self.refresh)
        if getattr(manager, "panel", None) is not None:
            manager.panel.choice.currentIndexChanged.connect(lambda _i: self.refresh())
        manager.grid.active_changed.connect(lambda _i: self.refresh())

    def showEvent(self, ev) -> None:  # noqa: N802
        super().showEvent(ev)
        if self.vtk_widget is None:
            self._make_view()
        self.refresh()

    def _make_view(self) -> None:
        from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
        from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera
        from vtkmodules.vtkRenderingCore import vtkRenderer

        from viewer.render.seg_surface import SegSurfaceScene

        self.vtk_widget = QVTKRenderWindowInteractor(self)
        self.vtk_widget.setMinimumHeight(240)
        renderer = vtkRenderer()
        self.vtk_widget.GetRenderWindow().AddRenderer(renderer)
        self.scene = SegSurfaceScene(renderer)
        interactor = self.vtk_widget.GetRenderWindow().GetInteractor()
        interactor.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        interactor.AddObserver("LeftButtonPressEvent", self._on_press, 1.0)
        interactor.AddObserver("LeftButtonReleaseEvent", self._on_release, 1.0)
        self.lay.insertWidget(1, self.vtk_widget, 1)
        self.vtk_widget.Initialize()
        self._press = None

    # ---- content -----------------------------------------------------------------------------
    def changeEvent(self, ev) -> None:  # noqa: N802
        """A live language switch: the composed info line again (made afresh on the next refresh)."""
        if ev.type() == ev.Type.LanguageChange and hasattr(self, "info"):
            self._shown_key = ()  # no key a refresh would keep
            self.refresh()
        super().changeEvent(ev)

    def current(self):
        """``(SegRef, SegOverlay, source Volume)`` shown: the AI panel's choice on the active viewport."""
        items = self.manager.overlays()
        if not items:
            return None
        panel = getattr(self.manager, "panel", None)
        n = panel.choice.currentIndex() if panel is not None else 0
        ref, overlay = items[n if 0 <= n < len(items) else 0]
        return ref, overlay, self.manager.grid.active_viewport().state.volume

    def refresh(self) -> None:
        if self.scene is None or not self.isVisible():
            return
        cur = self.current()
        key = None if cur is None else (cur[0].sop_instance_uid, id(cur[2]))
        if key == self._shown_key:
            return
        self._shown_key = key
        if cur is None:
            self.scene.set_labels(_EMPTY, {})
            self.scene.set_mask(None)
            self.info.setText(self.tr("No segmentation over the active viewport."))
            show_disclaimer(self.disclaimer, None)
            self.render()
            return
        from workstation.ai_review.seg_index import study_segs
        from workstation.ai_review.surface_mask import shell_for

        ref, overlay, volume = cur
        seg = overlay.seg
        colors = {s.number: overlay.label_colour(s.number) for s in seg.segments}
        self.scene.set_labels(seg.label_map(), colors,
                              hidden={s.number for s in seg.segments if not overlay.segment_visible(s.number)})
        refs = study_segs(self.manager.archive, ref.study_instance_uid) if self.manager.archive is not None else []
        mask, name = shell_for(volume, refs)
        self.scene.set_mask(mask)
        self.info.setText(f"{overlay.title} — " + self.tr("shell: %s. Drag to rotate, click a surface to move the "
                                                          "3D cursor there.") % name)
        show_disclaimer(self.disclaimer, seg_disclaimer(seg))
        self.scene.reset_camera("anterior")
        self.render()

    def render(self) -> None:
        if self.vtk_widget is not None:
            self.vtk_widget.GetRenderWindow().Render()

    def _view(self, view: str) -> None:
        if self.scene is not None:
            self.scene.reset_camera(view)
            self.render()

    # ---- the 3D cursor -----------------------------------------------------------------------
    def _on_press(self, obj, _event) -> None:
        self._press = obj.GetEventPosition()

    def _on_release(self, obj, _event) -> None:
        pos = obj.GetEventPosition()
        if self._press is None or abs(pos[0] - self._press[0]) + abs(pos[1] - self._press[1]) > 3:
            return  # a rotation, not a click
        xyz = self.scene.pick(*pos)
        if xyz is not None:
            self.go_to(xyz)

    def go_to(self, xyz) -> None:
        """Put the 3D cursor at ``xyz`` (LPS) and move every viewport of its frame of reference there."""
        self.scene.set_cursor(xyz)
        cur = self.current()
        for_uid = cur[2].frame_of_reference_uid if cur is not None and cur[2] is not None else None
        for vp in self.manager.grid.viewports:
            v = vp.state.volume
            if v is not None and (for_uid is None or v.frame_of_reference_uid == for_uid):
                vp.state.go_to_point(xyz)
        self.render()


class _Empty:
    """An empty label map for clearing the scene."""

    def frame(self, _t=0):
        import numpy as np

        return np.zeros((1, 1, 1), dtype=np.uint8)


_EMPTY = _Empty()


def make_panel(ctx):
    """The panel's factory (after the AI segmentation panel, whose overlay manager it shows)."""
    manager = getattr(ctx.controller, "seg_handler", None)
    return Segmentation3DPanel(manager) if manager is not None else None
