"""User settings of the workstation in ``<home>/settings.json`` (owner-only file): language, the CDSS sync
server and token, our DICOM AE title and receive service, the AI inference broker and queue. No Qt. ``repr``
never shows the token (nor the broker URL, which may carry a password)."""
from __future__ import annotations

import json
import locale
import os
from dataclasses import asdict, dataclass, field

from workstation.paths import home_dir
from workstation.site_config import settings_defaults

LANGUAGES = ("system", "en", "ko")
INFERENCE_QUEUES = ("gpu", "cpu")


@dataclass
class Settings:
    language: str = "system"  # "system" follows the locale
    sync_url: str = ""  # CDSS sync service, e.g. http://cdss:8600; empty: sync off
    sync_token: str = field(default="", repr=False)  # the user's API token (never logged or shown)
    sync_interval_s: float = 15.0
    dicom_aet: str = "CDSSWS"  # our AE title (calling AE for queries, called AE of the receive service)
    dicom_port: int = 11112  # receive service port
    dicom_receive: bool = False  # start the receive service (C-STORE SCP) with the window
    inference_broker_url: str = field(default="", repr=False)  # AI inference queue (Redis), e.g. redis://gpu-srv:6379/0; empty: in-process
    inference_queue: str = "gpu"  # gpu | cpu: which workers take this workstation's jobs

    @property
    def sync_configured(self) -> bool:
        return bool(self.sync_url.strip() and self.sync_token)

    @classmethod
    def load(cls) -> "Settings":
        path = home_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        s = cls(**settings_defaults())  # IT's site.toml (/etc/cdss-workstation, then the user's), then settings.json
        if raw.get("language") in LANGUAGES:
            s.language = raw["language"]
        for name, kind in (("sync_url", str), ("sync_token", str), ("sync_interval_s", (int, float)),
                           ("dicom_aet", str), ("dicom_port", int), ("dicom_receive", bool),
                           ("inference_broker_url", str)):
            value = raw.get(name)
            if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
                setattr(s, name, value)
        if raw.get("inference_queue") in INFERENCE_QUEUES:
            s.inference_queue = raw["inference_queue"]
        return s

    def save(self) -> None:
        path = home_dir() / "settings.json"
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the sync token
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(asdict(self), indent=1))
        os.chmod(tmp, 0o600)
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
