"""Images without patient geometry: no orientation letters, "No patient geometry"; CT-only presets off on MR."""
from __future__ import annotations

import pydicom
import pytest
from pydicom.uid import SecondaryCaptureImageStorage

from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume
from viewer.io.scan import load_path
from viewer.model.corner_text import slice_text
from viewer.model.patient_geometry import NO_GEOMETRY_TEXT, has_patient_geometry
from viewer.model.viewport_state import ViewportState
from viewer.model.windowing import preset_keys


def _rewrite(paths, edit) -> None:
    for p in paths:
        ds = pydicom.dcmread(p)
        edit(ds)
        ds.save_as(p, enforce_file_format=True)


def _loaded(folder):
    """The first series loaded from ``folder`` (without positions, each file is its own stack)."""
    result = load_path(folder)
    assert result.volumes and not result.skipped, result.skipped
    return result.volumes[0]


def _drop_orientation(ds) -> None:
    del ds.ImageOrientationPatient
    del ds.ImagePositionPatient


def _secondary_capture(ds) -> None:
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.ConversionType = "WSD"


def test_real_series_has_letters_and_no_warning_text(tmp_path):
    vol = _loaded(write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 4)), tmp_path)[0].parent)
    s = ViewportState()
    s.set_volume(vol)
    assert has_patient_geometry(vol)
    assert s.edge_labels() == {"left": "R", "right": "L", "top": "A", "bottom": "P"}
    assert NO_GEOMETRY_TEXT not in slice_text(s)


@pytest.mark.parametrize("edit", [_drop_orientation, _secondary_capture], ids=["no-orientation", "secondary-capture"])
def test_image_without_geometry_gets_no_letters(edit, tmp_path):
    paths = write_series(make_volume(AXIAL_STANDARD, shape_ijk=(16, 16, 4)), tmp_path)
    _rewrite(paths, edit)
    vol = _loaded(tmp_path)
    s = ViewportState()
    s.set_volume(vol)
    assert not has_patient_geometry(vol)
    assert set(s.edge_labels().values()) == {""}
    assert NO_GEOMETRY_TEXT in slice_text(s)
    s.rotate90()  # no letters appear by turning the image either
    assert set(s.edge_labels().values()) == {""}


def test_ct_only_presets_are_not_mr_presets():
    assert preset_keys("CT") == {"1", "2", "3", "4"}
    assert preset_keys("MR") == {"1", "2"}


def test_small_viewport_keeps_the_most_important_corner_lines():
    from viewer.model.corner_text import CHAR_PX, EDGE_LABEL_PX, corner_texts, fit_corner_texts

    s = ViewportState()
    s.set_volume(make_volume(AXIAL_STANDARD, metadata={"patient_name": "A^VERY^LONG^PATIENT^NAME^INDEED",
                                                        "study_date": "20260101"}))
    texts = corner_texts(s)
    big = fit_corner_texts(texts, 800, 800)
    assert big == texts  # room for everything
    small = fit_corner_texts(texts, 140, 120)
    for corner, text in small.items():
        full = texts[corner].split("\n")
        kept = text.split("\n")
        assert 1 <= len(kept) <= len(full)
        assert kept[0] == full[0] or kept[0].endswith("…") and full[0].startswith(kept[0][:-1])
        # never reaching the letter in the middle of the edge
        assert all(len(x) * CHAR_PX <= 140 / 2 - EDGE_LABEL_PX / 2 for x in kept)
    assert len(small["top_left"].split("\n")) < len(texts["top_left"].split("\n"))  # the date went
    assert small["bottom_left"].startswith("Im")  # the slice number stays, the location goes
