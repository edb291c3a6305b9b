"""Redis keys the inference queue uses beside Celery's own (shared by the task and the client)."""
from __future__ import annotations

import hashlib

PREFIX = "cdss:inference:"
DONE_LOG = PREFIX + "done"  # list of completion times (newest first), for the throughput figure


def cancel_key(task_id: str) -> str:
    return f"{PREFIX}cancel:{task_id}"


def job_key(study_uid: str, model: str, version: str, out_dir: str) -> str:
    """The de-duplication key of a job: same study, model, version and destination = same job."""
    h = hashlib.sha256("\x00".join([study_uid, model, version, out_dir]).encode()).hexdigest()[:32]
    return f"{PREFIX}job:{h}"
