"""The FastAPI application of the sync service."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sync.service.db import make_engine, make_sessions
from sync.service.errors import install_handlers

MAX_BODY_BYTES = 1 << 20  # 1 MiB: far above any report, far below anything that hurts


def create_app(database_url: str, **engine_kw) -> FastAPI:
    """The service over the database at ``database_url`` (migrated beforehand, see ``sync.service.migrate``)."""
    from sync.service import routes_ai, routes_imaging, routes_orders

    app = FastAPI(title="Brain Tumor CDSS sync service", version="1.0",
                  generate_unique_id_function=lambda route: route.name,
                  description="Orders, imaging studies, reports and AI results of the CDSS for the reading "
                              "workstation. Every call needs 'Authorization: Token <token>'.")
    engine_kw.setdefault("isolation_level", "READ COMMITTED")
    engine_kw.setdefault("pool_size", 8)
    app.state.engine = make_engine(database_url, **engine_kw)
    app.state.sessions = make_sessions(app.state.engine)
    app.state.token_cache = {}
    install_handlers(app)

    @app.middleware("http")
    async def _limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"detail": f"request body larger than {MAX_BODY_BYTES} bytes", "code": "too_large"},
                                status_code=413)
        return await call_next(request)

    for mod in (routes_orders, routes_imaging, routes_ai):
        app.include_router(mod.router)
    return app
