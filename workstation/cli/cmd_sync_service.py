"""``cdss-workstation sync-service --database URL``: run the CDSS sync REST service (``sync.service``)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from sync.service.__main__ import add_arguments

    p = sub.add_parser("sync-service", help="serve the CDSS sync REST API (uvicorn)")
    add_arguments(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from sync.service.__main__ import serve

    return serve(args)
