"""The inference job queue: Celery + Redis workers running the M1 pipeline (see docs/inference.md)."""
