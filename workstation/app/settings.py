"""User settings of the workstation (language, default layout) in ``<home>/settings.json``. No Qt."""
from __future__ import annotations

import json
import locale
import os
from dataclasses import asdict, dataclass

from workstation.paths import home_dir

LANGUAGES = ("system", "en", "ko")


@dataclass
class Settings:
    language: str = "system"  # "system" follows the locale

    @classmethod
    def load(cls) -> "Settings":
        path = home_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        s = cls()
        if raw.get("language") in LANGUAGES:
            s.language = raw["language"]
        return s

    def save(self) -> None:
        path = home_dir() / "settings.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(tmp, path)


def system_language() -> str:
    """``"ko"`` when the system locale is Korean, else ``"en"``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        v = os.environ.get(var, "")
        if v:
            return "ko" if v.lower().startswith("ko") else "en"
    loc = locale.getlocale()[0] or ""
    return "ko" if loc.lower().startswith("ko") else "en"


def resolve_language(cli_lang: str | None, settings: Settings) -> str:
    """``--lang`` wins, then the saved setting, then the system locale."""
    if cli_lang in ("ko", "en"):
        return cli_lang
    if settings.language in ("ko", "en"):
        return settings.language
    return system_language()
