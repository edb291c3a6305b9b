"""``LocalDatabase``: the workstation's local database as one handle, apart from the archive.

The stores that keep rows in it — the reading workflow (orders, reports, users, audit), the DICOM nodes,
de-identification maps — take ``database.engine`` / ``database.session_factory`` from here, never from the
archive. The archive indexes its files in the same database (one file, one set of migrations), so
``LocalDatabase.of_archive(archive)`` shares the engine the archive opened (and keeps its life with the
archive); ``LocalDatabase.open(url)`` opens one on its own (migrated), e.g. for a tool without an archive.
"""
from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from workstation.db.engine import make_engine, make_session_factory


class LocalDatabase:
    def __init__(self, engine: Engine, *, owns_engine: bool = False) -> None:
        self.engine = engine
        self._owns_engine = owns_engine

    @classmethod
    def open(cls, url: str) -> "LocalDatabase":
        """Open ``url`` (SQLite file or MySQL/MariaDB) and bring every part's tables to the newest schema."""
        from workstation.db.migrate import upgrade

        engine = make_engine(url)
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, owns_engine=True)

    @classmethod
    def of_archive(cls, archive) -> "LocalDatabase":
        """The database the archive ``archive`` opened (migrated by it); closing the archive closes it."""
        return cls(archive.engine, owns_engine=False)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @property
    def url(self) -> str:
        """The URL with any password hidden (for messages and logs)."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the connections when this handle opened the engine (idempotent)."""
        if self._owns_engine:
            self.engine.dispose()

    def __repr__(self) -> str:
        return f"LocalDatabase({self.url!r})"
