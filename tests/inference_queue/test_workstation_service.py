"""The workstation's inference service: a study in its archive → job (in-process or on a worker) → the
SEG imported into the same archive, in the same study."""
from __future__ import annotations

import pydicom
import pytest

from inference.queue.client import DONE


@pytest.fixture
def archive_with_study(tmp_path, studies):
    from workstation.archive.api import Archive
    from workstation.importer.job import run_import

    archive = Archive.open(tmp_path / "archive")
    uid, folder = studies[1]
    report = run_import(archive, [folder])
    assert report.ok and report.imported > 0
    yield archive, uid


def _seg_series(archive, uid):
    return [s for s in archive.series(uid) if s.modality == "SEG"]


def test_no_broker_configured_runs_in_process_and_the_seg_lands_in_the_archive(archive_with_study):
    from workstation.inference_jobs import InferenceService
    from workstation.site_config import SiteConfig

    archive, uid = archive_with_study
    svc = InferenceService.from_site_config(archive, SiteConfig(), model="tiny")
    assert svc.embedded
    jid = svc.submit(uid)
    assert svc.submit(uid) == jid  # a second click on "Run M1" is the same job
    st = svc.wait(jid, timeout=180)
    assert st.state == DONE, st.text()
    report = svc.collect(jid)
    assert report.ok and report.imported == 2  # labels SEG + probability SEG
    assert svc.collect(jid) is report
    segs = _seg_series(archive, uid)
    assert len(segs) == 2
    files = [f for s in segs for f in archive.series_files(s.series_instance_uid)]
    types = sorted(pydicom.dcmread(f, stop_before_pixels=True).SegmentationType for f in files)
    assert types == ["BINARY", "FRACTIONAL"]
    svc.close()


def test_broker_from_the_site_config_sends_the_job_to_a_worker(archive_with_study, redis_server, workers):
    from workstation.inference_jobs import InferenceService
    from workstation.site_config import SiteConfig

    archive, uid = archive_with_study
    svc = InferenceService.from_site_config(archive, SiteConfig(broker_url=redis_server.url()), model="tiny")
    assert not svc.embedded
    jid = svc.submit(uid)
    assert svc.status(jid).state == "queued" and svc.figures().depth["gpu"] == 1
    workers.start("w1")
    st = svc.wait(jid, timeout=180)
    assert st.state == DONE, st.text() + workers.log_text()
    assert svc.collect(jid).imported == 2 and len(_seg_series(archive, uid)) == 2
    with pytest.raises(ValueError, match="no MR or CT series of study 9.9.9"):
        svc.submit("9.9.9")
    svc.close()
