"""Where the workstation keeps its data: the user's data folder (platformdirs), or
``$CDSS_WORKSTATION_HOME`` when set (tests and portable installs)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "cdss-workstation"


def home_dir() -> Path:
    """Root folder for the archive, settings, drafts and logs of this user."""
    env = os.environ.get("CDSS_WORKSTATION_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_archive_dir() -> Path:
    """The local archive folder (SQLite database + managed file store)."""
    return home_dir() / "archive"
