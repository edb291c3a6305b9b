"""The FastAPI application of the sync service."""
from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from sync.service.auth import TOKEN_LIFETIME

from sync.service.db import is_sqlite, make_engine, make_sessions
from sync.service.errors import install_handlers
from sync.service.guard import RequestGuard

MAX_BODY_BYTES = 1 << 20  # 1 MiB: far above any report, far below anything that hurts


def create_app(database_url: str, token_lifetime: timedelta | None = TOKEN_LIFETIME, **engine_kw) -> FastAPI:
    """The service over the database at ``database_url`` (migrated beforehand, see ``sync.service.migrate``);
    tokens it issues on refresh live ``token_lifetime``."""
    from sync.service import routes_access, routes_ai, routes_ai_runs, routes_imaging, routes_orders

    app = FastAPI(title="Brain Tumor CDSS sync service", version="1.0",
                  generate_unique_id_function=lambda route: route.name,
                  description="Orders, imaging studies, reports and AI results of the CDSS for the reading "
                              "workstation. Every call needs 'Authorization: Token <token>'.")
    if not is_sqlite(database_url):  # MySQL/MariaDB; SQLite serialises writers itself (see make_engine)
        engine_kw.setdefault("isolation_level", "READ COMMITTED")
    engine_kw.setdefault("pool_size", 8)
    app.state.engine = make_engine(database_url, **engine_kw)
    app.state.sessions = make_sessions(app.state.engine)
    app.state.token_cache = {}
    app.state.token_lifetime = token_lifetime
    install_handlers(app)

    app.add_middleware(RequestGuard, max_body=MAX_BODY_BYTES)  # token first, then a capped body

    for mod in (routes_access, routes_orders, routes_imaging, routes_ai, routes_ai_runs):
        app.include_router(mod.router)
    return app
