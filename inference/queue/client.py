"""The workstation's side of the inference queue (Qt-free): submit, status, cancel, wait, queue figures.

``InferenceClient(broker="redis://host:6379/0")`` sends jobs to the Celery workers;
``InferenceClient(None)`` (no broker configured: the embedded default) runs the same
:func:`inference.queue.job.run_job` on a thread of this process, behind the same API.

States a user sees: ``queued`` → ``running`` (with stage and fraction) → ``done`` | ``failed`` (with the
reason) | ``cancelled``. Submitting the same study + model + version + destination again while it is
queued, running or done returns the first job's id (a Redis ``SET NX`` key); after a failure or a
cancel it submits anew.
"""
from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .app_keys import cancel_key, job_key
from .figures import QueueFigures, rate_per_min, read_figures

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"


@dataclass
class JobStatus:
    job_id: str
    state: str
    stage: str = ""
    fraction: float = 0.0
    result: dict | None = None
    error: str = ""

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED, CANCELLED)

    def text(self) -> str:
        if self.state == RUNNING:
            return f"running: {self.stage} {self.fraction:.0%}"
        if self.state == FAILED:
            return f"failed: {self.error}"
        return self.state


def model_version(model: str | None) -> str:
    """The version of the model as this workstation knows it ("" when it has no copy)."""
    try:
        from inference.models.loader import find_model
        from inference.models.manifest import read_manifest

        return read_manifest(find_model(model)).version
    except Exception:
        return ""


def _error_text(info) -> str:
    if isinstance(info, BaseException):
        return str(info) or type(info).__name__
    if isinstance(info, dict):
        return str(info.get("exc_message") or info.get("reason") or info)
    return str(info)


