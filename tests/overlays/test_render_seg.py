"""``cdss-workstation render PATH --seg SEGFILE``: the SEG drawn over the slice exactly as the viewport
widget draws it (same layers, same renderer), the patient's left on the right, the legend printed, and
clear errors for a SEG of another frame of reference or a file that is no SEG."""
from __future__ import annotations

import numpy as np
import pytest

from tests.gui.conftest import viewport_pixels
from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, same_grid_labels
from viewer.io import load_path
from viewer.io.seg import read_seg
from viewer.model.seg_overlay import SegOverlay
from viewer.model.windowing import Window
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg
from workstation.cli.main import main

pytestmark = pytest.mark.gui
GREEN = (0, 200, 0)


def _png(path) -> np.ndarray:
    from PySide6.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format_RGB888)
    w, h = img.width(), img.height()
    return np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def _green(rgb) -> np.ndarray:
    return (rgb[..., 1] > 70) & (rgb[..., 0] < 40) & (rgb[..., 2] < 40)  # green at the default 0.5 opacity


@pytest.fixture
def series_and_seg(tmp_path):
    files = write_series(image_volume(), tmp_path / "mr", modality="MR")
    source = load_path(tmp_path / "mr").volumes[0]
    seg = write_label_seg(same_grid_labels().voxels, source_headers(files, source),
                          [SegmentSpec(1, "lesion", GREEN, "test 1")], tmp_path / "seg.dcm", series_description="test")
    return tmp_path / "mr", source, seg


def test_render_with_seg_matches_the_viewport(series_and_seg, tmp_path, viewport, capsys):
    folder, source, seg = series_and_seg
    z = float(LEFT_BOX_CENTRE[2])
    rc = main(["render", str(folder), "--seg", str(seg), "--position", f"{z}", "--window", "400/300",
               "--size", "512x512", "--out", str(tmp_path / "out.png")])
    assert rc == 0
    out = capsys.readouterr().out
    ml = same_grid_labels().voxels.sum() / 1000.0
    assert f"lesion — {ml:.1f} mL" in out
    rendered = _png(tmp_path / "out.png")
    green = _green(rendered)
    assert green.sum() > 200
    assert np.nonzero(green)[1].min() > 256, "patient left on the screen's right"
    # the widget, given the same series, slice, window and SEG, shows the same pixels
    viewport.state.set_volume(source)
    viewport.state.go_to_position(z)
    viewport.state.set_window(Window(400, 300))
    SegOverlay(read_seg(seg, source=source)).add_to(viewport.state.layers)
    shown = viewport_pixels(viewport)
    assert shown.shape == rendered.shape
    assert (_green(shown) ^ green).sum() < 0.02 * green.sum()
    assert np.abs(shown.astype(int) - rendered.astype(int)).mean() < 2.0


def test_render_refuses_a_seg_of_another_frame_of_reference_and_a_non_seg(series_and_seg, tmp_path, capsys):
    folder, _source, _seg = series_and_seg
    files = write_series(image_volume(), tmp_path / "other", modality="MR")  # a new frame of reference
    other = load_path(tmp_path / "other").volumes[0]
    foreign = write_label_seg(same_grid_labels().voxels, source_headers(files, other), [SegmentSpec(1, "x")],
                              tmp_path / "foreign.dcm", series_description="other")
    rc = main(["render", str(folder), "--seg", str(foreign), "--out", str(tmp_path / "a.png")])
    assert rc == 2 and "another frame of reference" in capsys.readouterr().err
    rc = main(["render", str(folder), "--seg", str(files[0]), "--out", str(tmp_path / "b.png")])
    assert rc == 2 and "not a readable DICOM SEG" in capsys.readouterr().err
    assert not (tmp_path / "a.png").exists() and not (tmp_path / "b.png").exists()
