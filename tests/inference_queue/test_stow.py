"""A job that names a PACS sends its SEGs there by STOW-RS (a real Orthanc with DICOMweb); a retried job
sends the same SOP instances again and the PACS still holds one copy of each."""
from __future__ import annotations

import pydicom
import pytest

from tests.harness.orthanc import OrthancServer


def test_job_stows_its_segs_to_the_pacs_once_even_when_run_again(studies, tmp_path, monkeypatch):
    from inference.queue.job import JobError, run_job

    with OrthancServer(tmp_path / "orthanc") as pacs:
        auth = tmp_path / "stow-auth"
        auth.write_text(f"{pacs.user}:{pacs.password}\n")
        auth.chmod(0o600)
        monkeypatch.setenv("CDSS_INFERENCE_STOW_AUTH_FILE", str(auth))
        uid, folder = studies[3]
        job = {"study_uid": uid, "inputs": [str(folder)], "out_dir": str(tmp_path / "segs"), "model": "tiny",
               "stow_url": pacs.dicomweb_url}
        first = run_job(job)
        again = run_job(job)  # what a retry after a worker died does
        assert first["stowed_to"] == again["stowed_to"] == pacs.dicomweb_url and again["reused"]
        stored = pacs.get("/instances")
        assert len(stored) == 2
        sops = {pydicom.dcmread(first[k], stop_before_pixels=True).SOPInstanceUID for k in ("seg", "probability_seg")}
        tags = [pacs.get(f"/instances/{i}/simplified-tags") for i in stored]
        assert {t["SOPInstanceUID"] for t in tags} == sops and {t["StudyInstanceUID"] for t in tags} == {uid}
        bad = dict(job, stow_url=pacs.url + "/no-such-dicom-web")
        with pytest.raises(JobError, match="the SEG is written .* but sending it to the PACS at .* failed"):
            run_job(bad)