class InferenceClient:
    def __init__(self, broker: str | None = None, *, queue: str | None = None):
        self.broker = broker or None
        self.queue = queue
        if self.broker:
            from .app import make_app

            self.app = make_app(self.broker)
            self.redis = self.app.backend.client
        else:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inference")
            self._local: dict[str, dict] = {}
            self._keys: dict[str, str] = {}
            self._lock = threading.Lock()
            self._done_times: list[float] = []

    @property
    def embedded(self) -> bool:
        return self.broker is None

    # --- submit -----------------------------------------------------------------------------------
    def submit(self, study_uid: str, inputs: list[str] | None, out_dir: str | None, model: str | None = None, *,
               device: str = "auto", queue: str | None = None, stow_url: str | None = None,
               source: dict | None = None, series_uids: list[str] | None = None) -> str:
        """Queue a job; return its id (the first job's id when the same one is already there).
        ``inputs``: the study's files as the worker sees them, or ``source``: where the worker fetches them
        (``{"archive": {"database_url", "storage"}}`` or ``{"dicomweb": {"url"}}``, see ``fetch.py``);
        ``series_uids``: only those series. ``out_dir``: where the SEGs go (``None``: the worker's own folder);
        ``stow_url``: also send the SEGs to the PACS by STOW-RS (from the worker)."""
        from .app import DEFAULT_QUEUE

        model = model or "m1_demo_synthetic"
        job = {"study_uid": study_uid, "inputs": [str(p) for p in inputs or []], "out_dir": str(out_dir or ""),
               "model": model, "model_version": model_version(model), "device": device}
        if source:
            job["source"] = source
        if series_uids:
            job["series_uids"] = list(series_uids)
        if stow_url:
            job["stow_url"] = stow_url
        key = job_key(study_uid, model, job["model_version"], job["out_dir"] + ("\x00" + stow_url if stow_url else ""))
        if self.embedded:
            return self._submit_local(job, key)
        new_id = str(uuid.uuid4())
        for _ in range(3):
            if self.redis.set(key, new_id, nx=True, ex=7 * 24 * 3600):
                break
            old = self.redis.get(key)
            old = old.decode() if isinstance(old, bytes) else old
            if old and self.status(old).state not in (FAILED, CANCELLED):
                return old  # the same job is queued, running or done: collapse
            self.redis.delete(key)
        self.app.send_task("cdss.inference.segment", args=[job], task_id=new_id,
                           queue=queue or self.queue or DEFAULT_QUEUE)
        return new_id

    def _submit_local(self, job: dict, key: str) -> str:
        with self._lock:
            old = self._keys.get(key)
            if old and self._local[old]["state"] not in (FAILED, CANCELLED):
                return old
            job_id = str(uuid.uuid4())
            self._keys[key] = job_id
            self._local[job_id] = {"state": QUEUED, "stage": "", "fraction": 0.0, "result": None, "error": "",
                                   "cancel": threading.Event()}
        self._pool.submit(self._run_local, job_id, job)
        return job_id

    def _run_local(self, job_id: str, job: dict) -> None:
        from inference.dicom_series import Cancelled

        from .job import run_job

        rec = self._local[job_id]
        if rec["cancel"].is_set():
            rec["state"] = CANCELLED
            return
        rec["state"] = RUNNING

        def progress(stage, fraction):
            rec["stage"], rec["fraction"] = stage, fraction

        try:
            rec["result"] = run_job(job, progress=progress, cancel=rec["cancel"])
            rec["state"] = DONE
            self._done_times.append(time.time())
        except Cancelled:
            rec["state"] = CANCELLED
        except Exception as e:  # shown to the user as the reason
            rec["state"], rec["error"] = FAILED, _error_text(e)

    # --- status / cancel / wait ---------------------------------------------------------------------
    def status(self, job_id: str) -> JobStatus:
        if self.embedded:
            r = self._local.get(job_id)
            if r is None:
                return JobStatus(job_id, FAILED, error="unknown job")
            return JobStatus(job_id, r["state"], r["stage"], r["fraction"], r["result"], r["error"])
        res = self.app.AsyncResult(job_id)
        state = res.state
        try:
            info = res.info
        except Exception as e:  # a stored exception this side cannot rebuild: show what it says
            info = e
        if state == "PENDING":
            return JobStatus(job_id, CANCELLED if self.redis.exists(cancel_key(job_id)) else QUEUED)
        if state in ("STARTED", "RECEIVED", "RETRY"):
            return JobStatus(job_id, RUNNING)
        if state == "PROGRESS":
            info = info or {}
            return JobStatus(job_id, RUNNING, info.get("stage", ""), float(info.get("fraction", 0.0)))
        if state == "SUCCESS":
            return JobStatus(job_id, DONE, "write", 1.0, result=info)
        if state == "REVOKED":
            return JobStatus(job_id, CANCELLED, error=_error_text(info) if info else "")
        return JobStatus(job_id, FAILED, error=_error_text(info))

    def cancel(self, job_id: str) -> None:
        """A queued job is dropped; a running one stops at the pipeline's next check (nothing written)."""
        if self.embedded:
            r = self._local.get(job_id)
            if r is not None:
                r["cancel"].set()
                if r["state"] == QUEUED:
                    r["state"] = CANCELLED
            return
        self.redis.set(cancel_key(job_id), "1", ex=7 * 24 * 3600)
        self.app.control.revoke(job_id)

    def wait(self, job_id: str, timeout: float = 600.0, interval: float = 0.25, on_status=None) -> JobStatus:
        deadline = time.monotonic() + timeout
        while True:
            st = self.status(job_id)
            if on_status:
                on_status(st)
            if st.finished:
                return st
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {st.text()} after {timeout:.0f} s")
            time.sleep(interval)

    # --- figures for the status bar -------------------------------------------------------------------
    def figures(self) -> QueueFigures:
        """Waiting and running jobs, and jobs/min over the last 10 minutes (a Redis round trip: call it off
        the GUI thread, e.g. from ``figures.FiguresPoller``)."""
        from .app import QUEUES

        if self.embedded:
            states = [r["state"] for r in list(self._local.values())]
            return QueueFigures({"local": states.count(QUEUED)}, round(rate_per_min(self._done_times, time.time()), 2),
                                states.count(RUNNING))
        return read_figures(self.redis, QUEUES)

    def close(self) -> None:
        if self.embedded:
            self._pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.app.close()
