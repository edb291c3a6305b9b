"""The MPR panel's prior picker offers the same patient's series only (never another patient's)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.mpr.siemens import load_siemens
from workstation.ui.mpr_panel import MprPanel
from workstation.ui.viewport_grid_widget import ViewportGridWidget

pytestmark = pytest.mark.gui


def test_prior_picker_leaves_out_other_patients(show, shared_data):
    grid = show(ViewportGridWidget(), 900, 450)
    grid.set_layout("2x2")
    ax = load_siemens(str(shared_data), "ax_asc_35sl")
    sag = load_siemens(str(shared_data), "sag_asc_35sl")
    cor = load_siemens(str(shared_data), "cor_asc_35sl")
    assert ax.metadata.get("patient_id")
    stranger = replace(cor, metadata={**cor.metadata, "patient_id": "SOMEONE-ELSE"})
    for i, vol in enumerate((ax, sag, stranger)):
        grid.viewports[i].state.set_volume(vol)
    grid.set_active(0)
    panel = show(MprPanel(grid), 300, 400)
    panel.refresh_choices()
    offered = [panel.prior_combo.itemData(i) for i in range(panel.prior_combo.count())]
    assert offered == [1]   # the same patient's sagittal; not viewport 3 (another patient)
