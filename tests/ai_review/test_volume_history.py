"""Tumour volume over time: each label's mL by study date from each study's accepted SEG (a rejected or
superseded decision does not count, an edited version's volumes do), the patient's RANO sum of products by
study date from the measurement store (never another patient's), and the plot draws one line per label going
up where the volume grows, with the RANO sums in a plot below."""
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
from viewer.measure.measurement import measure
from workstation.ai_review.volume_history import (change_text, rano_change_text, rano_history, study_dates,
                                                  volume_history)
from workstation.archive import Archive
from workstation.db.database import LocalDatabase
from workstation.measurements.lesions import Lesion
from workstation.measurements.store import MeasurementStore
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


def _bidim(study_uid, lesion, long, short):
    """A RANO bidimensional measurement (long x short mm) of ``lesion`` on an axial plane of the study."""
    return measure("bidimensional", [[10, -20, 7], [10 + long, -20, 7], [10 + long / 2, -20 - short / 2, 7],
                                     [10 + long / 2, -20 + short / 2, 7]], [0, 0, 1], lesion=lesion, study_uid=study_uid)


def _study_of(tmp_path, archive, patient_id, date):
    import pydicom

    files = write_series(image_volume(), tmp_path / f"{patient_id}-{date}", modality="MR", patient_id=patient_id)
    for f in files:
        ds = pydicom.dcmread(f)
        ds.StudyDate = date
        ds.save_as(f)
        archive.ingest_file(f)
    return next(s for s in archive.studies(patient_id) if s.study_date == date)


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
    store, *_ = _measured(archive, tmp_path)
    plot = TumourVolumePlot()
    qtbot.addWidget(plot)
    plot.resize(640, 480)
    plot.set_history(volume_history(svc.patient_reviews("P-7")), rano=rano_history(store, archive, "P-7"))
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
    # the RANO sums: their own legend and a line in the plot below the volumes, rising too (320 → 588 mm²)
    from workstation.ui.ai_volume_plot import RANO_COLOUR

    assert any(t.startswith("RANO sum of products (mm²), target lesions: 2") and "+268 mm²" in t
               for t in plot.legend_texts), plot.legend_texts
    rmask = np.abs(arr - np.array(RANO_COLOUR)).sum(axis=2) < 40
    ys, xs = np.nonzero(rmask)
    assert len(xs) > 50
    assert ys.min() > np.nonzero(mask)[0].max() - 5, "the RANO line is in the plot below the volumes"
    body = xs > xs.min() + 40  # not the legend's short line
    left, right = ys[body & (xs < np.percentile(xs[body], 25))].mean(), ys[body & (xs > np.percentile(xs[body], 75))].mean()
    assert right < left - 10, "a growing sum of products goes up"


def _measured(archive, tmp_path):
    """P-7 with two target lesions measured on its first and last study; P-9, another patient, with a lesion
    of the same name measured (much larger) on a study of its own dated between them."""
    store = MeasurementStore.of(archive)
    (s1, r1, g1), (s2, r2, g2), (s3, r3, g3) = _segs(archive)
    for name in ("T1 right temporal", "T2 left frontal"):
        store.add_lesion("P-7", Lesion(name))
    for st, (a, b) in ((s1, ((20, 12), (10, 8))), (s3, ((26, 18), (12, 10)))):
        store.save(_bidim(st.study_instance_uid, "T1 right temporal", *a), "P-7")
        store.save(_bidim(st.study_instance_uid, "T2 left frontal", *b), "P-7")
    other = _study_of(tmp_path, archive, "P-9", "20250301")
    store.add_lesion("P-9", Lesion("T1 right temporal"))
    store.save(_bidim(other.study_instance_uid, "T1 right temporal", 60, 50), "P-9")
    return store, (s1, r1, g1), (s2, r2, g2), (s3, r3, g3), other


def test_rano_sums_beside_the_volumes_of_the_same_patient_only(patient, tmp_path):
    archive, svc = patient
    store, (s1, r1, g1), (s2, r2, g2), (s3, r3, g3), other = _measured(archive, tmp_path)
    svc.review(r1, g1, "accepted")
    svc.review(r3, g3, "accepted")
    history = volume_history(svc.patient_reviews("P-7"))
    rano = rano_history(store, archive, "P-7")
    # both series on both studies, each at its study's date
    assert [p.study_date for p in history["enhancing"]] == ["20250110", "20250715"]
    assert [(p.study_date, p.study_instance_uid) for p in rano] == \
        [("20250110", s1.study_instance_uid), ("20250715", s3.study_instance_uid)]
    assert [p.spd_mm2 for p in rano] == [pytest.approx(20 * 12 + 10 * 8, abs=0.01),
                                         pytest.approx(26 * 18 + 12 * 10, abs=0.01)]
    assert all(p.targets == 2 for p in rano)
    assert rano_change_text(rano).startswith("+268 mm²") and "since 2025-01-10" in rano_change_text(rano)
    # P-9's study and its 3000 mm² lesion (same lesion name) are not P-7's
    assert other.study_instance_uid not in {p.study_instance_uid for p in rano}
    assert max(p.spd_mm2 for p in rano) < 1000
    assert [p.spd_mm2 for p in rano_history(store, archive, "P-9")] == [pytest.approx(3000, abs=0.01)]
    assert study_dates(history, rano) == ["20250110", "20250715"]
    # a study with volumes but no measurements, and one with measurements but no accepted SEG: both dated
    svc.review(r2, g2, "accepted")
    svc.review(r3, g3, "rejected", "core overestimated")
    for name, (a, b) in (("T1 right temporal", (22, 14)), ("T2 left frontal", (11, 9))):
        store.save(_bidim(s2.study_instance_uid, name, a, b), "P-7")
    history, rano = volume_history(svc.patient_reviews("P-7")), rano_history(store, archive, "P-7")
    assert [p.study_date for p in history["enhancing"]] == ["20250110", "20250412"]
    assert [p.study_date for p in rano] == ["20250110", "20250412", "20250715"]
    assert study_dates(history, rano) == ["20250110", "20250412", "20250715"]
    assert rano_history(store, archive, "nobody") == [] and rano_history(None, archive, "P-7") == []


def test_a_study_with_a_target_not_measured_has_no_sum(patient, tmp_path):
    archive, _svc = patient
    store, (s1, *_), (s2, *_), (s3, *_), _other = _measured(archive, tmp_path)
    store.save(_bidim(s2.study_instance_uid, "T1 right temporal", 22, 14), "P-7")  # T2 not measured on visit 2
    assert [p.study_date for p in rano_history(store, archive, "P-7")] == ["20250110", "20250715"]
