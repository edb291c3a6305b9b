"""Where GUI tests save their screenshots: ``docs/screenshots`` only when ``CDSS_WRITE_SCREENSHOTS=1``
asks for it (to refresh the pictures in the docs), else the test's own ``tmp_path``, so running the
tests never rewrites tracked files."""
from __future__ import annotations

import os
from pathlib import Path

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """``docs/screenshots/<name>`` when ``CDSS_WRITE_SCREENSHOTS=1``, else ``<tmp_path>/<name>``."""
    folder = DOCS_SCREENSHOTS if os.environ.get("CDSS_WRITE_SCREENSHOTS") == "1" else Path(tmp_path)
    return folder / name
