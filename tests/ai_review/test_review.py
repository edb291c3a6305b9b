"""Accept / reject an AI segmentation: stored (who, when, model, SEG), audited in the hash chain, queued in the
sync outbox as the AI result's review (and applied by the real sync service), never deleted; an edited label
map becomes a new SEG version that references the original; the brush and eraser work in patient mm."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import text

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import LEFT_BOX_CENTRE, image_volume, same_grid_labels
from viewer.io import load_path
from viewer.io.seg import on_grid, read_seg
from viewer.model.label_edit import LabelEditor
from workstation.ai_review.seg_index import seg_ref, study_segs
from workstation.ai_review.seg_version import SegmentSpec, derived_from_uid, source_headers, write_label_seg
from workstation.ai_review.service import ReviewError, ReviewService
from workstation.archive import Archive
from workstation.db.database import LocalDatabase
from workstation.reading.audit import AuditLog
from workstation.reading.roles import Role

GREEN = (0, 200, 0)


@pytest.fixture
def study(tmp_path):
    archive = Archive.open(tmp_path / "archive")
    files = write_series(image_volume(), tmp_path / "mr", modality="MR", patient_id="P-19")
    source = load_path(tmp_path / "mr").volumes[0]
    seg_path = write_label_seg(same_grid_labels().voxels, source_headers(files, source),
                               [SegmentSpec(1, "enhancing tumour", GREEN, "demo-m1 0.3.1")], tmp_path / "seg.dcm",
                               series_description="M1 tumour SEG")
    for f in [*files, seg_path]:
        archive.ingest_file(f)
    db = LocalDatabase.of_archive(archive)
    yield SimpleNamespace(archive=archive, db=db, source=source, files=files, tmp=tmp_path,
                          study_uid=source.study_instance_uid)
    archive.close()


def _service(study, role=Role.DOCTOR, sync=None, name="dr.kim"):
    audit = AuditLog(study.db.session_factory, "ws-test")
    user = SimpleNamespace(username=name, role=role)
    return ReviewService(study.db.session_factory, audit, user, archive=study.archive, sync=sync), audit


def test_accept_and_reject_are_stored_audited_and_rejected_stays(study):
    svc, audit = _service(study)
    (ref,) = study_segs(study.archive, study.study_uid)
    seg = read_seg(ref.path)
    with pytest.raises(ReviewError, match="say why"):
        svc.review(ref, seg, "rejected", "")  # a rejection needs its reason
    r = svc.review(ref, seg, "rejected", "misses the anterior enhancing rim", study_date="20260101")
    assert (r.decision, r.reviewer, r.model_name, r.model_version) == ("rejected", "dr.kim", "demo-m1", "0.3.1")
    assert r.seg_sop_instance_uid == ref.sop_instance_uid and r.patient_id == "P-19"
    assert r.volumes_ml == {"enhancing tumour": pytest.approx(same_grid_labels().voxels.sum() / 1000.0)}
    assert not r.queued  # no backend result to attach it to
    # the rejected SEG is still in the archive and still reads
    assert study_segs(study.archive, study.study_uid)[0].sop_instance_uid == ref.sop_instance_uid
    assert svc.latest(ref.sop_instance_uid).decision == "rejected"
    later = svc.review(ref, seg, "accepted", "on second look, fine")
    assert svc.latest(ref.sop_instance_uid).id == later.id
    assert [h.decision for h in svc.history(ref.sop_instance_uid)] == ["rejected", "accepted"]
    entries = sorted((e for e in audit.entries() if e.action == "ai_review"), key=lambda e: e.id)
    assert len(entries) == 2 and entries[0].username == "dr.kim" and entries[0].patient_number == "P-19"
    assert "rejected" in entries[0].detail and "demo-m1 0.3.1" in entries[0].detail
    assert "misses the anterior enhancing rim" in entries[0].detail
    assert audit.verify().ok  # the hash chain holds


def test_a_role_that_may_not_view_images_may_not_review_and_the_refusal_is_audited(study):
    svc, audit = _service(study, role=Role.NURSE, name="nurse.lee")
    (ref,) = study_segs(study.archive, study.study_uid)
    with pytest.raises(ReviewError, match="may not review"):
        svc.review(ref, read_seg(ref.path), "accepted")
    assert svc.latest(ref.sop_instance_uid) is None
    assert max(audit.entries(), key=lambda e: e.id).action == "permission_denied"


def test_an_edited_label_map_is_a_new_seg_version_referencing_the_original(study):
    svc, _ = _service(study)
    (ref,) = study_segs(study.archive, study.study_uid)
    seg = read_seg(ref.path, source=study.source)
    editor = LabelEditor(study.source.with_voxels(on_grid(seg.label_map(), study.source)), seg.colors())
    before = int((editor.labels == 1).sum())
    right = LEFT_BOX_CENTRE * (-1, 1, 1)  # the same place in the patient's RIGHT
    painted = editor.paint(right, 4.0, 1, normal=(0, 0, 1))
    assert painted > 30  # a 4 mm disc on a 1 mm grid: ~50 voxels, on one slice
    assert len(np.unique(np.nonzero(editor.labels != editor.original)[0])) == 1  # one slice of the axial grid
    erased = editor.erase(LEFT_BOX_CENTRE, 3.0, normal=(0, 0, 1))
    assert erased > 10
    assert editor.undo() and int((editor.labels == 1).sum()) == before + painted
    editor.erase(LEFT_BOX_CENTRE, 3.0, normal=(0, 0, 1))
    new_path = svc.save_edited(ref, seg, editor.labels, study.source, study.files, study.tmp / "edits")
    new_ref = seg_ref(new_path)
    assert derived_from_uid(new_path) == ref.sop_instance_uid == new_ref.derived_from
    assert new_ref.source_series_uids == ref.source_series_uids
    assert len(study_segs(study.archive, study.study_uid)) == 2  # the original is kept beside it
    edited = read_seg(new_path)
    assert edited.segments[0].label == "enhancing tumour"
    back = on_grid(edited.label_map(), study.source)
    np.testing.assert_array_equal(back, editor.labels)  # geometry and labels survive the round trip
    painted_at = study.source.world_to_index(right).round().astype(int)
    assert back[painted_at[2], painted_at[1], painted_at[0]] == 1  # the paint is in the patient's right
    r = svc.review(new_ref, edited, "accepted", "trimmed the rim", edited_from=ref.path)
    assert r.seg_sop_instance_uid == ref.sop_instance_uid
    assert r.edited_seg_sop_instance_uid == new_ref.sop_instance_uid
    assert svc.latest(new_ref.sop_instance_uid).id == r.id == svc.latest(ref.sop_instance_uid).id


@pytest.fixture(scope="module")
def deployment(mariadb, tmp_path_factory):
    from tests.sync.conftest import deploy

    dep = deploy(mariadb, tmp_path_factory)
    yield dep
    dep.service.stop()
    dep.engine.dispose()


def test_a_review_is_queued_and_reaches_the_backend_ai_result(study, deployment):
    from sync.client import SyncClient
    from sync.client.backoff import Backoff

    client = SyncClient(f"sqlite:///{study.tmp / 'sync.sqlite'}", deployment.url, deployment.tokens["DOCTOR"],
                        backoff=Backoff(base=0.01, cap=0.05))
    try:
        svc, _ = _service(study, sync=client)
        (ref,) = study_segs(study.archive, study.study_uid)
        with deployment.engine.connect() as c:
            result_id, version = c.execute(text("SELECT id, version FROM ai_inference_result "
                                                "WHERE review_status='pending' ORDER BY id LIMIT 1")).one()
        r = svc.review(ref, read_seg(ref.path), "rejected", "oedema over-called", remote_result_id=result_id,
                       base_version=version)
        assert r.queued and r.remote_result_id == result_id
        assert client.drain().applied == 1
        with deployment.engine.connect() as c:
            row = c.execute(text("SELECT review_status, review_comment FROM ai_inference_result WHERE id=:i"),
                            {"i": result_id}).one()
        assert tuple(row) == ("rejected", "oedema over-called")
    finally:
        client.close()
