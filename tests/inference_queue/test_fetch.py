"""Worker-side fetch: a job names the study by UIDs and a source; the worker gets the images itself — from the
PACS by WADO-RS (a real Orthanc with DICOMweb, a real redis-server and Celery worker) or from the archive's
database (read only) and storage — and the SEG reaches the PACS and comes back into the workstation's archive."""
from __future__ import annotations

import pydicom
import pytest

from inference.queue.client import DONE, FAILED
from tests.harness.orthanc import OrthancServer


@pytest.fixture
def archive_with_study(tmp_path, studies):
    from workstation.archive.api import Archive
    from workstation.importer.job import run_import

    archive = Archive.open(tmp_path / "archive")
    uid, folder = studies[2]
    assert run_import(archive, [folder]).ok
    yield archive, uid, folder
    archive.close()


def _seg_series(archive, uid):
    return [s for s in archive.series(uid) if s.modality == "SEG"]


def test_job_with_only_uids_and_a_dicomweb_source_puts_the_seg_in_the_pacs_and_back_in_the_archive(
        archive_with_study, redis_server, workers, tmp_path, monkeypatch):
    from workstation.inference_jobs import InferenceService

    archive, uid, folder = archive_with_study
    with OrthancServer(tmp_path / "orthanc") as pacs:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            pacs.upload(f)
        auth = tmp_path / "pacs-auth"
        auth.write_text(f"{pacs.user}:{pacs.password}\n")
        auth.chmod(0o600)
        worker_out = tmp_path / "worker-out"  # the worker's own folder: not shared with the workstation
        monkeypatch.setenv("CDSS_INFERENCE_DICOMWEB_AUTH_FILE", str(auth))
        monkeypatch.setenv("CDSS_INFERENCE_STOW_AUTH_FILE", str(auth))
        monkeypatch.setenv("CDSS_INFERENCE_OUT_DIR", str(worker_out))
        workers.start("w1")
        before = len(pacs.get("/instances"))
        svc = InferenceService(archive, redis_server.url(), model="tiny", fetch="dicomweb",
                               dicomweb_url=pacs.dicomweb_url, stow_url=pacs.dicomweb_url, pacs_auth=pacs.auth)
        jid = svc.submit(uid)
        st = svc.wait(jid, timeout=240)
        assert st.state == DONE, st.text() + workers.log_text()
        job = svc.client.app.AsyncResult(jid).args[0]  # what travelled through Redis
        assert job["inputs"] == [] and job["out_dir"] == "" and job["source"] == {"dicomweb": {"url": pacs.dicomweb_url}}
        assert set(job["series_uids"]) == {s.series_instance_uid for s in archive.series(uid) if s.modality == "MR"}
        # the SEGs are in the PACS, in the study
        assert len(pacs.get("/instances")) == before + 2
        seg_sops = {sop for _series, sop in st.result["seg_uids"]}
        tags = [pacs.get(f"/instances/{i}/simplified-tags") for i in pacs.get("/instances")]
        stored = {t["SOPInstanceUID"] for t in tags if t.get("Modality") == "SEG"}
        assert stored == seg_sops and {t["StudyInstanceUID"] for t in tags} == {uid}
        assert st.result["seg"].startswith(str(worker_out))
        assert not list(worker_out.glob(".inference-*"))  # the fetched images went with the job's temp folder
        # ... and back in the archive (fetched from the PACS: the worker's folder is not ours), as "Run M1" does
        from workstation.ai_review.m1_run import M1Run

        outcome = M1Run(archive, uid, service=svc, poll_s=0.1).run()  # the same study again: the same, done job
        assert len(outcome.seg_paths) == 2 and svc.collect(jid).imported == 2
        segs = _seg_series(archive, uid)
        files = [f for s in segs for f in archive.series_files(s.series_instance_uid)]
        assert {str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID) for f in files} == seg_sops
        svc.close()


def test_job_with_an_archive_source_reads_the_archive_database_and_storage(archive_with_study, tmp_path):
    from inference.queue.job import InputMissing, run_job
    from workstation.inference_jobs import InferenceService

    archive, uid, _folder = archive_with_study
    svc = InferenceService(archive, None, model="tiny", fetch="archive", out_dir=tmp_path / "inbox")
    source = svc.job_source()["archive"]
    assert source["database_url"].startswith("sqlite:") and source["storage"] == str(archive.store.root)
    jid = svc.submit(uid)
    st = svc.wait(jid, timeout=180)
    assert st.state == DONE, st.text()
    assert svc.collect(jid).imported == 2 and len(_seg_series(archive, uid)) == 2
    svc.close()
    with pytest.raises(InputMissing, match="holds no MR or CT series of study 9.8.7"):
        run_job({"study_uid": "9.8.7", "source": {"archive": source}, "out_dir": str(tmp_path / "x"), "model": "tiny"})
    moved = dict(source, storage=str(tmp_path / "not-mounted"))
    with pytest.raises(InputMissing, match="input not found on the inference server"):
        run_job({"study_uid": uid, "source": {"archive": moved}, "out_dir": str(tmp_path / "y"), "model": "tiny"})


