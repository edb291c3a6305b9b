"""The workstation-side sync client: pulls into a local cache, pushes through a durable outbox.

It knows nothing of workstation/: it speaks the plain records of ``sync.schema`` and keeps its own tables
(``sync_*``, on its own declarative base) in whatever local database it is handed.
"""
from sync.client.backoff import Backoff
from sync.client.client import SyncClient, SyncError, SyncUnavailable
from sync.client.runner import SyncRunner

__all__ = ["Backoff", "SyncClient", "SyncError", "SyncRunner", "SyncUnavailable"]
