"""Site configuration that hospital IT deploys: ``/etc/cdss-workstation/site.toml``, overridable per user. Qt-free.

Read order (later wins, table by table; PACS nodes merge by name):

1. ``/etc/cdss-workstation/site.toml`` — or the file ``$CDSS_SITE_CONFIG`` names instead (tests, odd layouts);
2. the user's ``site.toml`` in their config folder (``~/.config/cdss-workstation/``; ``$CDSS_WORKSTATION_HOME``
   when that is set). ``[updates]`` (update source and key) is taken from the system file only.

Secrets are never written into the file: a key named ``password``/``token``/``secret`` or a URL carrying a
password is refused. A secret is a separate file referenced by path (``password_file``, ``token_file``) that must
be owned by root or the user and not readable by others (0600, or 0640 for a group of workstation users).
See docs/installer.md for every key; ``installer/site.toml.example`` is the commented template.
"""
from __future__ import annotations

import logging
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

log = logging.getLogger(__name__)

SYSTEM_PATH = Path("/etc/cdss-workstation/site.toml")
ENV_PATH = "CDSS_SITE_CONFIG"
APP_NAME = "cdss-workstation"

# table -> {key: type}; "" is the top level
SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "": {"language": str},
    "archive": {"database_url": str, "password_file": str},
    "backend": {"url": str, "token_file": str, "interval_s": (int, float)},
    "dicom": {"ae_title": str, "port": int, "receive": bool},
    "inference": {"broker_url": str, "password_file": str, "queue": str, "fetch": str, "dicomweb_url": str,
                  "stow_url": str, "pacs": str},
    "updates": {"source": str, "public_key": str},
}
PACS_KEYS: dict[str, type] = {"name": str, "ae_title": str, "host": str, "port": int, "dicomweb_url": str,
                              "username": str, "password_file": str}
SYSTEM_ONLY = {"updates"}  # tables a user file may not override
SECRET_WORDS = ("password", "token", "secret", "passwd")


