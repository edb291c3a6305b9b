"""Looks for a newer signed release in the configured update source and offers it. Qt-free.

The source (site config ``[updates] source``) is a local folder, a ``file://`` URL or an ``http(s)://`` URL. It
holds one release (``release.json`` at its top) or one release per sub-folder. A release is offered only when
``release.json`` is signed by the release key, its version is newer than the installed one, and the artefact
(downloaded into a temporary folder for URLs) matches both the hash in ``release.json`` and its own detached
signature. Nothing here runs or installs what it finds: the offer names a verified file for IT or the user to
install (``dpkg -i``), and every refusal carries a reason.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from workstation.release_verify import (RELEASE_NAME, SIG_SUFFIX, PublicKeyError, key_fingerprint, load_public_key,
                                        read_signature, sha256_file, signature_valid, verify_artefact)

FETCH_TIMEOUT_S = 30


@dataclass(frozen=True)
class UpdateOffer:
    version: str
    build_date: str
    artefact: Path  # verified local file
    kind: str
    sha256: str
    source: str


@dataclass
class UpdateCheck:
    current_version: str
    offer: UpdateOffer | None = None
    reasons: list[str] = field(default_factory=list)  # why each release looked at was not offered

    @property
    def summary(self) -> str:
        if self.offer:
            o = self.offer
            return f"update {o.version} (built {o.build_date}) verified and offered: {o.artefact}"
        why = "; ".join(self.reasons) or "no release found"
        return f"no update offered (installed {self.current_version}): {why}"


def installed_version() -> str:
    """The running workstation's version: the bundle's build-info.json, else the installed distribution."""
    import sys

    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        for info in (exe_dir / "build-info.json", Path(getattr(sys, "_MEIPASS", exe_dir)) / "build-info.json"):
            try:
                return json.loads(info.read_text(encoding="utf-8"))["version"]
            except (OSError, ValueError, KeyError):
                continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cdss-workstation")
    except PackageNotFoundError:
        return "0"


def version_key(text: str) -> tuple[int, ...]:
    """``"1.10.2"`` -> ``(1, 10, 2)``; only the leading dotted numbers count (no pre-releases in the field)."""
    m = re.match(r"\s*v?(\d+(?:\.\d+)*)", text or "")
    if not m:
        raise ValueError(f"not a version: {text!r}")
    parts = [int(p) for p in m.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def check_for_update(source: str | Path, current_version: str | None = None, *, key_path: str | Path | None = None,
                     kind: str = "deb", download_dir: Path | None = None) -> UpdateCheck:
    """Look at every release in ``source`` and offer the newest one that is newer and verifies.
    Runs on a worker thread when called from the GUI (it may download)."""
    current = current_version or installed_version()
    check = UpdateCheck(current)
    try:
        key = load_public_key(key_path)
    except PublicKeyError as exc:
        check.reasons.append(str(exc))
        return check
    remote = str(source).startswith(("http://", "https://"))
    folder = Path(urllib.parse.urlsplit(str(source)).path) if str(source).startswith("file://") else Path(source)
    work = Path(download_dir) if download_dir else Path(tempfile.mkdtemp(prefix="cdss-update-"))
    candidates = _remote_releases(str(source), work, check) if remote else _local_releases(folder, check)
    best: UpdateOffer | None = None
    for rel_dir, base in candidates:
        offer = _consider(rel_dir, base, key, current, kind, work if remote else None, check)
        if offer and (best is None or version_key(offer.version) > version_key(best.version)):
            best = offer
    check.offer = best
    if not download_dir and (best is None or not str(best.artefact).startswith(str(work))):
        shutil.rmtree(work, ignore_errors=True)
    return check


def _local_releases(folder: Path, check: UpdateCheck) -> list[tuple[Path, str]]:
    if not folder.is_dir():
        check.reasons.append(f"update source {folder} is not a folder")
        return []
    found = [folder] if (folder / RELEASE_NAME).is_file() else []
    found += sorted(p for p in folder.iterdir() if p.is_dir() and (p / RELEASE_NAME).is_file())
    if not found:
        check.reasons.append(f"no {RELEASE_NAME} in {folder} or its sub-folders")
    return [(p, str(p)) for p in found]


def _remote_releases(url: str, work: Path, check: UpdateCheck) -> list[tuple[Path, str]]:
    base = url.rstrip("/") + "/"
    target = work / "release"
    target.mkdir(parents=True, exist_ok=True)
    for name in (RELEASE_NAME, RELEASE_NAME + SIG_SUFFIX):
        try:
            _download(base + name, target / name)
        except OSError as exc:
            if name == RELEASE_NAME:
                check.reasons.append(f"cannot fetch {base + name}: {exc}")
                return []
    return [(target, base)]


def _download(url: str, dest: Path) -> None:
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as r, open(dest, "wb") as f:  # noqa: S310
        shutil.copyfileobj(r, f)


def _consider(rel_dir: Path, base: str, key, current: str, kind: str, fetch_into: Path | None,
              check: UpdateCheck) -> UpdateOffer | None:
    release = rel_dir / RELEASE_NAME
    where = base
    sig = read_signature(release.with_name(RELEASE_NAME + SIG_SUFFIX))
    if sig is None or not sig:
        check.reasons.append(f"{where}: release.json is unsigned: not offered")
        return None
    if not signature_valid(release, sig, key):
        check.reasons.append(f"{where}: release.json is not signed by the release key {key_fingerprint(key)} "
                             "(altered or another key): not offered")
        return None
    try:
        info = json.loads(release.read_text(encoding="utf-8"))
        version = str(info["version"])
        newer = version_key(version) > version_key(current)
    except (ValueError, KeyError, TypeError) as exc:
        check.reasons.append(f"{where}: release.json is unusable ({exc}): not offered")
        return None
    if not newer:
        check.reasons.append(f"{where}: version {version} is not newer than the installed {current}")
        return None
    entry = next((a for a in info.get("artefacts", []) if a.get("kind") == kind), None)
    if entry is None:
        check.reasons.append(f"{where}: release {version} has no {kind} artefact")
        return None
    name = Path(entry["name"]).name  # never a path from the manifest
    artefact = rel_dir / name
    if fetch_into is not None:
        try:
            _download(base + name, artefact)
            _download(base + name + SIG_SUFFIX, artefact.with_name(name + SIG_SUFFIX))
        except OSError as exc:
            check.reasons.append(f"{where}: cannot fetch {name}: {exc}")
            return None
    if not artefact.is_file():
        check.reasons.append(f"{where}: {name} is missing")
        return None
    digest = sha256_file(artefact)
    if digest != entry.get("sha256"):
        check.reasons.append(f"{where}: {name} does not match the signed release.json (altered): not offered")
        return None
    verdict = verify_artefact(artefact, key=key)
    if not verdict.ok:
        check.reasons.append(f"{where}: {verdict.message}")
        return None
    return UpdateOffer(version, str(info.get("build_date", "")), artefact, kind, digest, base)
