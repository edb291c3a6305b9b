"""``ViewportGridWidget``: 1×1 … 3×3 grid of 2D viewports with an active one; double-click maximises."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from viewer.qt.viewport_widget import ViewportWidget

LAYOUTS: dict[str, tuple[int, int]] = {"1x1": (1, 1), "1x2": (1, 2), "2x1": (2, 1), "2x2": (2, 2), "3x3": (3, 3)}


class _Cell(QFrame):
    """A viewport with a coloured frame that marks the active one."""

    def __init__(self, viewport: ViewportWidget) -> None:
        super().__init__()
        self.viewport = viewport
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(0)
        # the reading context's word on this viewport: "<date> PRIOR", or in red another patient than the report
        self.identity = QLabel(self)
        self.identity.setObjectName("viewport_identity")
        self.identity.hide()
        self.blank = QLabel(self)  # stands in for a viewport cleared because another patient was opened
        self.blank.setStyleSheet("background: black;")
        self.blank.hide()
        lay.addWidget(self.identity)
        lay.addWidget(viewport, 1)
        lay.addWidget(self.blank, 1)
        self.foreign = False
        self.set_active(False)

    def set_identity(self, text: str, foreign: bool) -> None:
        self.foreign = foreign
        self.identity.setText(text)
        self.identity.setStyleSheet("color: white; background: #b00020; font-weight: bold; padding: 1px 4px;"
                                    if foreign else "color: #ffd54f; background: #202020; padding: 1px 4px;")
        self.identity.setVisible(bool(text))

    def set_blank(self, blank: bool) -> None:
        self.viewport.setVisible(not blank)
        self.blank.setVisible(blank)

    def set_active(self, active: bool) -> None:
        self.setStyleSheet("_Cell { background: %s; }" % ("#e0a800" if active else "#202020"))


class ViewportGridWidget(QWidget):
    """Signals: ``cursor_info(str)``, ``series_dropped(int index, str series_uid)``,
    ``active_changed(int)``, ``layout_changed(str)``, ``help_requested()``."""

    cursor_info = Signal(str)
    series_dropped = Signal(int, str)
    active_changed = Signal(int)
    layout_changed = Signal(str)
    help_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(1)
        self._cells: list[_Cell] = []
        self._active = 0
        self._maximized: int | None = None
        self._hold_new = False  # viewports made now wait for ``release_held_viewports`` to make their GL window
        self.layout_name = "1x1"
        self.set_layout("1x1")

    # ---- viewports ---------------------------------------------------------------------------
    @property
    def viewports(self) -> list[ViewportWidget]:
        """The viewports shown by the current layout, row by row."""
        rows, cols = LAYOUTS[self.layout_name]
        return [c.viewport for c in self._cells[: rows * cols]]

    @property
    def active_index(self) -> int:
        return self._active

    def active_viewport(self) -> ViewportWidget:
        return self.viewports[self._active]

    def hold_new_viewports(self) -> None:
        """Start-up: viewports made from now on (the other three of a 2×2) make their OpenGL window only at
        ``release_held_viewports``, so the first viewport's image is drawn before them."""
        self._hold_new = True

    def release_held_viewports(self) -> int:
        """Make the held viewports' OpenGL windows and draw them; new viewports are no longer held. Returns how
        many were waiting."""
        self._hold_new = False
        held = [c.viewport for c in self._cells if c.viewport.init_held]
        for vp in held:
            vp.initialize_now()
        return len(held)

    def _make_cell(self) -> _Cell:
        vp = ViewportWidget(self)
        vp.init_held = self._hold_new
        cell = _Cell(vp)
        idx = len(self._cells)
        vp.activated.connect(lambda i=idx: self.set_active(i))
        vp.cursor_info.connect(self.cursor_info)
        vp.series_dropped.connect(lambda uid, i=idx: self.series_dropped.emit(i, uid))
        vp.maximize_requested.connect(lambda i=idx: self.toggle_maximize(i))
        vp.help_requested.connect(self.help_requested)
        self._cells.append(cell)
        return cell

    def set_layout(self, name: str) -> None:
        """Show ``name`` (``"1x1"``, ``"1x2"``, ``"2x1"``, ``"2x2"``, ``"3x3"``). Viewports keep their series."""
        if name not in LAYOUTS:
            raise ValueError(f"unknown layout {name!r}; expected one of {list(LAYOUTS)}")
        rows, cols = LAYOUTS[name]
        while len(self._cells) < rows * cols:
            self._make_cell()
        self.layout_name = name
        self._maximized = None
        self._place()
        if self._active >= rows * cols:
            self.set_active(0)
        else:
            self.set_active(self._active)
        self.layout_changed.emit(name)

    def _place(self) -> None:
        for cell in self._cells:
            self._grid.removeWidget(cell)
            cell.hide()
        rows, cols = LAYOUTS[self.layout_name]
        for r in range(3):
            self._grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(3):
            self._grid.setColumnStretch(c, 1 if c < cols else 0)
        if self._maximized is not None:
            self._grid.addWidget(self._cells[self._maximized], 0, 0, rows, cols)
            self._cells[self._maximized].show()
            return
        for n in range(rows * cols):
            self._grid.addWidget(self._cells[n], n // cols, n % cols)
            self._cells[n].show()

    def toggle_maximize(self, index: int) -> None:
        """Show viewport ``index`` alone, or go back to the grid."""
        self._maximized = None if self._maximized is not None else index
        self._place()

    def set_active(self, index: int) -> None:
        self._active = index
        for n, cell in enumerate(self._cells):
            cell.set_active(n == index and len(self.viewports) > 1)
        self.active_changed.emit(index)

    def set_identity(self, index: int, text: str, foreign: bool = False) -> None:
        """The reading context's label over viewport ``index`` (empty text hides it; ``foreign``: red)."""
        while len(self._cells) <= index:
            self._make_cell()
        self._cells[index].set_identity(text, foreign)

    @property
    def cell_count(self) -> int:
        """Viewports made so far, shown by the layout or not (a 3×3 keeps 9 after a 2×2 is chosen)."""
        return len(self._cells)

    def cell_viewport(self, index: int) -> ViewportWidget:
        return self._cells[index].viewport

    def set_blank(self, index: int, blank: bool) -> None:
        """Hide viewport ``index``'s images (another patient was opened) until a series is opened in it."""
        if index < len(self._cells):
            self._cells[index].set_blank(blank)

    def is_blank(self, index: int) -> bool:
        return index < len(self._cells) and not self._cells[index].blank.isHidden()

    def identity_text(self, index: int) -> tuple[str, bool]:
        """(label text, foreign) of viewport ``index`` (for tests and tools)."""
        cell = self._cells[index]
        return (cell.identity.text() if not cell.identity.isHidden() else ""), cell.foreign

    def next_empty_index(self) -> int:
        """The first viewport without a series (else the active one)."""
        for n, vp in enumerate(self.viewports):
            if vp.state.volume is None or self.is_blank(n):
                return n
        return self._active
