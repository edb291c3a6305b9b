"""The Celery application of the inference queue: Redis as broker and result backend.

Worker: ``cdss-workstation inference-worker --broker redis://host:6379/0 --queues gpu`` or
``CDSS_INFERENCE_BROKER=redis://... celery -A inference.queue.app worker -Q gpu -P solo``.

Reliability settings (see docs/inference.md, "Inference queue"):

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a job is acknowledged only when it finished, so a
  worker killed mid-job leaves it unacknowledged; Redis hands it to another worker once the
  ``visibility_timeout`` (``CDSS_INFERENCE_VISIBILITY_TIMEOUT``, default 3600 s: longer than any job) has
  passed. The job's deterministic output name keeps that retry from making a second SEG.
* ``worker_prefetch_multiplier = 1``: a worker holds only the job it runs, the others stay in Redis for
  any free worker.
* Two queues, ``gpu`` and ``cpu``: a job goes where its ``queue`` says (default ``gpu``); a GPU server
  consumes ``gpu``, a CPU-only server ``cpu`` (or both, as an overflow).
* Redis persistence (``appendonly yes``) is the server's side: a broker restart loses no queued job.
"""
from __future__ import annotations

import os

from celery import Celery
from kombu import Queue

TASK_NAME = "cdss.inference.segment"
QUEUES = ("gpu", "cpu")
DEFAULT_QUEUE = os.environ.get("CDSS_INFERENCE_DEFAULT_QUEUE", "gpu")


def make_app(broker: str | None = None, backend: str | None = None) -> Celery:
    broker = broker or os.environ.get("CDSS_INFERENCE_BROKER", "redis://127.0.0.1:6379/0")
    visibility = int(os.environ.get("CDSS_INFERENCE_VISIBILITY_TIMEOUT", "3600"))
    restore = int(os.environ.get("CDSS_INFERENCE_RESTORE_INTERVAL", "10"))
    app = Celery("cdss_inference", broker=broker, backend=backend or broker)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_track_started=True,
        # a dead worker's job is looked for every ``restore`` seconds and requeued once ``visibility`` has passed
        broker_transport_options={"visibility_timeout": visibility, "unacked_restore_interval": restore,
                                  "unacked_restore_throttle": 1},
        result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
        broker_connection_retry_on_startup=True,
        task_queues=[Queue(q, routing_key=q) for q in QUEUES],
        task_default_queue=DEFAULT_QUEUE,
        task_routes={TASK_NAME: {"queue": DEFAULT_QUEUE}},
        task_serializer="json", result_serializer="json", accept_content=["json"],
        result_extended=True,
        result_expires=7 * 24 * 3600,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    return app


#: the module-level app ``celery -A inference.queue.app`` finds (broker from CDSS_INFERENCE_BROKER)
app = make_app()

from inference.queue import tasks as _tasks  # noqa: E402  (registers the task on ``app``)

_tasks.register(app)
