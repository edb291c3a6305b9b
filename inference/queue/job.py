"""One inference job, run the same way by a Celery worker and in-process (the embedded default).

A job is a JSON-able dict::

    {"study_uid": "1.2.3...",                 # the study, by UID (checked against the files)
     "inputs": ["/archive/storage/1.2.3/"],   # files or folders of the study, as the worker host sees them, or
     "source": {"archive": {"database_url": "mysql+pymysql://cdss@db/cdss", "storage": "/srv/archive/store"}},
     #   or {"dicomweb": {"url": "https://pacs/dicom-web"}} or {"cget": {"host", "port", "ae_title"}}:
     #   the worker finds/fetches the files (fetch.py, fetch_cget.py)
     "series_uids": ["1.2.3.4", ...],         # optional: only these series (default: the study's MR and CT)
     "out_dir": "/archive/inbox/seg",         # where the SEGs go (a shared folder the archive imports from);
                                              #   empty: the worker's CDSS_INFERENCE_OUT_DIR
     "model": "m1_demo_synthetic",            # model name (CDSS_MODELS_PATH) or folder
     "model_version": "0.1.0",                # optional: checked against the model the worker has
     "device": "auto",                        # auto | cpu | cuda
     "stow_url": "https://pacs/dicom-web"}    # optional: also STOW-RS the SEGs to the PACS

Exactly-once output: the SEGs get a deterministic name per (study, model, version) —
``<study>_<model>_<version>_seg.dcm`` (BINARY) and ``..._prob.dcm`` (FRACTIONAL) — and are written into
a private temp folder next to them, then renamed into place (same file system, atomic), the labels SEG
last. A job that finds its labels SEG already there returns it without recomputing, so a job retried
after a worker died (or submitted twice) never leaves two SEGs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

Progress = Callable[[str, float], None]


class JobError(Exception):
    """The job cannot run; the message says why in words the user can act on."""


class InputMissing(JobError):
    pass


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def out_dir_of(job: dict) -> Path:
    """The job's SEG folder; a job that names none (PACS-only destination) uses the worker's own."""
    if job.get("out_dir"):
        return Path(job["out_dir"])
    return Path(os.environ.get("CDSS_INFERENCE_OUT_DIR") or Path(tempfile.gettempdir()) / "cdss-inference-out")


def output_names(job: dict, model_name: str, version: str) -> tuple[Path, Path, Path]:
    """The deterministic (labels SEG, probability SEG, result JSON) paths of a job."""
    out = out_dir_of(job)
    stem = f"{_safe(job['study_uid'])}_{_safe(model_name)}_{_safe(version)}"
    return out / f"{stem}_seg.dcm", out / f"{stem}_prob.dcm", out / f"{stem}_result.json"


def check_job(job: dict) -> None:
    if not job.get("study_uid"):
        raise JobError("the job has no 'study_uid'")
    if not job.get("inputs") and not job.get("source"):
        raise JobError("the job names neither 'inputs' nor a 'source' of its images")


def check_inputs(job: dict) -> list[Path]:
    paths = [Path(p) for p in job["inputs"]]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputMissing(f"study {job['study_uid']}: input not found on the inference server "
                           f"({', '.join(missing[:3])}{' …' if len(missing) > 3 else ''}); is the archive's "
                           "storage mounted there under the same path?")
    return paths


def job_inputs(job: dict, tmp: Path, cancel: threading.Event | None = None) -> list[Path]:
    """The study's files: the job's ``inputs``, or found/fetched from its ``source`` (fetch.py)."""
    from .fetch import FetchError, archive_files, dicomweb_files

    if job.get("inputs"):
        return check_inputs(job)
    source, series = job.get("source") or {}, job.get("series_uids")
    try:
        if "archive" in source:
            return check_inputs(dict(job, inputs=[str(p) for p in archive_files(job["study_uid"], source["archive"],
                                                                                 series)]))
        if "dicomweb" in source:
            return dicomweb_files(job["study_uid"], source["dicomweb"], tmp / "fetched", series, cancel)
        if "cget" in source:
            from .fetch_cget import cget_files

            return cget_files(job["study_uid"], source["cget"], tmp / "fetched", series, cancel)
    except FetchError as e:
        raise InputMissing(f"study {job['study_uid']}: {e}") from None
    raise JobError(f"unknown image source {', '.join(source) or '(none)'}: use archive, dicomweb or cget")


_models: dict[tuple[str, str], object] = {}
_models_lock = threading.Lock()


def cached_model(name: str | None, device: str):
    """Load a model once per worker process (the network stays on its device between jobs)."""
    from inference.models.loader import load_model

    key = (str(name), device)
    with _models_lock:
        if key not in _models:
            _models[key] = load_model(name, device=device)
        return _models[key]


def _study_folder(paths: list[Path], tmp: Path) -> Path:
    if len(paths) == 1:
        return paths[0]
    folder = tmp / "inputs"
    folder.mkdir()
    for n, p in enumerate(paths):
        os.symlink(p.resolve(), folder / f"{n:05d}_{p.name}")
    return folder


def _remove_stale_temps(folder: Path) -> None:
    """Temp folders of workers killed mid-job (older than two visibility timeouts: surely abandoned)."""
    age = 2 * int(os.environ.get("CDSS_INFERENCE_VISIBILITY_TIMEOUT", "3600"))
    for p in folder.glob(".inference-*"):
        try:
            if time.time() - p.stat().st_mtime > age:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def run_job(job: dict, progress: Progress | None = None, cancel: threading.Event | None = None) -> dict:
    """Segment the job's study; return ``{"seg", "probability_seg", "volumes_ml", "model", "seconds",
    "reused"}``. Raises :class:`JobError` (clear reason), ``Cancelled`` (nothing written) or the
    pipeline's own errors (missing sequence, unusable model), whose messages are shown as they are."""
    from inference.dicom_series import StudyReadError, scan_study
    from inference.pipeline import segment_study

    check_job(job)
    if job.get("inputs"):
        check_inputs(job)  # before the model: a missing study fails at once
    model = cached_model(job.get("model"), job.get("device") or "auto")
    man = model.manifest
    want = job.get("model_version")
    if want and want != man.version:
        raise JobError(f"the inference server has model {man.name} {man.version}, the job asks for {want}")
    seg, prob, meta = output_names(job, man.name, man.version)
    if seg.exists() and meta.exists():
        out = json.loads(meta.read_text())
        out["reused"] = True
        return _send(job, out)
    seg.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(seg.parent)
    tmp = Path(tempfile.mkdtemp(prefix=".inference-", dir=seg.parent))
    try:
        folder = _study_folder(job_inputs(job, tmp, cancel), tmp)
        try:
            found = {str(h.headers[0].StudyInstanceUID) for h in scan_study(folder, cancel)}
        except StudyReadError as e:
            raise InputMissing(f"study {job['study_uid']}: {e}") from None
        if job["study_uid"] not in found:
            raise JobError(f"the inputs hold study {', '.join(sorted(found))}, not {job['study_uid']}")
        t0 = time.perf_counter()
        res = segment_study(folder, tmp / "out", model=model, progress=progress, cancel=cancel)
        out = res.to_json()
        out.update(seg=str(seg), probability_seg=str(prob), study_uid=job["study_uid"], reused=False,
                   seg_uids=_seg_uids(res.seg, res.probability_seg),
                   job_seconds=round(time.perf_counter() - t0, 3), host=os.uname().nodename)
        os.replace(res.probability_seg, prob)
        (tmp / "result.json").write_text(json.dumps(out, indent=2))
        os.replace(tmp / "result.json", meta)
        os.replace(res.seg, seg)  # last: its presence means the job is done
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _send(job, out)


def _seg_uids(*paths) -> list[list[str]]:
    """``[series, SOP instance]`` UIDs of the SEGs (a client without the shared folder fetches them from the PACS)."""
    import pydicom

    out = []
    for p in paths:
        ds = pydicom.dcmread(p, stop_before_pixels=True)
        out.append([str(ds.SeriesInstanceUID), str(ds.SOPInstanceUID)])
    return out


def _send(job: dict, out: dict) -> dict:
    """STOW-RS the SEGs to the PACS when the job asks (again on a retry: the PACS keeps one copy)."""
    url = job.get("stow_url")
    if not url:
        return out
    from .stow import stow

    try:
        stow(url, [out["seg"], out["probability_seg"]])
    except Exception as e:
        raise JobError(f"the SEG is written ({out['seg']}) but sending it to the PACS at {url} failed: {e}") from None
    out["stowed_to"] = url
    return out
