"""Linking 2D viewports by patient position (Qt-free).

Works with any viewport state that has ``volume``, ``go_to_point(xyz)``, ``plane_origin()`` and
``subscribe(fn)`` / ``unsubscribe(fn)`` with change sets (``viewer.model.viewport_state.ViewportState``):

* ``ViewportLinker.set_point(point, source_volume)``: the 3D cursor; every linked viewport (same frame of
  reference, or one registered in ``links``) jumps to the slice through the point;
* ``ViewportLinker(sync_scroll=True)``: scrolling one viewport moves the others to the same patient
  position (not the same slice index), whatever their spacing and orientation.
"""
from __future__ import annotations

import numpy as np

from viewer.mpr.cursor import LinkGroups


class ViewportLinker:
    """Keeps a set of viewport states linked. ``attach(states)`` replaces the set."""

    def __init__(self, links: LinkGroups | None = None, sync_scroll: bool = True) -> None:
        self.links = links or LinkGroups()
        self.sync_scroll = sync_scroll
        self.states: list = []
        self._busy = False
        self._listeners: dict[int, object] = {}
        self.point: np.ndarray | None = None  # last 3D cursor (in the space of ``point_volume``)
        self.point_volume = None

    def attach(self, states) -> None:
        self.detach()
        self.states = list(states)
        for st in self.states:
            fn = self._listener_for(st)
            self._listeners[id(st)] = fn
            st.subscribe(fn)

    def detach(self) -> None:
        for st in self.states:
            fn = self._listeners.pop(id(st), None)
            if fn is not None:
                st.unsubscribe(fn)
        self.states = []

    def _listener_for(self, state):
        def on_change(changed: set[str]) -> None:
            if self.sync_scroll and "slice" in changed and "volume" not in changed:
                self.follow_scroll(state)
        return on_change

    def _targets(self, source_volume, exclude=None):
        for st in self.states:
            if st is exclude or st.volume is None:
                continue
            q = self.links.map_point(self.point, source_volume, st.volume)
            if q is not None:
                yield st, q

    def set_point(self, point, source_volume, exclude=None) -> int:
        """Move every linked viewport to the slice through ``point`` (LPS of ``source_volume``);
        returns how many followed."""
        self.point = np.asarray(point, dtype=float).reshape(3)
        self.point_volume = source_volume
        if self._busy:
            return 0
        self._busy = True
        try:
            n = 0
            for st, q in self._targets(source_volume, exclude):
                st.go_to_point(q)
                n += 1
            return n
        finally:
            self._busy = False

    def follow_scroll(self, source) -> int:
        """The others follow ``source``'s current slice by patient position."""
        if self._busy or source.volume is None:
            return 0
        return self.set_point(source.plane_origin(), source.volume, exclude=source)
