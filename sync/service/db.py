"""The service's own declarative base, engine and session factory (independent of workstation/)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: timestamps with microseconds on MySQL/MariaDB, so ``updated_since`` pulls are exact
Timestamp = DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


class ServiceBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """Naive UTC now (the CDSS stores UTC without zone)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def is_sqlite(url_or_engine) -> bool:
    url = str(getattr(url_or_engine, "url", url_or_engine))
    return url.startswith("sqlite")


def make_engine(url: str, **kw) -> Engine:
    """An engine for MySQL/MariaDB (the hospital's database) or SQLite (the embedded default).

    On SQLite every transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, waiting up to 30 s
    for the lock instead of failing half way), in WAL mode; ``SELECT … FOR UPDATE`` is then unnecessary."""
    if url.startswith("mysql") and "charset=" not in url:
        url += ("&" if "?" in url else "?") + "charset=utf8mb4"
    kw.setdefault("pool_pre_ping", True)
    kw.setdefault("pool_recycle", 3600)
    if not is_sqlite(url):
        return create_engine(url, **kw)
    if kw.get("isolation_level") == "READ COMMITTED":  # what the MySQL service asks for; SQLite serialises
        kw.pop("isolation_level")
    kw.setdefault("connect_args", {}).setdefault("timeout", 30)
    engine = create_engine(url, **kw)

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
