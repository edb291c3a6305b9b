"""``cdss-workstation run``: open the workstation window (the default command)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="open the workstation (default)")
    p.add_argument("--archive", help="archive folder (default: the user's data folder)")
    p.add_argument("--database", help="SQLAlchemy URL, e.g. mysql+pymysql://user:pw@host/db")
    p.add_argument("--screenshot", help="save a screenshot to this PNG once the window is shown, then quit")
    p.add_argument("--lang", choices=["ko", "en"], help="interface language (default: system locale)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from workstation.app.launch import launch

    return launch(args)
