"""The SEG overlays of a viewport carried into an MPR window opened from it (axial, coronal, sagittal and
their oblique rotations): one ``MprLabelOverlay`` per label layer and MPR view, synced after each plane
change of the window's ``MprState`` (the window redraws its planes first; this listener subscribes after
it)."""
from __future__ import annotations

from viewer.render.mpr_seg_overlay import MprLabelOverlay


def attach_seg_overlays(mpr_view, overlays) -> list[MprLabelOverlay]:
    """Overlay every label layer of ``overlays`` (``SegOverlay`` objects) on each view of ``mpr_view``
    (a ``viewer.qt.mpr_view.MprView``); returns the MPR overlays (kept alive by the window)."""
    made = []
    for overlay in overlays:
        for layer in overlay.label_layers:
            for w in mpr_view.views.values():
                made.append((w, MprLabelOverlay(w.view, layer)))
    if not made:
        return []

    def sync(changed: set[str]) -> None:
        if changed & {"cursor", "rotation", "slab"}:
            for w, o in made:
                o.sync()
            for w in mpr_view.views.values():
                w.render_now()

    def layer_changed(_layer, _changed) -> None:
        for w in mpr_view.views.values():
            w.render_now()

    mpr_view.state.subscribe(sync)
    for overlay in overlays:
        for layer in overlay.label_layers:
            layer.subscribe(layer_changed)
    mpr_view._seg_overlays = made  # the window keeps them
    sync({"cursor"})
    return [o for _w, o in made]
