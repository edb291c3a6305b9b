#!/usr/bin/env python3
"""Sign a release folder with the project's Ed25519 key (build time only; the application never signs).

    sign_release.py keygen DIR                         -> DIR/release-ed25519.key (0600) and .pub (throwaway keys)
    sign_release.py pubkey KEY OUT                     -> OUT: the public half of KEY (PEM)
    sign_release.py sign DIST --key KEY --version V --build-date ISO
        -> DIST/NAME.sig for every artefact, DIST/release.json(.sig), DIST/SHA256SUMS(.sig)

The signatures are the 64 raw Ed25519 bytes over the whole file, the form ``openssl pkeyutl -sign -rawin``
writes and ``openssl pkeyutl -verify -rawin`` checks. The private key is a PKCS#8 PEM file (``openssl genpkey
-algorithm ed25519`` writes one); it is read from ``--key`` or ``$CDSS_SIGNING_KEY`` and never copied.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (Encoding, NoEncryption, PrivateFormat, PublicFormat,
                                                          load_pem_private_key)

ARTEFACT_SUFFIXES = (".deb", ".tar.gz", ".tgz", ".zip")


def keygen(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    priv, pub = folder / "release-ed25519.key", folder / "release-ed25519.pub"
    fd = os.open(priv, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    pub.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return priv, pub


def load_private_key(path: Path) -> Ed25519PrivateKey:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        sys.exit(f"error: the signing key {path} is readable by others (mode {mode:o}); chmod 600 it")
    password = os.environ.get("CDSS_SIGNING_KEY_PASSPHRASE")
    key = load_pem_private_key(path.read_bytes(), password.encode() if password else None)
    if not isinstance(key, Ed25519PrivateKey):
        sys.exit(f"error: {path} is not an Ed25519 private key")
    return key


def sign_file(key: Ed25519PrivateKey, path: Path) -> Path:
    sig = path.with_name(path.name + ".sig")
    sig.write_bytes(key.sign(path.read_bytes()))
    return sig


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sign_release(dist: Path, key: Ed25519PrivateKey, version: str, build_date: str, commit: str = "") -> list[Path]:
    artefacts = sorted(p for p in dist.iterdir() if p.is_file() and p.name.endswith(ARTEFACT_SUFFIXES))
    if not artefacts:
        sys.exit(f"error: no artefacts ({', '.join(ARTEFACT_SUFFIXES)}) in {dist}")
    pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    release = {
        "name": "cdss-workstation",
        "version": version,
        "build_date": build_date,
        "commit": commit,
        "key_fingerprint": hashlib.sha256(pub).hexdigest()[:16],
        "artefacts": [{"name": p.name, "kind": _kind(p.name), "size": p.stat().st_size, "sha256": sha256(p)}
                      for p in artefacts],
    }
    (dist / "release.json").write_text(json.dumps(release, indent=1) + "\n", encoding="utf-8")
    signed = [*artefacts, dist / "release.json"]
    for p in signed:
        sign_file(key, p)
    lines = [f"{sha256(p)}  {p.name}\n" for p in signed]
    (dist / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
    sign_file(key, dist / "SHA256SUMS")
    return signed


def _kind(name: str) -> str:
    return "deb" if name.endswith(".deb") else "tarball"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("keygen", help="write a new key pair into DIR (throwaway keys for tests and dev builds)")
    k.add_argument("dir", type=Path)
    pk = sub.add_parser("pubkey", help="write the public half (PEM) of a private key")
    pk.add_argument("key", type=Path)
    pk.add_argument("out", type=Path)
    s = sub.add_parser("sign", help="sign every artefact in DIST and write the manifests")
    s.add_argument("dist", type=Path)
    s.add_argument("--key", type=Path, default=os.environ.get("CDSS_SIGNING_KEY"),
                   help="private key (PEM); default $CDSS_SIGNING_KEY")
    s.add_argument("--version", required=True)
    s.add_argument("--build-date", required=True)
    s.add_argument("--commit", default="")
    args = ap.parse_args(argv)
    if args.cmd == "keygen":
        priv, pub = keygen(args.dir)
        print(f"{priv}\n{pub}")
        return 0
    if args.cmd == "pubkey":
        pub = load_private_key(args.key).public_key()
        args.out.write_bytes(pub.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
        return 0
    if not args.key:
        sys.exit("error: no signing key: give --key or set CDSS_SIGNING_KEY")
    signed = sign_release(args.dist, load_private_key(Path(args.key)), args.version, args.build_date, args.commit)
    for p in signed:
        print(f"signed {p.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
