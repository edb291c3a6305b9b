"""Observers for the viewer's plain models (no Qt): subscribe a callable, get called on each change.

The viewport, MPR and priors states, the layers, the layer stack and the measurement set all keep a list of
listeners the same way; this is that one piece. A subclass makes ``self._listeners = []`` in ``__init__``."""
from __future__ import annotations

from collections.abc import Callable


class Observable:
    """``subscribe(fn)`` / ``unsubscribe(fn)``; ``_call_listeners(*args)`` calls each listener (over a copy
    of the list, so a listener may unsubscribe while being called)."""

    _listeners: list[Callable[..., None]]

    def subscribe(self, fn: Callable[..., None]) -> None:
        self._listeners.append(fn)

    def unsubscribe(self, fn: Callable[..., None]) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def _call_listeners(self, *args) -> None:
        for fn in list(self._listeners):
            fn(*args)


class FieldObservable(Observable):
    """An ``Observable`` whose listeners get the set of field names that changed: ``_notify("slice", …)``."""

    def _notify(self, *fields: str) -> None:
        self._call_listeners(set(fields))