def test_a_pacs_without_the_study_fails_the_job_with_the_reason(tmp_path, monkeypatch):
    from inference.queue.client import InferenceClient

    with OrthancServer(tmp_path / "orthanc") as pacs:
        auth = tmp_path / "pacs-auth"
        auth.write_text(f"{pacs.user}:{pacs.password}\n")
        auth.chmod(0o600)
        monkeypatch.setenv("CDSS_INFERENCE_DICOMWEB_AUTH_FILE", str(auth))
        c = InferenceClient(None)
        jid = c.submit("1.2.826.0.1.99", None, str(tmp_path / "out"), "tiny",
                       source={"dicomweb": {"url": pacs.dicomweb_url}})
        st = c.wait(jid, timeout=60)
        c.close()
    assert st.state == FAILED and "holds no MR or CT series of study 1.2.826.0.1.99" in st.error


def test_worker_reads_an_archive_on_mariadb_with_its_own_password_file(studies, redis_server, workers, tmp_path,
                                                                       monkeypatch):
    """The shared archive database (real MariaDB): the job carries its URL without the password; the worker (a
    real Celery worker) has the password in its own file, reads the tables read only and segments the study."""
    from tests.harness.mariadb import MariaDBServer
    from workstation.archive.api import Archive
    from workstation.importer.job import run_import
    from workstation.inference_jobs import InferenceService

    uid, folder = studies[1]
    with MariaDBServer(tmp_path / "mariadb") as db:
        archive = Archive.open(tmp_path / "archive", database_url=db.create_database("archive"))
        try:
            assert run_import(archive, [folder]).ok
            pw = tmp_path / "archive-db.pw"
            pw.write_text(db.password + "\n")
            pw.chmod(0o600)
            monkeypatch.setenv("CDSS_INFERENCE_ARCHIVE_PASSWORD_FILE", str(pw))
            workers.start("w1")
            svc = InferenceService(archive, redis_server.url(), model="tiny", fetch="archive")
            jid = svc.submit(uid)
            st = svc.wait(jid, timeout=240)
            assert st.state == DONE, st.text() + workers.log_text()
            job = svc.client.app.AsyncResult(jid).args[0]
            assert job["inputs"] == [] and db.password not in str(job)  # no secret in Redis
            assert job["source"]["archive"]["database_url"].startswith("mysql+pymysql://test@127.0.0.1:")
            assert svc.collect(jid).imported == 2 and len(_seg_series(archive, uid)) == 2
            svc.close()
        finally:
            archive.close()


def test_job_with_a_cget_source_fetches_the_study_by_dimse_from_the_pacs(archive_with_study, tmp_path, monkeypatch):
    """A PACS without DICOMweb: the site config's [inference] fetch = "cget" names a [[pacs]] node; the job
    carries its host/port/AE title and the job's runner C-GETs the study (real Orthanc, DIMSE)."""
    from workstation.inference_jobs import InferenceService
    from workstation.site_config import PacsNode, SiteConfig

    archive, uid, folder = archive_with_study
    with OrthancServer(tmp_path / "orthanc", modalities={"inference": ("CDSSINFER", "127.0.0.1", 11190)}) as pacs:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            pacs.upload(f)
        cfg = SiteConfig(inference_fetch="cget", inference_pacs="pacs",
                         pacs=[PacsNode(name="pacs", ae_title=pacs.aet, host="127.0.0.1", port=pacs.dicom_port)])
        svc = InferenceService.from_site_config(archive, cfg, model="tiny")
        assert svc.job_source() == {"cget": {"host": "127.0.0.1", "port": pacs.dicom_port, "ae_title": pacs.aet}}
        jid = svc.submit(uid)
        st = svc.wait(jid, timeout=180)
        assert st.state == DONE, st.text()
        assert svc.collect(jid).imported == 2 and len(_seg_series(archive, uid)) == 2
        svc.close()
        # an AE title the PACS does not know is refused with the reason
        from inference.queue.job import InputMissing, run_job

        monkeypatch.setenv("CDSS_INFERENCE_AE_TITLE", "STRANGER")
        with pytest.raises(InputMissing, match="refused the query from STRANGER .*is STRANGER known to it"):
            run_job({"study_uid": uid, "source": svc.job_source(), "out_dir": str(tmp_path / "x"), "model": "tiny"})
