"""Shared by the AI screenshot tests with the demo M1 model's real output (``test_ai_screenshots_m1.py``): M1's SEGs
of the demo glioma computed once per weights version, the window with them open at the lesion M1 found, the
test-made SYNTHETIC PRIOR, and helpers that read the screen."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import generate_uid

from tests.gui.conftest import wait_loaded

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "tcga_lgg_fg_6692"
MODEL = ROOT / "resources" / "models" / "m1_demo_synthetic"
SYNTHETIC_PRIOR = "SYNTHETIC PRIOR (made by the screenshot test)"


def focus() -> np.ndarray:
    return np.array(json.loads((DEMO / "demo.json").read_text())["focus_lps_mm"], dtype=float)


@pytest.fixture(scope="module")
def m1_result():
    """``(label SEG, probability SEG, result JSON)`` of the demo model on the demo study, computed once per
    weights version (kept in the temp folder)."""
    manifest = json.loads((MODEL / "manifest.json").read_text())
    key = "-".join(w["sha256"][:10] for w in manifest["weights"])
    cache = Path(tempfile.gettempdir()) / f"cdss-m1-demo-{manifest['version']}-{key}"
    if not (cache / "result.json").exists():
        from inference.pipeline import segment_study

        work = Path(tempfile.mkdtemp(prefix="cdss-m1-demo-"))
        result = segment_study(DEMO, work, model=str(MODEL))
        (work / "result.json").write_text(json.dumps(result.to_json()))
        if not (cache / "result.json").exists():
            shutil.rmtree(cache, ignore_errors=True)  # a half-written one
        try:
            os.replace(work, cache)  # whole or not at all
        except OSError:  # another run put it there meanwhile: use theirs
            shutil.rmtree(work, ignore_errors=True)
    info = json.loads((cache / "result.json").read_text())
    seg = cache / Path(info["seg"]).name
    prob = cache / Path(info["probability_seg"]).name
    assert seg.exists() and prob.exists()
    return seg, prob, info


def lesion_point(seg, volume) -> np.ndarray:
    """Where M1 drew the demo's lesion: the centre, on the axial slice where it is largest, of the biggest
    connected part of M1's labels reaching within 40 mm of the demo's focus (the demo model finds the right
    frontal lesion, plus false positives elsewhere; the screenshots show what it found, where it found it)."""
    from viewer.io.seg import on_grid

    from scipy import ndimage

    labels = on_grid(seg.label_map(), volume)
    nk, nj, ni = labels.shape
    k, j, i = np.meshgrid(np.arange(nk), np.arange(nj), np.arange(ni), indexing="ij")
    xyz = volume.index_to_world(np.stack([i, j, k], axis=-1))
    parts, n = ndimage.label(labels > 0)
    sizes = ndimage.sum(np.ones_like(parts), parts, index=np.arange(1, n + 1))
    near = np.linalg.norm(xyz - focus(), axis=-1) < 40.0
    # the biggest labelled part that reaches within 40 mm of the focus (not a false positive beside it)
    touching = [p for p in np.unique(parts[near & (parts > 0)])]
    assert touching, "M1 labels nothing at the demo's lesion"
    lesion = parts == max(touching, key=lambda p: sizes[p - 1])
    assert lesion.sum() > 500
    best = int(np.argmax(lesion.reshape(nk, -1).sum(axis=1)))
    return xyz[best][lesion[best]].mean(axis=0)


@pytest.fixture
def m1_window(make_main_window, qtbot, m1_result):
    """The main window with the demo study and M1's two SEGs in a fresh archive, T1c maximised at the lesion
    M1 found."""
    w = make_main_window(archive="new", with_panels=True, size=(1500, 950))
    seg, prob, info = m1_result
    for f in [*sorted(DEMO.glob("*/*.dcm")), seg, prob]:
        assert w.archive.ingest_file(f).status == "stored"
    if w.browser is not None:
        w.browser.refresh()  # as an import in the window does: the study browser lists what was stored
    panel = w.docks["ai_overlays"].widget()
    w.docks["ai_overlays"].raise_()
    if "reading_worklist" in w.docks:
        w.docks["reading_worklist"].hide()  # room for the images
    study = w.archive.studies()[0].study_instance_uid
    w.controller.open_study(study, focus=focus())
    for vp in w.grid.viewports:
        wait_loaded(qtbot, vp)
    t1c = next(n for n, vp in enumerate(w.grid.viewports)
               if "POST GD" in vp.state.volume.metadata.get("series_description", "").upper())
    vp = w.grid.viewports[t1c]
    w.grid.set_active(t1c)
    qtbot.waitUntil(lambda: panel.choice.count() == 2 and sum(type(l).__name__ == "HeatmapLayer"
                                                              for l in vp.state.layers) == 1, timeout=60_000)
    w.grid.toggle_maximize(t1c)
    _ref, labels = choose(panel, fractional=False)
    point = lesion_point(labels.seg, vp.state.volume)
    w.docks["mpr"].widget().link_to_active(point)  # the 3D cursor (cyan cross) and the slices there
    vp.state.go_to_point(point)
    return w, panel, vp, info, point


def choose(panel, fractional: bool):
    """Pick M1's label SEG (``fractional=False``) or its probability SEG in the AI panel."""
    for n, (ref, overlay) in enumerate(panel.manager.overlays()):
        if (ref.segmentation_type == "FRACTIONAL") == fractional:
            panel.choice.setCurrentIndex(n)
            return ref, overlay
    raise AssertionError("M1's SEG is not in the panel")


