"""Helpers for the installer tests: throwaway key pairs and signed release folders made with the project's own
signing script (``installer/sign_release.py``)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIGN_SCRIPT = ROOT / "installer" / "sign_release.py"


def sign_module():
    spec = importlib.util.spec_from_file_location("cdss_sign_release", SIGN_SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def keypair(folder: Path) -> tuple[Path, Path]:
    """(private PEM, public PEM) of a new throwaway Ed25519 key in ``folder``."""
    return sign_module().keygen(folder)


def make_release(folder: Path, private_key: Path, version: str, payload: bytes = b"") -> Path:
    """A release folder with a small stand-in .deb and tarball, signed like the build signs real ones."""
    mod = sign_module()
    folder.mkdir(parents=True, exist_ok=True)
    body = payload or (b"!<arch>\n" + f"cdss-workstation {version}\n".encode() * 2000)
    (folder / f"cdss-workstation_{version}_amd64.deb").write_bytes(body)
    (folder / f"cdss-workstation-{version}-linux-x86_64.tar.gz").write_bytes(body[::-1])
    mod.sign_release(folder, mod.load_private_key(private_key), version, "2026-12-02T08:00:00Z")
    return folder


def flip_byte(path: Path, offset: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
