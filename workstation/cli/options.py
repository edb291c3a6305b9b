"""Command-line options shared by several sub-commands."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_archive_options(p: argparse.ArgumentParser) -> None:
    """``--archive DIR`` or ``--database URL`` (one of them): which local archive a command works on."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--archive", type=Path, help="archive folder (default: the user's data folder)")
    g.add_argument("--database", help="SQLAlchemy URL of the archive database, e.g. mysql+pymysql://user:pw@host/db "
                                      "(files stay in the default archive folder)")
