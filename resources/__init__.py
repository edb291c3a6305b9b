"""Bundled resources: icons, themes, presets, hanging protocols, translations, the demo study."""
from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
DEMO_DIR = RESOURCES_DIR / "demo"


def resource_path(*parts: str) -> Path:
    """Absolute path of a bundled resource, e.g. ``resource_path("presets.json")``."""
    return RESOURCES_DIR.joinpath(*parts)
