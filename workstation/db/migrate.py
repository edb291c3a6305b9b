"""Alembic migrations, run programmatically (no alembic.ini needed).

Each part of the workstation owns an Alembic *branch* with its own versions folder, listed in
``VERSION_LOCATIONS``; ``upgrade(engine)`` brings every branch to its head. A part adds its folder
here (one line) and gives its first revision ``branch_labels=("<part>",)`` and ``down_revision=None``.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

PKG = Path(__file__).resolve().parent.parent

#: one versions folder per part (branch); keep sorted
VERSION_LOCATIONS: list[Path] = [
    PKG / "archive" / "migrations" / "versions",
    PKG / "dicom_net" / "migrations" / "versions",
    PKG / "measurements" / "migrations" / "versions",
    PKG / "reading" / "migrations" / "versions",
]


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    cfg.set_main_option("version_locations", " ".join(str(p) for p in VERSION_LOCATIONS if p.is_dir()))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest schema of every part."""
    if not any(p.is_dir() for p in VERSION_LOCATIONS):
        return
    command.upgrade(alembic_config(engine), "heads")
