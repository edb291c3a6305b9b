"""``cdss-workstation render``: same pixels as the viewport, patient orientation, clear errors."""
import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.gui.conftest import bright_centroid, viewport_pixels
from tests.gui.dicom_writer import write_series
from tests.viewer_model.synthetic import AXIAL_ROWS_FLIPPED, LEFT_ANTERIOR_MARKER, make_volume
from viewer.model.windowing import Window
from workstation.cli.main import main

pytestmark = pytest.mark.gui


def _png(path) -> np.ndarray:
    img = QImage(str(path)).convertToFormat(QImage.Format_RGB888)
    w, h = img.width(), img.height()
    return np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def test_render_matches_the_viewport_and_puts_left_on_the_right(tmp_path, viewport, qtbot, capsys):
    vol = make_volume(AXIAL_ROWS_FLIPPED, shape_ijk=(64, 64, 40), spacing=(2.0, 2.0, 2.5))
    write_series(vol, tmp_path / "series")
    loc = float(LEFT_ANTERIOR_MARKER[2])  # axial view normal is +z (seen from the feet), whatever k's sign
    rc = main(["render", str(tmp_path / "series"), "--position", f"{loc}", "--window", "1000/500",
               "--size", "512x512", "--out", str(tmp_path / "out.png")])
    assert rc == 0
    assert "W 1000 L 500" in capsys.readouterr().out
    rendered = _png(tmp_path / "out.png")
    assert rendered.shape == (512, 512, 3)
    x, y = bright_centroid(rendered)
    assert x > 512 * 0.55 and y < 512 * 0.45  # patient left on the right, anterior at the top
    # the widget shows the same image for the same state
    from viewer.io import load_path

    viewport.state.set_volume(load_path(tmp_path / "series").volumes[0])
    viewport.state.go_to_position(loc)
    viewport.state.set_window(Window(1000, 500))
    shown = viewport_pixels(viewport)
    assert shown.shape == rendered.shape
    assert np.abs(shown.astype(int) - rendered.astype(int)).mean() < 1.0


def test_render_slice_number_and_errors(tmp_path, capsys):
    vol = make_volume(shape_ijk=(32, 32, 10))
    write_series(vol, tmp_path / "s")
    assert main(["render", str(tmp_path / "s"), "--slice", "1", "--size", "64x48", "--out", str(tmp_path / "a.png")]) == 0
    assert "slice 1/10" in capsys.readouterr().out
    assert _png(tmp_path / "a.png").shape == (48, 64, 3)
    assert main(["render", str(tmp_path / "s"), "--slice", "11", "--out", str(tmp_path / "b.png")]) == 2
    assert main(["render", str(tmp_path / "s"), "--window", "abc", "--out", str(tmp_path / "b.png")]) == 2
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("not dicom")
    assert main(["render", str(tmp_path / "junk"), "--out", str(tmp_path / "b.png")]) == 2
    err = capsys.readouterr().err
    assert "between 1 and 10" in err and "WIDTH/LEVEL" in err and "nothing to display" in err
    assert not (tmp_path / "b.png").exists()
