"""On screen: a secondary capture shows no yellow orientation letters; the toolbar's CT presets are off on MR."""
from __future__ import annotations

import numpy as np

from tests.gui.conftest import viewport_pixels
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume
from viewer.model.patient_geometry import NO_GEOMETRY_TEXT
from pydicom.uid import SecondaryCaptureImageStorage


def _yellow_pixels(rgb: np.ndarray) -> int:
    """The edge letters are yellow (red and green high, blue low); the image is grey, the corner texts white."""
    g = rgb.astype(int)
    return int(((g[..., 0] > 180) & (g[..., 1] > 180) & (g[..., 2] < 100)).sum())


def test_secondary_capture_draws_no_letters(viewport):
    viewport.state.set_volume(make_volume(AXIAL_STANDARD))
    with_letters = _yellow_pixels(viewport_pixels(viewport))
    viewport.state.set_volume(make_volume(AXIAL_STANDARD, metadata={"sop_class_uid": SecondaryCaptureImageStorage}))
    without = _yellow_pixels(viewport_pixels(viewport))
    assert with_letters > 50 and without == 0
    assert NO_GEOMETRY_TEXT in viewport.view.overlays.corner_text("bottom_left")


def test_ct_presets_disabled_on_mr(make_main_window):
    w = make_main_window()
    vp = w.grid.active_viewport()
    actions = w.toolbar.actions_by_key
    vp.state.set_volume(make_volume(AXIAL_STANDARD, modality="CT"))
    assert all(actions[f"preset_{k}"].isEnabled() for k in "1234")
    vp.state.set_volume(make_volume(AXIAL_STANDARD, modality="MR"))
    assert [actions[f"preset_{k}"].isEnabled() for k in "1234"] == [True, True, False, False]
