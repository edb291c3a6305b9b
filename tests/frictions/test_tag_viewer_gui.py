"""The tag viewer from the viewport (Image menu, Ctrl+T): the shown slice's own tags, searchable."""
from __future__ import annotations

from tests.gui.conftest import wait_loaded
from tests.gui.dicom_writer import write_series
from tests.gui.screenshots import screenshot_path
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume


def _value(dialog, tag):
    return next(it.text(3) for it in dialog.shown_items() if it.text(0) == tag)


def test_tags_of_the_shown_slice_and_search(make_main_window, qtbot, tmp_path, shared_data):
    w = make_main_window(size=(1280, 800))
    write_series(make_volume(AXIAL_STANDARD, shape_ijk=(24, 24, 9)), tmp_path / "s", patient_name="TAGS^SHOWN")
    w.controller.open_paths([str(tmp_path / "s")])
    vp = w.grid.active_viewport()
    wait_loaded(qtbot, vp)
    vp.state.set_slice(2)
    dialog = w.image_menu.show_tags()
    qtbot.waitExposed(dialog)
    # the slice on screen is its own file: its SOP instance UID and instance number
    k = int(round(vp.state.volume.world_to_index(vp.state.plane_origin())[2]))
    assert _value(dialog, "(0008,0018)") == vp.state.volume.sop_instance_uids[k]
    assert _value(dialog, "(0010,0010)") == "TAGS^SHOWN"
    dialog.close()
    # a real file with sequences and private tags, searched
    dialog = w.image_menu.show_tags(str(shared_data / "mr_ge_mr750_epi_axial/dicom/axial_epi_fmri_interleaved_i_to_s-00001.dcm"))
    qtbot.waitExposed(dialog)
    total = len(dialog.shown_items())
    qtbot.keyClicks(dialog.search, "ASSET")
    rows = dialog.shown_items()
    assert 0 < len(rows) < total
    assert all("asset" in " ".join(r.text(c) for c in range(4)).lower() or r.childCount() for r in rows)
    assert any(r.text(1).startswith("[ASSET") for r in rows)  # a GE private tag, named
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "sequence")
    dialog.tree.expandToDepth(1)
    dialog.resize(900, 560)
    qtbot.wait(100)
    dialog.grab().save(str(screenshot_path(tmp_path, "tags.png")))
