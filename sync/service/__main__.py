"""``python -m sync.service [--database URL] [--host H] [--port P] [--seed]``: migrate, optionally seed, serve.

Without ``--database`` the service keeps its data in an embedded SQLite file (``default_database_url``)."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path


def default_database_url() -> str:
    """``$CDSS_SYNC_HOME/cdss-sync.db``, else ``cdss-sync.db`` in the user's data folder (created)."""
    home = os.environ.get("CDSS_SYNC_HOME")
    if home:
        folder = Path(home)
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir("cdss-sync", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'cdss-sync.db'}"


def build_parser(prog: str = "python -m sync.service") -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description="Serve the CDSS sync REST API with uvicorn.")
    add_arguments(ap)
    return ap


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--database", default=None,
                    help="SQLAlchemy URL, e.g. mysql+pymysql://user:pw@host/cdss or sqlite:///path.db "
                         "(default: an embedded SQLite file in the user's data folder, $CDSS_SYNC_HOME moves it)")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8600, help="port (default 8600)")
    ap.add_argument("--no-migrate", action="store_true", help="do not bring the schema up to date first")
    ap.add_argument("--seed", action="store_true", help="load the demo data set and print a token per role")
    ap.add_argument("--token-lifetime", type=float, default=12.0, metavar="HOURS",
                    help="how long an issued token is valid before it must be refreshed (default 12)")
    ap.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])


def serve(args: argparse.Namespace) -> int:
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from sync.service.app import create_app
    from sync.service.db import make_engine
    from sync.service.maintenance import prune_idempotency
    from sync.service.migrate import upgrade

    args.database = args.database or default_database_url()
    lifetime = timedelta(hours=args.token_lifetime) if args.token_lifetime > 0 else None
    try:
        if not args.no_migrate or args.seed:
            engine = make_engine(args.database)
            upgrade(engine)
            if args.seed:
                from sync.service.seed import USERS, seed_demo

                for role, token in seed_demo(engine, token_lifetime=lifetime).items():
                    print(f"{role:14s} {USERS[role][0]:10s} {token}", flush=True)
            engine.dispose()
        app = create_app(args.database, token_lifetime=lifetime)
        prune_idempotency(app.state.engine)
    except (SQLAlchemyError, ValueError) as exc:
        print(f"error: cannot prepare the database: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    return serve(build_parser().parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
