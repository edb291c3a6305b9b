"""Which render adaptor draws which layer type (like napari's ``layer_to_visual``).

A new layer type: a model class in ``viewer.model`` (a ``Layer`` subclass), an adaptor class here in
``viewer.render`` with ``update(state, changed)``, ``layer_changed(changed)``, ``set_order(i)`` and
``close()``, and one line in :data:`LAYER_VISUALS`. ``ViewportRenderer`` builds the adaptors of a
viewport's ``LayerStack`` through :func:`make_visual`; the viewport widget does not change."""
from __future__ import annotations

from viewer.model.layers import ImageLayer, LabelLayer, Layer
from viewer.render.image_visual import ImageVisual
from viewer.render.label_visual import LabelVisual
from viewer.model.overlay_layers import FusionLayer, HeatmapLayer
from viewer.render.scalar_overlay_visual import FusionVisual, HeatmapVisual
from viewer.model.annotation_layer import AnnotationLayer
from viewer.render.annotation_visual import AnnotationVisual

LAYER_VISUALS: dict[type, type] = {
    ImageLayer: ImageVisual,
    LabelLayer: LabelVisual,
    HeatmapLayer: HeatmapVisual,
    FusionLayer: FusionVisual,
    AnnotationLayer: AnnotationVisual,
}


def make_visual(renderer, layer: Layer):
    """The adaptor of ``layer`` (the most specific registered class of its type) in ``renderer``."""
    for cls in type(layer).__mro__:
        if cls in LAYER_VISUALS:
            return LAYER_VISUALS[cls](renderer, layer)
    raise TypeError(f"no render adaptor registered for {type(layer).__name__}; add it to LAYER_VISUALS")
