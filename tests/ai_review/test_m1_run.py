"""Running M1 from a study of the archive through the workstation's inference service (embedded mode, the
default without a broker): clear errors (no model / a study without the four sequences), cancel stores
nothing, and a done job's SEGs are in the archive. The pipeline and the queue are tested by their own
tests."""
from __future__ import annotations

import threading

import pytest

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import image_volume
from workstation.ai_review.m1_run import M1Cancelled, M1Run, M1RunError
from workstation.archive import Archive
from workstation.inference_jobs import InferenceService


@pytest.fixture
def archive(tmp_path):
    a = Archive.open(tmp_path / "archive")
    for f in write_series(image_volume(), tmp_path / "mr", modality="MR", description="T1 post contrast"):
        a.ingest_file(f)
    yield a
    a.close()


def test_a_study_m1_cannot_run_on_is_a_clear_error_and_stores_nothing(archive, tmp_path):
    study = archive.studies()[0].study_instance_uid
    svc = InferenceService(archive, None, out_dir=tmp_path / "inbox", model=str(tmp_path / "no_such_model"))
    seen = []
    with pytest.raises(M1RunError, match="M1 could not run: .+"):
        M1Run(archive, study, service=svc, poll_s=0.05).run(progress=lambda s, f: seen.append(s))
    assert [s.modality for s in archive.series(study)] == ["MR"]  # nothing stored
    svc.close()


def test_cancel_stores_nothing(archive, tmp_path):
    study = archive.studies()[0].study_instance_uid
    svc = InferenceService(archive, None, out_dir=tmp_path / "inbox")
    stop = threading.Event()
    stop.set()
    with pytest.raises(M1Cancelled):
        M1Run(archive, study, service=svc).run(cancel=stop)
    assert [s.modality for s in archive.series(study)] == ["MR"]
    svc.close()


def test_an_archive_study_without_images_is_refused(tmp_path):
    a = Archive.open(tmp_path / "empty")
    try:
        with pytest.raises(M1RunError, match="no MR or CT series"):
            M1Run(a, "1.2.3.4", service=InferenceService(a, None, out_dir=tmp_path / "inbox")).run()
    finally:
        a.close()


DEMO_MODEL = __import__("pathlib").Path(__file__).resolve().parents[2] / "resources" / "models" / "m1_demo_synthetic"


@pytest.fixture(scope="module")
def deployment(mariadb, tmp_path_factory):
    from tests.sync.conftest import deploy

    dep = deploy(mariadb, tmp_path_factory)
    yield dep
    dep.service.stop()
    dep.engine.dispose()


@pytest.mark.skipif(not (DEMO_MODEL / "manifest.json").exists(), reason="the demo M1 model is not in this checkout")
def test_m1_on_the_demo_glioma_stores_segs_over_the_t1c_in_the_patients_right(tmp_path, deployment):
    """The whole path from the review screen's Run M1: inference service (embedded), pipeline, SEGs imported,
    read back over the T1c series; the demo's lesion is right frontal (LPS x < 0). The run is recorded as the
    CDSS's AI request and result (the real service): the label SEG's UIDs, the model's version and checksum."""
    import json

    import numpy as np
    from sqlalchemy import text

    from sync.client import SyncClient
    from workstation.ai_review.backend_runs import RunRecorder
    from workstation.db.database import LocalDatabase

    from tests.ai_review.demo_seg import DEMO, focus
    from viewer.io.seg import read_seg
    from workstation.ai_review.seg_index import study_segs

    a = Archive.open(tmp_path / "archive")
    try:
        for f in sorted(DEMO.glob("*/*.dcm")):
            a.ingest_file(f)
        study = a.studies()[0].study_instance_uid
        t1c = next(s for s in a.series(study) if "GD" in s.series_description.upper())
        stages = []
        client = SyncClient(f"sqlite:///{tmp_path / 'sync.sqlite'}", deployment.url, deployment.tokens["DOCTOR"])
        # the demo study stands for an MR study of CDSS patient 1 (the reading store would link it by its order)
        recorder = RunRecorder(LocalDatabase.of_archive(a).session_factory, client, lambda uid: (1, None), "dr.kim")
        run = M1Run(a, study, service=InferenceService(a, None, out_dir=tmp_path / "inbox"), poll_s=0.2,
                    recorder=recorder)
        out = run.run(progress=lambda s, f: stages.append(s))
        # progress is polled from the job (every 0.2 s): a stage that takes less (writing) may be passed over
        assert {"register", "inference"} <= set(stages)
        assert len(out.seg_paths) == 2 and out.model["name"] == "m1_demo_synthetic"
        refs = study_segs(a, study)
        assert {r.segmentation_type for r in refs} == {"BINARY", "FRACTIONAL"}
        assert all(r.source_series_uids == (t1c.series_instance_uid,) for r in refs)
        seg = read_seg(next(r.path for r in refs if r.segmentation_type == "BINARY"))
        assert "not for clinical use" in seg.series_description or "synthetic" in seg.series_description
        tumour = seg.label_map()
        ijk = np.argwhere(tumour.voxels > 0)[:, ::-1]
        assert len(ijk) > 100
        xyz = tumour.index_to_world(ijk)
        # the demo model is trained on synthetic data only (it also labels elsewhere): no accuracy is
        # asserted here, only that its labels come back in patient space at the lesion (right frontal)
        near = np.linalg.norm(xyz - focus(), axis=1) < 12.0
        assert near.sum() > 20, "the lesion's centre is labelled"
        mirror = np.linalg.norm(xyz - focus() * (-1, 1, 1), axis=1) < 12.0
        assert near.sum() > 3 * mirror.sum(), "at the lesion, not at its mirror image in the left"
        assert client.drain().applied == 2  # the request, then its result
        with deployment.engine.connect() as c:
            status, data = c.execute(text(
                "SELECT r.status, x.result_data FROM ai_inference_request r JOIN ai_inference_result x ON "
                "x.request_id = r.id WHERE r.job_uid=:j"), {"j": run.job_id}).one()
        data = data if isinstance(data, dict) else json.loads(data)
        label = next(r for r in refs if r.segmentation_type == "BINARY")
        assert status == "COMPLETED" and data["study_uid"] == study
        assert (data["seg_sop_instance_uid"], data["seg_series_uid"]) == (label.sop_instance_uid,
                                                                          label.series_instance_uid)
        assert sorted(data["seg_instance_uids"]) == sorted(r.sop_instance_uid for r in refs)
        assert data["volumes_ml"] == pytest.approx(out.volumes_ml, abs=1e-3)
        manifest = json.loads((DEMO_MODEL / "manifest.json").read_text())
        assert data["model"]["version"] == manifest["version"] and "synthetic" in data["model"]["disclaimer"]
        assert data["model"]["weights_sha256"] in {w["sha256"] for w in manifest["weights"]}
        client.close()
    finally:
        a.close()
