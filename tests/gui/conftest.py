"""GUI fixtures: a real Xvfb (pytest-xvfb), main windows registered with qtbot and closed after."""
from __future__ import annotations

import numpy as np
import pytest

from viewer.render.offscreen import capture_rgb


@pytest.fixture
def make_main_window(qtbot, tmp_path):
    """``make_main_window(archive=None, with_panels=False)`` → a shown ``MainWindow``; closed at teardown.
    ``archive="new"`` opens a fresh archive in a temp folder."""
    from workstation.app.main_window import MainWindow

    made = []

    def factory(archive=None, with_panels: bool = False, size=(1400, 900)):
        if archive == "new":
            from workstation.archive import Archive

            archive = Archive.open(tmp_path / f"archive{len(made)}")
        if with_panels:  # the session opens the reading service (local reader, demo orders) for the panels
            from workstation.session.builder import session_for_archive
            from workstation.session.settings import Settings

            w = MainWindow(session=session_for_archive(archive, Settings()))
            w.add_registered_panels()
        else:
            w = MainWindow(archive)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield factory
    for w in made:
        w.close()
        if w.archive is not None:
            w.archive.close()


@pytest.fixture
def viewport(qtbot):
    """A single shown ``ViewportWidget`` of 512x512."""
    from viewer.qt.viewport_widget import ViewportWidget

    vp = ViewportWidget()
    qtbot.addWidget(vp)
    vp.resize(512, 512)
    vp.show()
    qtbot.waitExposed(vp)
    yield vp
    vp.close()


def viewport_pixels(vp) -> np.ndarray:
    """What ``vp`` shows now, ``(h, w, 3)`` uint8, row 0 at the top."""
    vp.view.update_camera()
    vp.GetRenderWindow().Render()
    return capture_rgb(vp.GetRenderWindow())


def bright_centroid(rgb: np.ndarray, threshold: int = 200) -> tuple[float, float]:
    """(x, y) centroid of the bright grey (not yellow/white text) pixels, excluding the text margins."""
    h, w, _ = rgb.shape
    g = rgb.astype(int)
    mask = (g[..., 0] > threshold) & (np.abs(g[..., 0] - g[..., 2]) < 10)
    mask[: h // 10] = mask[-h // 10:] = False
    mask[:, : w // 12] = mask[:, -w // 12:] = False
    ys, xs = np.nonzero(mask)
    assert len(xs) > 20, "marker not visible"
    return float(xs.mean()), float(ys.mean())


def wait_loaded(qtbot, vp, timeout=60_000) -> None:
    qtbot.waitUntil(lambda: vp.state.volume is not None and vp.state.loaded_fraction >= 1.0
                    and len(vp.state.volume.voxels) > 0, timeout=timeout)


def mni_volume(shared_data, name: str = "t1", metadata=None):
    """The MNI152 2009a template (real brain, NIfTI RAS) as an LPS ``Volume`` [k, j, i]."""
    import nibabel as nib

    from viewer.geometry.volume import Volume

    img = nib.load(shared_data / "nifti_mni152_nilearn" / f"mni_icbm152_{name}_tal_nlin_sym_09a_converted.nii.gz")
    lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ img.affine
    spacing = np.linalg.norm(lps[:3, :3], axis=0)
    data = np.ascontiguousarray(np.asarray(img.dataobj).transpose(2, 1, 0)).astype(np.int16)
    md = {"patient_name": "MNI152^Template", "patient_id": "MNI-2009A", "study_date": "20090101",
          "series_description": f"MNI152 {name.upper()}"}
    md.update(metadata or {})
    return Volume(voxels=data, spacing=spacing, origin=lps[:3, 3], direction=lps[:3, :3] / spacing, modality="MR",
                  metadata=md)
