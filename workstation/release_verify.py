"""Checks that a release artefact (installer, tarball, update) is exactly what the project signed. Qt-free.

A release folder holds each artefact with a detached Ed25519 signature ``NAME.sig`` (the 64 raw signature bytes,
the form ``openssl pkeyutl -sign -rawin`` writes), a ``SHA256SUMS`` manifest (``sha256sum -c`` format) and
``release.json`` (version, build date, artefact sizes and hashes), both signed the same way. The public key is a
PEM ``PUBLIC KEY`` file: ``installer/keys/release-ed25519.pub`` in the repository, and the same file inside the
installed package.

``verify_artefact`` returns a :class:`Verdict` whose ``code`` is the exit code of ``cdss-workstation verify``:
0 verified, 3 artefact unreadable, 4 unsigned, 5 altered after signing, 6 signed with another key,
7 no usable public key.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import sys
from dataclasses import dataclass
from pathlib import Path

SIG_SUFFIX = ".sig"
MANIFEST_NAME = "SHA256SUMS"
RELEASE_NAME = "release.json"
KEY_NAME = "release-ed25519.pub"
KEY_ENV = "CDSS_RELEASE_KEY"
SIGNATURE_BYTES = 64

OK, UNREADABLE, UNSIGNED, TAMPERED, WRONG_KEY, NO_KEY = 0, 3, 4, 5, 6, 7


class PublicKeyError(Exception):
    """The public key file is missing or not an Ed25519 public key."""


@dataclass(frozen=True)
class Verdict:
    code: int
    message: str
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.code == OK


def key_search_path() -> list[Path]:
    """Where the release public key is looked for, first hit wins: ``$CDSS_RELEASE_KEY``, the key next to a
    frozen bundle, the installed package's copy, the repository's ``installer/keys``."""
    paths: list[Path] = []
    if os.environ.get(KEY_ENV):
        paths.append(Path(os.environ[KEY_ENV]))
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        paths += [exe_dir / "share" / KEY_NAME, Path(getattr(sys, "_MEIPASS", exe_dir)) / "installer" / "keys" / KEY_NAME]
    here = Path(__file__).resolve().parent  # .../workstation
    if here.parent.name == "app":  # the light package: /opt/cdss-workstation/app/workstation -> share/
        paths.append(here.parent.parent / "share" / KEY_NAME)
    paths += [here.parent / "installer" / "keys" / KEY_NAME, Path("/opt/cdss-workstation/share") / KEY_NAME]
    return paths


def default_key_path() -> Path | None:
    return next((p for p in key_search_path() if p.is_file()), None)


def load_public_key(path: Path | str | None = None):
    """The Ed25519 public key in ``path`` (PEM), or the default one. Raises :class:`PublicKeyError`."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    p = Path(path) if path else default_key_path()
    if p is None:
        raise PublicKeyError("no release public key found (looked in: "
                        + ", ".join(str(x) for x in key_search_path()) + "); give one with --key")
    try:
        key = load_pem_public_key(p.read_bytes())
    except OSError as exc:
        raise PublicKeyError(f"cannot read the public key {p}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise PublicKeyError(f"{p} is not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise PublicKeyError(f"{p} is not an Ed25519 public key")
    return key


def key_fingerprint(key) -> str:
    """SHA-256 of the raw 32 public key bytes, first 16 hex digits (shown to people, compared by them)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def signature_valid(path: Path, signature: bytes, key) -> bool:
    """Ed25519 check of the whole file (memory-mapped: large installers are not copied into memory)."""
    from cryptography.exceptions import InvalidSignature

    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            data: bytes | mmap.mmap = b""
        else:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            key.verify(signature, data)
            return True
        except InvalidSignature:
            return False
        finally:
            if isinstance(data, mmap.mmap):
                data.close()


def parse_manifest(text: str) -> dict[str, str]:
    """``sha256sum`` lines (``HEX  NAME`` or ``HEX *NAME``) as ``{name: hex}``."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.strip().split(None, 1)
        if len(parts) == 2 and len(parts[0]) == 64:
            out[parts[1].lstrip("*")] = parts[0].lower()
    return out


def read_signature(sig_path: Path) -> bytes | None:
    try:
        data = sig_path.read_bytes()
    except OSError:
        return None
    return data if len(data) == SIGNATURE_BYTES else b""


def verify_artefact(artefact: Path | str, signature: Path | str | None = None,
                    key_path: Path | str | None = None, key=None) -> Verdict:
    """Check ``artefact`` against its detached signature (default ``ARTEFACT.sig``) and the public key.
    When the signature does not match, the signed ``SHA256SUMS`` beside it (if any) tells an altered file
    from one signed with another key."""
    artefact = Path(artefact)
    if not artefact.is_file():
        return Verdict(UNREADABLE, f"REFUSED: {artefact} does not exist or is not a file")
    try:
        key = key if key is not None else load_public_key(key_path)
    except PublicKeyError as exc:
        return Verdict(NO_KEY, f"REFUSED: {exc}")
    fp = key_fingerprint(key)
    sig_path = Path(signature) if signature else artefact.with_name(artefact.name + SIG_SUFFIX)
    sig = read_signature(sig_path)
    try:
        digest = sha256_file(artefact)
    except OSError as exc:
        return Verdict(UNREADABLE, f"REFUSED: cannot read {artefact}: {exc.strerror or exc}")
    if sig is None:
        return Verdict(UNSIGNED, f"REFUSED: {artefact.name} is unsigned (no signature file {sig_path}); "
                                 "do not install it", digest)
    if not sig:
        return Verdict(UNSIGNED, f"REFUSED: {sig_path} is not an Ed25519 signature "
                                 f"({SIGNATURE_BYTES} bytes); {artefact.name} counts as unsigned", digest)
    if signature_valid(artefact, sig, key):
        return Verdict(OK, f"OK: {artefact.name} is signed by the release key {fp} (sha256 {digest})", digest)
    return _diagnose(artefact, digest, key, fp)


def _diagnose(artefact: Path, digest: str, key, fp: str) -> Verdict:
    """Why a signature failed, from the release's other signed files (SHA256SUMS, release.json) beside it."""
    witnesses = [p for p in (artefact.with_name(MANIFEST_NAME), artefact.with_name(RELEASE_NAME))
                 if p != artefact and p.is_file()]
    checked, trusted = False, []
    for w in witnesses:
        wsig = read_signature(w.with_name(w.name + SIG_SUFFIX))
        if wsig:
            checked = True
            if signature_valid(w, wsig, key):
                trusted.append(w)
    if checked and not trusted:
        return Verdict(WRONG_KEY, f"REFUSED: {artefact.name} and its release manifest were signed with another key, "
                                  f"not the release key {fp}; do not install it", digest)
    listed = next((h for h in (_listed_hash(w, artefact.name) for w in trusted) if h), "")
    if listed and listed != digest:
        return Verdict(TAMPERED, f"REFUSED: {artefact.name} was altered after signing (sha256 {digest}, "
                                 f"the signed manifest says {listed}); do not install it", digest)
    if listed == digest:
        return Verdict(TAMPERED, f"REFUSED: the signature file of {artefact.name} does not match it "
                                 "(the file itself matches the signed manifest: fetch the .sig again)", digest)
    return Verdict(TAMPERED, f"REFUSED: {artefact.name} does not match its signature: it was altered after "
                             f"signing or signed with another key than {fp}; do not install it", digest)


def _listed_hash(witness: Path, name: str) -> str:
    text = witness.read_text(encoding="utf-8", errors="replace")
    if witness.name == MANIFEST_NAME:
        return parse_manifest(text).get(name, "")
    try:
        entries = json.loads(text).get("artefacts", [])
    except (ValueError, AttributeError):
        return ""
    return next((str(a.get("sha256", "")) for a in entries if isinstance(a, dict) and a.get("name") == name), "")
