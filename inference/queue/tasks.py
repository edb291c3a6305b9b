"""The Celery task that runs one inference job (inference.queue.job.run_job) on a worker.

Progress goes to the result backend as state ``PROGRESS`` with ``{"stage", "fraction"}`` (at most
every half second, and at each stage's end). Cancel: the client sets ``cancel_key(task_id)`` in Redis and
revokes the task; a queued job is dropped (by the worker's revoke list, or by this task's check of the
key when it starts), a running one sees the key from a watcher thread that sets the pipeline's cancel
Event (nothing is written). A job that cannot run fails with its reason as the exception message.
"""
from __future__ import annotations

import logging
import threading
import time

from celery import Celery
from celery.exceptions import Ignore

from .app_keys import DONE_LOG, cancel_key

logging.getLogger("highdicom").setLevel(logging.WARNING)  # one INFO line per copied module otherwise


def _watch_cancel(redis, task_id: str, cancel: threading.Event, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        try:
            if redis.exists(cancel_key(task_id)):
                cancel.set()
                return
        except Exception:  # broker briefly away: keep running, look again
            pass


def register(app: Celery):
    @app.task(bind=True, name="cdss.inference.segment", acks_late=True, reject_on_worker_lost=True)
    def segment(self, job: dict) -> dict:
        from inference.dicom_series import Cancelled

        from .job import run_job

        redis = app.backend.client
        task_id = self.request.id
        if redis.exists(cancel_key(task_id)):
            self.backend.mark_as_revoked(task_id, reason="cancelled before it started", request=self.request)
            raise Ignore()
        last = [0.0, ""]

        def progress(stage: str, fraction: float) -> None:
            now = time.monotonic()
            if stage != last[1] or fraction >= 1.0 or now - last[0] > 0.5:
                last[:] = [now, stage]
                self.update_state(state="PROGRESS", meta={"stage": stage, "fraction": round(fraction, 3),
                                                          "study_uid": job.get("study_uid")})

        cancel, stop = threading.Event(), threading.Event()
        watcher = threading.Thread(target=_watch_cancel, args=(redis, task_id, cancel, stop), daemon=True)
        watcher.start()
        progress("started", 0.0)
        try:
            out = run_job(job, progress=progress, cancel=cancel)
        except Cancelled:
            self.backend.mark_as_revoked(task_id, reason="cancelled while running; nothing written",
                                         request=self.request)
            raise Ignore() from None
        finally:
            stop.set()
        out["worker"] = self.request.hostname
        redis.lpush(DONE_LOG, f"{time.time():.3f}")
        redis.ltrim(DONE_LOG, 0, 999)
        return out

    return segment
