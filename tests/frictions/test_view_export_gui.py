"""Image menu: export the view as PNG/JPEG with and without texts, copy it, flag a key image (stored with
the study; its Key Object Selection references the very image shown)."""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtGui import QGuiApplication, QImage

from tests.gui.conftest import wait_loaded
from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import AXIAL_STANDARD, make_volume
from workstation.view_export import image_format


def _yellow(path) -> int:
    img = QImage(str(path)).convertToFormat(QImage.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, : 3 * img.width()]
    a = a.reshape(img.height(), img.width(), 3).astype(int)
    return int(((a[..., 0] > 180) & (a[..., 1] > 180) & (a[..., 2] < 100)).sum())


def test_image_format_rule():
    assert image_format("a.PNG") == "PNG" and image_format("b.jpeg") == "JPEG" and image_format("c.jpg") == "JPEG"
    with pytest.raises(ValueError, match="png"):
        image_format("view.bmp")


def test_export_copy_and_key_image(make_main_window, qtbot, tmp_path):
    w = make_main_window(archive="new")
    paths = write_series(make_volume(AXIAL_STANDARD, shape_ijk=(48, 48, 12)), tmp_path / "s")
    for p in paths:  # the patient/study module a Key Object Selection copies
        ds = pydicom.dcmread(p)
        ds.PatientBirthDate, ds.PatientSex, ds.StudyTime, ds.StudyID = "19700101", "F", "120000", "1"
        ds.AccessionNumber, ds.ReferringPhysicianName = "A1", ""
        ds.save_as(p, enforce_file_format=True)
        w.archive.ingest_file(p)
    study = str(pydicom.dcmread(paths[0]).StudyInstanceUID)
    w.controller.open_study(study)
    vp = w.grid.active_viewport()
    wait_loaded(qtbot, vp)
    menu = w.image_menu
    with_texts = menu.export_view(overlays=True, path=str(tmp_path / "with.png"))
    plain = menu.export_view(overlays=False, path=str(tmp_path / "plain.jpg"))
    assert _yellow(with_texts) > 50 and _yellow(plain) == 0  # the orientation letters only in the first
    assert QImage(plain).size() == QImage(with_texts).size() == vp.size() * vp.devicePixelRatioF()
    assert vp.view.overlays.edge_label("right") == "L"  # the texts are back on screen
    assert menu.export_view(path=str(tmp_path / "view.bmp")) is None  # said in the status bar, nothing written
    assert not (tmp_path / "view.bmp").exists()
    assert menu.copy_view()
    assert QGuiApplication.clipboard().image().width() == QImage(with_texts).width()
    # the key image is the file whose position is the slice on screen
    vp.state.set_slice(3)
    sop = menu.flag_key_image()
    from workstation.measurements.store import MeasurementStore

    assert MeasurementStore.of(w.archive).key_images(study) == [sop]
    ds = next(pydicom.dcmread(p) for p in paths if str(pydicom.dcmread(p).SOPInstanceUID) == sop)
    assert abs(vp.state.patient_to_screen(np.array(ds.ImagePositionPatient, float))[2]) < 1e-3
    from workstation.measurements.exchange import export_study

    result = export_study(w.archive, MeasurementStore.of(w.archive), study, tmp_path / "kos")
    assert result.key_images == 1 and sop in str(pydicom.dcmread(result.kos).CurrentRequestedProcedureEvidenceSequence[0])
