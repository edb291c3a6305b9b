"""The thin REST service over the CDSS's shared schema (FastAPI + SQLAlchemy 2 + PyMySQL). No Qt.

``create_app(database_url)`` builds the app; ``python -m sync.service --database URL`` (or
``cdss-workstation sync-service``) migrates the database and serves it with uvicorn.
"""
from __future__ import annotations


def create_app(database_url: str):
    from sync.service.app import create_app as _create

    return _create(database_url)


__all__ = ["create_app"]
