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
from viewer.geometry.planes import Plane
from viewer.mpr.reference_lines import Segment2D, reference_line


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


# ---- marks for 2D viewports: the cursor and the other viewports' planes ---------------------------
def state_plane(state) -> Plane | None:
    """The plane a ``ViewportState`` shows as a :class:`Plane` (screen right / down, origin at its
    reslice origin); None without a volume."""
    if state.volume is None or state.basis is None:
        return None
    b = state.basis
    return Plane(state.plane_origin(), b.right, -np.asarray(b.up, dtype=float))


def state_rect(state) -> tuple[float, float, float, float]:
    """The state's image extent ``(u_min, u_max, v_min, v_max)`` with v pointing down (Plane coords)."""
    g = state.geometry
    return g.u_range[0], g.u_range[1], -g.v_range[1], -g.v_range[0]


def viewport_marks(states, links: LinkGroups, point=None, point_volume=None) -> list[dict]:
    """For each state: ``{"cursor": (u, v) | None, "lines": {index: Segment2D}}`` in that state's
    Plane coordinates (v down): the 3D cursor when it lies within half a slice of the shown slice, and
    where each other linked viewport's current plane cuts this one (clipped to both images)."""
    planes = [state_plane(st) for st in states]
    out = []
    for i, (st, plane) in enumerate(zip(states, planes)):
        entry = {"cursor": None, "lines": {}}
        out.append(entry)
        if plane is None:
            continue
        if point is not None and point_volume is not None:
            q = links.map_point(point, point_volume, st.volume)
            if q is not None:
                u, v, w = plane.to_plane(q)
                if abs(w) <= max(st.geometry.step, 1e-6) / 2 + 1e-6:
                    entry["cursor"] = (float(u), float(v))
        rect = state_rect(st)
        for j, (other, other_plane) in enumerate(zip(states, planes)):
            if j == i or other_plane is None:
                continue
            m = links.transform(other.volume.frame_of_reference_uid, st.volume.frame_of_reference_uid)
            if other.volume is st.volume:
                m = np.eye(4)
            if m is None:
                continue
            seg = reference_line(plane, rect, other_plane.transformed(m))
            if seg is not None:
                # and only where the other viewport's image is
                o_rect = state_rect(other)
                seg = _clip_to_other(seg, plane, other_plane.transformed(m), o_rect)
            if seg is not None:
                entry["lines"][j] = seg
    return out


def _clip_to_other(seg: Segment2D, plane: Plane, other: Plane, other_rect) -> Segment2D | None:
    """Keep the part of ``seg`` (in ``plane`` coords, lying on ``other``) inside ``other_rect``."""
    a = other.to_plane(plane.to_world(seg.start[0], seg.start[1]))[:2]
    b = other.to_plane(plane.to_world(seg.end[0], seg.end[1]))[:2]
    u_min, u_max, v_min, v_max = other_rect
    t0, t1 = 0.0, 1.0
    for p, d, lo, hi in ((a[0], b[0] - a[0], u_min, u_max), (a[1], b[1] - a[1], v_min, v_max)):
        if abs(d) < 1e-12:
            if p < lo or p > hi:
                return None
            continue
        ta, tb = sorted(((lo - p) / d, (hi - p) / d))
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 > t1:
            return None
    d = seg.end - seg.start
    return Segment2D(seg.start + t0 * d, seg.start + t1 * d)
