"""Tumour volume over time: each label's mL by study date from each study's accepted SEG (a rejected or
superseded decision does not count, an edited version's volumes do), and the plot draws one line per label
going up where the volume grows."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import image_volume, label_volume
from viewer.io import load_path
from viewer.io.seg import read_seg
from workstation.ai_review.seg_index import study_segs
from workstation.ai_review.seg_version import SegmentSpec, source_headers, write_label_seg
from workstation.ai_review.service import ReviewService
from workstation.ai_review.volume_history import change_text, volume_history
from workstation.archive import Archive
from workstation.db.database import LocalDatabase
from workstation.reading.audit import AuditLog
from workstation.reading.roles import Role

#: (study date, half size of the enhancing box in mm, of the oedema box): a tumour that grows
VISITS = [("20250110", 4.0, 9.0), ("20250412", 6.0, 12.0), ("20250715", 9.0, 14.0)]


def _box(half):
    c = (25.0, -9.0, 7.0)
    return tuple((c[a] - half, c[a] + half) for a in range(3))


@pytest.fixture
def patient(tmp_path):
    """Three studies of one patient, each with a two-label SEG (oedema around an enhancing core)."""
    archive = Archive.open(tmp_path / "archive")
    for date, core, oedema in VISITS:
        vol = image_volume()
        vol.metadata["study_date"] = date
        files = write_series(vol, tmp_path / date, modality="MR", patient_id="P-7")
        for f in files:
            import pydicom

            ds = pydicom.dcmread(f)
            ds.StudyDate = date
            ds.save_as(f)
        source = load_path(tmp_path / date).volumes[0]
        grid = ((101, 101, 61), (1.0, 1.0, 1.0), np.eye(3), (0.0, 0.0, 0.0))
        labels = label_volume(*grid, box=_box(oedema), label=2).voxels
        labels[label_volume(*grid, box=_box(core), label=1).voxels == 1] = 1
        seg = write_label_seg(labels, source_headers(files, source),
                              [SegmentSpec(1, "enhancing", (230, 40, 40), "demo-m1 0.3"),
                               SegmentSpec(2, "oedema", (255, 215, 0), "demo-m1 0.3")],
                              tmp_path / f"{date}.seg.dcm", series_description="M1 SEG")
        for f in [*files, seg]:
            archive.ingest_file(f)
    db = LocalDatabase.of_archive(archive)
    svc = ReviewService(db.session_factory, AuditLog(db.session_factory, "ws"),
                        SimpleNamespace(username="dr.kim", role=Role.DOCTOR), archive=archive)
    yield archive, svc
    archive.close()


def _segs(archive):
    out = []
    for st in sorted(archive.studies(), key=lambda s: s.study_date):
        (ref,) = study_segs(archive, st.study_instance_uid)
        out.append((st, ref, read_seg(ref.path)))
    return out


def test_volumes_by_date_from_accepted_segs_only(patient):
    archive, svc = patient
    (s1, r1, g1), (s2, r2, g2), (s3, r3, g3) = _segs(archive)
    svc.review(r1, g1, "accepted")
    svc.review(r2, g2, "accepted")
    svc.review(r2, g2, "rejected", "core overestimated")  # the latest decision on visit 2: it drops out
    svc.review(r3, g3, "accepted")
    history = volume_history(svc.patient_reviews("P-7"))
    assert sorted(history) == ["enhancing", "oedema"]
    enh = history["enhancing"]
    assert [p.study_date for p in enh] == ["20250110", "20250715"]
    assert [p.volume_ml for p in enh] == [pytest.approx(g1.segment(1).volume_ml, abs=1e-3),
                                          pytest.approx(g3.segment(1).volume_ml, abs=1e-3)]
    assert enh[1].volume_ml > enh[0].volume_ml
    assert change_text(enh).startswith("+") and "since 2025-01-10" in change_text(enh)
    svc.review(r2, g2, "accepted", "on review, fine")
    assert [p.study_date for p in volume_history(svc.patient_reviews("P-7"))["oedema"]] == \
        ["20250110", "20250412", "20250715"]
    assert volume_history(svc.patient_reviews("nobody")) == {}


@pytest.mark.gui
def test_the_plot_draws_a_rising_line_per_label(patient, qtbot, tmp_path):
    from workstation.ui.ai_volume_plot import TumourVolumePlot

    archive, svc = patient
    for _st, ref, seg in _segs(archive):
        svc.review(ref, seg, "accepted")
    plot = TumourVolumePlot()
    qtbot.addWidget(plot)
    plot.resize(640, 360)
    plot.set_history(volume_history(svc.patient_reviews("P-7")))
    plot.show()
    qtbot.waitExposed(plot)
    img = plot.grab().toImage()
    img.save(str(tmp_path / "tumour-volume.png"))
    w, h = img.width(), img.height()
    arr = np.array([[img.pixelColor(x, y).getRgb()[:3] for x in range(w)] for y in range(h)], dtype=int)
    # the oedema line (palette colour 2: green) rises from left to right: its pixels on the right are higher
    colour = np.array(plot.colour(1).getRgb()[:3])
    mask = np.abs(arr - colour).sum(axis=2) < 40
    mask[:40] = False  # not the legend line at the top
    ys, xs = np.nonzero(mask)
    assert len(xs) > 50
    left, right = ys[xs < np.percentile(xs, 25)].mean(), ys[xs > np.percentile(xs, 75)].mean()
    assert right < left - 20, "a growing tumour's line goes up"
