"""The measurements of a study being read, with undo/redo: every change is a command on a stack
(add, edit, delete); ``undo`` reverts the last one, ``redo`` applies it again; a new change after an undo
drops the redo branch. Observable: ``subscribe(fn(event, measurement))`` with event ``added``,
``changed`` or ``removed`` (undo/redo announce what they do the same way)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from viewer.measure.measurement import Measurement
from viewer.model.observable import Observable

Listener = Callable[[str, Measurement], None]


@dataclass(frozen=True)
class _Command:
    name: str  # "add" | "edit" | "delete"
    before: Measurement | None
    after: Measurement | None


class MeasurementSet(Observable):
    def __init__(self, measurements: Iterable[Measurement] = (), limit: int = 200) -> None:
        self._items: dict[str, Measurement] = {m.id: m for m in measurements}
        self._undo: list[_Command] = []
        self._redo: list[_Command] = []
        self._limit = limit
        self._listeners: list[Listener] = []

    # ---- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(list(self._items.values()))

    def __contains__(self, mid: str) -> bool:
        return mid in self._items

    def get(self, mid: str) -> Measurement:
        return self._items[mid]

    def visible_on(self, plane, half_thickness_mm: float) -> list[Measurement]:
        """The measurements a viewport showing ``plane`` (slab of ±``half_thickness_mm``) draws."""
        return [m for m in self._items.values() if m.visible_on(plane, half_thickness_mm)]

    def to_json(self) -> list[dict]:
        return [m.to_dict() for m in self._items.values()]

    @classmethod
    def from_json(cls, data: Iterable[dict]) -> "MeasurementSet":
        return cls(Measurement.from_dict(d) for d in data)

    def _emit(self, event: str, m: Measurement) -> None:
        self._call_listeners(event, m)

    # ---- commands ----------------------------------------------------------------------------
    def add(self, m: Measurement) -> Measurement:
        if m.id in self._items:
            raise ValueError(f"measurement {m.id} is already in the set")
        self._do(_Command("add", None, m))
        return m

    def edit(self, m: Measurement) -> Measurement:
        """Replace the measurement with the same id (e.g. after a handle was dragged)."""
        before = self._items.get(m.id)
        if before is None:
            raise KeyError(f"no measurement {m.id}")
        if before == m:
            return m
        self._do(_Command("edit", before, m))
        return m

    def delete(self, mid: str) -> Measurement:
        before = self._items.get(mid)
        if before is None:
            raise KeyError(f"no measurement {mid}")
        self._do(_Command("delete", before, None))
        return before

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Revert the last change; returns its name (None when there is nothing to undo)."""
        if not self._undo:
            return None
        cmd = self._undo.pop()
        self._apply(cmd.after, cmd.before)
        self._redo.append(cmd)
        return cmd.name

    def redo(self) -> str | None:
        if not self._redo:
            return None
        cmd = self._redo.pop()
        self._apply(cmd.before, cmd.after)
        self._undo.append(cmd)
        return cmd.name

    def _do(self, cmd: _Command) -> None:
        self._apply(cmd.before, cmd.after)
        self._undo.append(cmd)
        del self._undo[:-self._limit]
        self._redo.clear()

    def _apply(self, old: Measurement | None, new: Measurement | None) -> None:
        if new is None and old is not None:
            del self._items[old.id]
            self._emit("removed", old)
        elif new is not None and old is None:
            self._items[new.id] = new
            self._emit("added", new)
        elif new is not None:
            self._items[new.id] = new
            self._emit("changed", new)