def disclaimer_shown(label) -> bool:
    return label.isVisible() and "synthetic data" in label.text() and "not for clinical use" in label.text()


def eroded_labels(labels: np.ndarray, volume) -> np.ndarray:
    """The voxels more than 2 mm inside each label (the synthetic prior's labels)."""
    from scipy import ndimage

    sampling = [float(s) for s in volume.spacing][::-1]  # mm along k, j, i
    eroded = np.zeros_like(labels)
    for label in (1, 2, 3):
        eroded[ndimage.distance_transform_edt(labels == label, sampling=sampling) > 2.0] = label
    return eroded


def synthetic_prior(folder: Path, t1c_files, labels_on_t1c: np.ndarray, t1c_volume):
    """A copy of the demo T1c dated 183 days earlier (new study/series/instance UIDs, named SYNTHETIC PRIOR) and a
    SEG of M1's labels eroded by 2 mm on it, made by this test: NOT a real prior study."""
    from datetime import date, timedelta

    from viewer.io import load_path
    from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg

    study, series = generate_uid(), generate_uid()
    files = []
    for f in t1c_files:
        ds = pydicom.dcmread(f)
        d = date(int(ds.StudyDate[:4]), int(ds.StudyDate[4:6]), int(ds.StudyDate[6:8])) - timedelta(days=183)
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = d.strftime("%Y%m%d")
        ds.StudyDescription = SYNTHETIC_PRIOR
        ds.SeriesDescription = "SYNTHETIC PRIOR copy of AX T1 SE POST GD"
        ds.AccessionNumber = "SYNTH-PRIOR"
        out = folder / "prior" / Path(f).name
        out.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(out)
        files.append(out)
    prior = load_path(folder / "prior").volumes[0]
    eroded = eroded_labels(labels_on_t1c, t1c_volume)
    algorithm = "SYNTHETIC PRIOR: M1 labels eroded 2 mm by the test"
    specs = [SegmentSpec(1, "necrosis", (80, 80, 255), algorithm), SegmentSpec(2, "oedema", (255, 215, 0), algorithm),
             SegmentSpec(3, "enhancing", (230, 40, 40), algorithm)]
    seg = write_label_seg(eroded, source_headers(sorted(files), prior), specs, folder / "prior_seg.dcm",
                          series_description="SYNTHETIC PRIOR segmentation (test-made)", content_label="SYNTHETIC")
    return files, seg


def rano_drawn_on(labels: np.ndarray, volume, study_uid: str, lesion: str):
    """The RANO measurement a reader would draw on one study: on the axial slice where the enhancing core
    (necrosis + enhancing) of the lesion at the demo's focus is largest, the longest diameter of its outline and
    the longest perpendicular inside it (``from_contour`` on the core's convex hull), in LPS mm."""
    from scipy import ndimage
    from scipy.spatial import ConvexHull

    from viewer.measure.bidimensional import from_contour
    from viewer.measure.measurement import measure

    core = np.isin(labels, (1, 3))
    nk, nj, ni = core.shape
    parts, _n = ndimage.label(core)
    k, j, i = np.nonzero(parts > 0)
    near = np.linalg.norm(volume.index_to_world(np.stack([i, j, k], axis=-1)) - focus(), axis=-1) < 40.0
    ids, counts = np.unique(parts[k[near], j[near], i[near]], return_counts=True)
    lesion_mask = parts == ids[np.argmax(counts)]
    best = int(np.argmax(lesion_mask.reshape(nk, -1).sum(axis=1)))
    jj, ii = np.nonzero(lesion_mask[best])
    si, sj = float(volume.spacing[0]), float(volume.spacing[1])
    uv = np.stack([ii * si, jj * sj], axis=1)
    axes_uv = from_contour(uv[ConvexHull(uv).vertices])
    idx = np.stack([axes_uv[:, 0] / si, axes_uv[:, 1] / sj, np.full(4, best)], axis=1)
    points = volume.index_to_world(idx)
    normal = np.cross(points[1] - points[0], points[3] - points[2])
    return measure("bidimensional", points, normal / np.linalg.norm(normal), lesion=lesion, study_uid=study_uid)


def save_with_vtk(widget, vtk_widget, path: Path) -> None:
    """A PNG of ``widget`` (its Qt parts rendered by Qt) with the VTK widget's own pixels painted in place."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter

    from viewer.render.offscreen import capture_rgb

    vtk_widget.GetRenderWindow().Render()
    rgb = np.ascontiguousarray(capture_rgb(vtk_widget.GetRenderWindow()))
    pix = widget.grab()
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format_RGB888)
    at = vtk_widget.mapTo(widget, QPoint(0, 0))
    painter = QPainter(pix)
    painter.drawImage(at.x(), at.y(), image.scaled(vtk_widget.width(), vtk_widget.height()))
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert pix.save(str(path))