class SiteConfigError(ValueError):
    """A site file or a secret file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class PacsNode:
    name: str
    ae_title: str = ""
    host: str = ""
    port: int = 0
    dicomweb_url: str = ""
    username: str = ""
    password_file: str = ""


@dataclass
class SiteConfig:
    language: str = ""
    database_url: str = ""
    database_password_file: str = ""
    backend_url: str = ""
    backend_token_file: str = ""
    backend_interval_s: float | None = None
    ae_title: str = ""
    port: int | None = None
    receive: bool | None = None
    broker_url: str = ""
    broker_password_file: str = ""
    inference_queue: str = ""  # gpu | cpu ("" = the workers' default, gpu)
    inference_fetch: str = ""  # files | archive | dicomweb: where a worker gets a job's images
    inference_dicomweb_url: str = ""
    inference_stow_url: str = ""
    inference_pacs: str = ""  # the [[pacs]] node a worker C-GETs from (fetch = "cget")
    update_source: str = ""
    update_public_key: str = ""
    pacs: list[PacsNode] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)  # files read, in order

    def database_url_with_password(self) -> str:
        """``database_url`` with the password from ``password_file`` put in (never logged)."""
        return _with_password(self.database_url, self.database_password_file)

    def broker_url_with_password(self) -> str:
        """``broker_url`` with the password put in (``redis://:PASSWORD@host:6379/0``; never logged)."""
        if not self.broker_url or not self.broker_password_file:
            return self.broker_url
        from urllib.parse import quote, urlunsplit

        parts = urlsplit(self.broker_url)
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
        netloc = (f"{quote(parts.username or '', safe='')}:{quote(read_secret(self.broker_password_file), safe='')}"
                  f"@{host}{f':{parts.port}' if parts.port else ''}")
        return urlunsplit(parts._replace(netloc=netloc))

    def backend_token(self) -> str:
        return read_secret(self.backend_token_file) if self.backend_token_file else ""


def system_path() -> Path:
    return Path(os.environ[ENV_PATH]) if os.environ.get(ENV_PATH) else SYSTEM_PATH


def user_path() -> Path:
    home = os.environ.get("CDSS_WORKSTATION_HOME")
    base = Path(home) if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return base / "site.toml"


def load(paths: list[Path] | None = None) -> SiteConfig:
    """The merged site configuration (empty when no file exists). Raises :class:`SiteConfigError`."""
    merged: dict = {}
    cfg_sources: list[Path] = []
    paths_in_order = paths if paths is not None else [system_path(), user_path()]
    for path in paths_in_order:
        if not path.is_file():
            continue
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SiteConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SiteConfigError(f"{path}: not valid TOML: {exc}") from exc
        _check(path, raw)
        if path != paths_in_order[0]:
            for table in SYSTEM_ONLY & raw.keys():  # where updates come from and which key signs them: IT decides
                log.warning("%s: [%s] is taken from the system file only; ignored here", path, table)
                del raw[table]
        _merge(merged, raw)
        cfg_sources.append(path)
    return _build(merged, cfg_sources)


def _check(path: Path, raw: dict) -> None:
    for key, value in raw.items():
        if key == "pacs":
            if not isinstance(value, list):
                raise SiteConfigError(f"{path}: 'pacs' must be a list of [[pacs]] tables")
            for n, node in enumerate(value):
                _check_table(path, f"pacs[{n}]", node, PACS_KEYS)
                if not node.get("name"):
                    raise SiteConfigError(f"{path}: pacs[{n}] needs a name")
        elif isinstance(value, dict):
            if key not in SCHEMA or key == "":
                raise SiteConfigError(f"{path}: unknown table [{key}] (known: {', '.join(k for k in SCHEMA if k)}, pacs)")
            _check_table(path, key, value, SCHEMA[key])
        else:
            _check_table(path, "", {key: value}, SCHEMA[""])


def _check_table(path: Path, table: str, values: dict, schema: dict) -> None:
    where = f"[{table}] " if table else ""
    for key, value in values.items():
        if key not in schema:
            if any(w in key.lower() for w in SECRET_WORDS):
                raise SiteConfigError(f"{path}: {where}{key}: secrets are not written into the site file; put it "
                                      f"in a root-only file (chmod 600) and give its path as {key.split('_')[0]}_file")
            raise SiteConfigError(f"{path}: {where}unknown key {key!r} (known: {', '.join(schema)})")
        kind = schema[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SiteConfigError(f"{path}: {where}{key} = {value!r} has the wrong type")
        if isinstance(value, str) and "://" in value and urlsplit(value).password:
            raise SiteConfigError(f"{path}: {where}{key}: the URL carries a password; leave it out and use "
                                  "password_file")


def _merge(into: dict, raw: dict) -> None:
    for key, value in raw.items():
        if key == "pacs":
            by_name = {n["name"]: n for n in into.get("pacs", [])}
            for node in value:
                by_name[node["name"]] = {**by_name.get(node["name"], {}), **node}
            into["pacs"] = list(by_name.values())
        elif isinstance(value, dict):
            into.setdefault(key, {}).update(value)
        else:
            into[key] = value


def _build(m: dict, cfg_sources: list[Path]) -> SiteConfig:
    a, b, d = m.get("archive", {}), m.get("backend", {}), m.get("dicom", {})
    i, u = m.get("inference", {}), m.get("updates", {})
    port = d.get("port")
    if port is not None and not 0 < port < 65536:
        raise SiteConfigError(f"{cfg_sources[-1]}: [dicom] port {port} is not 1-65535")
    ae = d.get("ae_title", "")
    if ae and (len(ae) > 16 or not ae.strip()):
        raise SiteConfigError(f"[dicom] ae_title {ae!r} must be 1-16 characters")
    if i.get("queue", "gpu") not in ("gpu", "cpu"):
        raise SiteConfigError(f"[inference] queue {i['queue']!r}: use gpu or cpu")
    if i.get("fetch", "files") not in ("files", "archive", "dicomweb", "cget"):
        raise SiteConfigError(f"[inference] fetch {i['fetch']!r}: use files, archive, dicomweb or cget")
    if i.get("fetch") == "cget" and i.get("pacs") not in {n["name"] for n in m.get("pacs", [])}:
        raise SiteConfigError(f"[inference] fetch = \"cget\" needs pacs = the name of a [[pacs]] node "
                              f"(not {i.get('pacs', '')!r})")
    if i.get("fetch") == "dicomweb" and not i.get("dicomweb_url"):
        raise SiteConfigError("[inference] fetch = \"dicomweb\" needs dicomweb_url")
    lang = m.get("language", "")
    if lang and lang not in ("system", "en", "ko"):
        raise SiteConfigError(f"language {lang!r}: use system, en or ko")
    return SiteConfig(
        language=lang, database_url=a.get("database_url", ""), database_password_file=a.get("password_file", ""),
        backend_url=b.get("url", ""), backend_token_file=b.get("token_file", ""),
        backend_interval_s=b.get("interval_s"), ae_title=ae, port=port, receive=d.get("receive"),
        broker_url=i.get("broker_url", ""), broker_password_file=i.get("password_file", ""),
        inference_queue=i.get("queue", ""), inference_fetch=i.get("fetch", ""),
        inference_dicomweb_url=i.get("dicomweb_url", ""), inference_stow_url=i.get("stow_url", ""),
        inference_pacs=i.get("pacs", ""),
        update_source=u.get("source", ""), update_public_key=u.get("public_key", ""),
        pacs=[PacsNode(**n) for n in m.get("pacs", [])], sources=cfg_sources)


def read_secret(path: str | Path) -> str:
    """The contents of a secret file (one line, trailing newline dropped) after checking it is private:
    a regular file owned by root or by this user, not writable by the group, nothing for others."""
    p = Path(path)
    try:
        st = p.lstat()
    except OSError as exc:
        raise SiteConfigError(f"secret file {p}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise SiteConfigError(f"secret file {p} is not a regular file")
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (0, os.getuid()):
        raise SiteConfigError(f"secret file {p} must be owned by root (or by you), not uid {st.st_uid}")
    if mode & 0o027:
        raise SiteConfigError(f"secret file {p} has mode {mode:04o}: others may read or change it; "
                              f"`chmod 600 {p}` (or 640 with a group of workstation users)")
    try:
        return p.read_text(encoding="utf-8").rstrip("\r\n")
    except PermissionError as exc:
        raise SiteConfigError(f"secret file {p}: permission denied (make it readable by the workstation users' "
                              "group: chown root:GROUP, chmod 640)") from exc


def _with_password(url: str, password_file: str) -> str:
    if not url or not password_file:
        return url
    from sqlalchemy.engine import make_url  # sqlalchemy quotes the password correctly

    return make_url(url).set(password=read_secret(password_file)).render_as_string(hide_password=False)


def settings_defaults() -> dict:
    """Defaults for ``workstation.session.settings.Settings`` from the site files (the user's own settings.json still
    wins). A broken site file is logged and ignored so the workstation still starts."""
    try:
        cfg = load()
    except SiteConfigError as exc:
        log.error("site configuration ignored: %s", exc)
        return {}
    out: dict = {}
    if cfg.language:
        out["language"] = cfg.language
    if cfg.backend_url:
        out["sync_url"] = cfg.backend_url
    if cfg.backend_token_file:
        try:
            out["sync_token"] = cfg.backend_token()
        except SiteConfigError as exc:
            log.error("backend token not used: %s", exc)
    if cfg.backend_interval_s is not None:
        out["sync_interval_s"] = float(cfg.backend_interval_s)
    if cfg.ae_title:
        out["dicom_aet"] = cfg.ae_title
    if cfg.port is not None:
        out["dicom_port"] = cfg.port
    if cfg.receive is not None:
        out["dicom_receive"] = cfg.receive
    if cfg.broker_url:  # its password stays in the site's password file (added when connecting)
        out["inference_broker_url"] = cfg.broker_url
    if cfg.inference_queue:
        out["inference_queue"] = cfg.inference_queue
    return out
