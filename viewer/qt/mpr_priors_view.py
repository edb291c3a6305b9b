"""``PriorsView``: the current series and a prior study of the same patient side by side, linked by the
3D cursor. Same frame of reference: linked directly. Otherwise a rigid registration (SimpleITK, on a
worker thread with progress and cancel) links them; it is kept in a :class:`RegistrationStore` and
reused next time; the user can nudge it (move / turn the prior) and accept it.

The prior is resliced on the current plane mapped through the registration, so both views show the
same anatomy at the same place on the screen. The cursor, the registration and the nudges are a Qt-free
:class:`~viewer.model.priors_state.PriorsState` (``self.state``); this widget binds it, runs the
registration job on a worker thread and keeps it in the store.
"""
from __future__ import annotations

import queue
import threading

import numpy as np
from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget

from viewer.geometry.planes import standard_plane
from viewer.model.priors_state import NUDGE_DEG, NUDGE_MM, PriorsState  # noqa: F401  (re-exported)
from viewer.mpr.registration import (Registration, RegistrationCancelled, RegistrationError, RegistrationJob,
                                     RegistrationStore)
from viewer.qt.mpr_slice_widget import MprSliceWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("PriorsView", text)


class PriorsView(QWidget):
    """Signals: ``registration_changed(Registration | None)``; ``cursor_moved(ndarray LPS current)``."""

    registration_changed = Signal(object)
    cursor_moved = Signal(object)

    def __init__(self, current, prior, store: RegistrationStore | None = None, plane: str = "axial",
                 parent=None) -> None:
        super().__init__(parent)
        self.current, self.prior, self.store, self.plane_name = current, prior, store, plane
        self.state = PriorsState(current, prior, plane)
        self.job: RegistrationJob | None = None
        self._thread: threading.Thread | None = None
        # the worker thread reports through a queue drained by a GUI-thread timer: emitting Qt signals
        # from a Python thread corrupts reference counts in PySide6 6.12 (crash at interpreter exit)
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._poll = QTimer(self)
        self._poll.setInterval(40)
        self._poll.timeout.connect(self._drain_events)

        self.left = MprSliceWidget(current, name=plane)
        self.right = MprSliceWidget(prior, name="prior")
        for w in (self.left, self.right):
            w.point_picked.connect(lambda p, src=w: self.set_point(p, from_prior=src is self.right))
            w.scroll_requested.connect(self.scroll)

        self.register_button = QPushButton(_tr("Register"))
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.accept_button = QPushButton(_tr("Accept"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status = QLabel()
        self.nudge_buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(self.register_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.progress)
        bar.addWidget(QLabel(_tr("Nudge prior")))
        for key, text in (("left", "◀"), ("right", "▶"), ("up", "▲"), ("down", "▼"), ("ccw", "⟲"), ("cw", "⟳")):
            b = QPushButton(text)
            b.setMaximumWidth(34)
            b.clicked.connect(lambda _=False, k=key: self.nudge(k))
            self.nudge_buttons[key] = b
            bar.addWidget(b)
        bar.addWidget(self.accept_button)
        bar.addWidget(self.status, 1)
        splitter = QSplitter()
        splitter.addWidget(self.left)
        splitter.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.register_button.clicked.connect(self.start_registration)
        self.cancel_button.clicked.connect(self.cancel_registration)
        self.accept_button.clicked.connect(self.accept)
        self._init_link()
        self.state.subscribe(self._on_state)
        self.refresh()

    # ---- the state (``self.state``; these forward for callers of the widget) ----------------------
    @property
    def same_frame(self) -> bool:
        return self.state.same_frame

    @property
    def point(self) -> np.ndarray:
        return self.state.point

    @property
    def registration(self) -> Registration | None:
        return self.state.registration

    @registration.setter
    def registration(self, registration: Registration | None) -> None:
        """Replace the registration without notifying (the caller calls ``refresh``)."""
        self.state.registration = registration

    def prior_point(self, point=None) -> np.ndarray | None:
        """The cursor (or ``point``, current LPS) in the prior's patient space; None when not linked."""
        return self.state.prior_point(point)

    def _on_state(self, changed: set[str]) -> None:
        if "registration" in changed:
            self._update_buttons()
        self.refresh()
        if "cursor" in changed:
            self.cursor_moved.emit(self.state.point.copy())

    # ---- linking -------------------------------------------------------------------------------
    def _init_link(self) -> None:
        if self.same_frame:
            self.status.setText(_tr("Same frame of reference: linked directly"))
        elif self.store is not None and (kept := self._load_kept()) is not None:
            self.registration = kept
            state = _tr("accepted") if kept.accepted else _tr("not yet accepted")
            self.status.setText(_tr("Kept registration from {0} ({1})").format(kept.created, state))
        else:
            self.status.setText(_tr("Different frame of reference: register to link"))
        self._update_buttons()

    def _load_kept(self) -> Registration | None:
        try:
            return self.store.load(self.current.series_instance_uid, self.prior.series_instance_uid)
        except RegistrationError:
            return None

    def _update_buttons(self) -> None:
        running = self._thread is not None and self._thread.is_alive()
        linked = self.registration is not None
        self.register_button.setEnabled(not running and not self.same_frame)
        self.cancel_button.setEnabled(running)
        can_edit = linked and not running and not self.same_frame
        for b in self.nudge_buttons.values():
            b.setEnabled(can_edit)
        self.accept_button.setEnabled(can_edit and not self.registration.accepted)

    # ---- cursor --------------------------------------------------------------------------------
    def set_point(self, point, from_prior: bool = False) -> None:
        """Move the cursor; a point picked on the prior is mapped back into the current series."""
        self.state.set_point(point, from_prior)

    def scroll(self, steps: int) -> None:
        self.state.scroll(steps)

    def refresh(self) -> None:
        plane = self.state.plane()
        self.left.view.show_plane(plane)
        self.left.view.set_cursor_cross(self.point)
        if self.registration is not None:
            m = self.registration.transform
            left = self.left.view
            self.right.view.show_plane(plane.transformed(m), frame=(left.view_plane.transformed(m), left.rect))
            self.right.view.set_cursor_cross(self.prior_point())
        else:
            self.right.view.show_plane(standard_plane(self.plane_name, self.prior.center_world))
            self.right.view.set_cursor_cross(None)
        self.left.view.set_corner_text(_tr("Current") + f"  {self.current.metadata.get('StudyDate', '')}")
        self.right.view.set_corner_text(_tr("Prior") + f"  {self.prior.metadata.get('StudyDate', '')}")
        self.left.render_now()
        self.right.render_now()

    # ---- registration --------------------------------------------------------------------------
    def start_registration(self) -> None:
        """Register the prior to the current series on a worker thread (progress, cancel)."""
        if self._thread is not None and self._thread.is_alive():
            return
        events = self._events
        self.job = RegistrationJob(self.current, self.prior, progress=lambda f, t: events.put(("progress", f, t)))
        self._thread = threading.Thread(target=self._work, args=(self.job,), name="prior-registration", daemon=True)
        self.progress.setValue(0)
        self.status.setText(_tr("Registering…"))
        self._thread.start()
        self._poll.start()
        self._update_buttons()

    def _work(self, job: RegistrationJob) -> None:
        """Runs on the worker thread; reports back through ``self._events`` (no Qt calls here)."""
        events = self._events
        try:
            events.put(("done", job.run()))
        except RegistrationCancelled:
            events.put(("failed", "cancelled"))
        except RegistrationError as exc:
            events.put(("failed", str(exc)))
        except Exception as exc:  # noqa: BLE001 - never a traceback in the GUI
            events.put(("failed", f"{type(exc).__name__}: {exc}"))

    def _drain_events(self) -> None:
        """GUI thread: apply what the worker reported."""
        while True:
            try:
                kind, *args = self._events.get_nowait()
            except queue.Empty:
                return
            if kind == "progress":
                self._on_progress(*args)
            elif kind == "done":
                self._on_finished(*args)
            else:
                msg = args[0]
                self._on_failed(_tr("Registration cancelled") if msg == "cancelled"
                                else _tr("Registration failed: {0}").format(msg))

    def cancel_registration(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def wait_for_registration(self, timeout_s: float = 120.0) -> None:
        """Block until the worker finishes (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(round(100 * fraction)))
        self.status.setText(_tr("Registering…") + " " + text)

    def _on_finished(self, reg: Registration) -> None:
        self._thread = None
        self._poll.stop()
        self.progress.setValue(100)
        self.status.setText(_tr("Registered in {0:.1f} s; check, nudge and accept").format(reg.elapsed_s))
        if self.store is not None:
            self.store.save(reg)
        self.state.set_registration(reg)
        self.registration_changed.emit(reg)

    def _on_failed(self, message: str) -> None:
        self._thread = None
        self._poll.stop()
        self.progress.setValue(0)
        self.status.setText(message)
        self._update_buttons()

    def nudge(self, key: str) -> None:
        """Move or turn the prior's image on the screen by one step (1 mm / 1 degree)."""
        if not self.state.editable:
            return
        self.status.setText(_tr("Nudged; accept to keep it"))
        self.state.nudge(key)
        self.registration_changed.emit(self.registration)

    def accept(self) -> None:
        if not self.state.accept():
            return
        if self.store is not None:
            self.store.save(self.registration)
        self.status.setText(_tr("Registration accepted and kept"))
        self.registration_changed.emit(self.registration)

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.cancel_registration()
        self.wait_for_registration(10.0)
        self._poll.stop()
        self.left.close()
        self.right.close()
        super().closeEvent(ev)
