"""The installers as IT gets them, in the LIGHT build (``installer/build.sh --light``: the project installed from its
wheel with a small launcher instead of the frozen bundle, so it builds in seconds; the full PyInstaller build is
``benchmarks/installer_build.py``). Checked: signatures and manifest, package metadata with version and build
date, installation into a clean root with dpkg, the wrapper, desktop entry and icon, the installed program opening
the demo study under Xvfb, remove/purge keeping the users' archives, and the portable tarball."""
from __future__ import annotations

import configparser
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from tests.harness.peers import require_binary
from tests.installer.signing import ROOT, flip_byte
from workstation.cli.main import main

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
PKG = "cdss-workstation"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    for tool, package in (("dpkg-deb", "dpkg"), ("dpkg", "dpkg")):
        require_binary(tool, package)
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "CDSS_SIGNING_KEY"}  # the build makes a throwaway key
    r = subprocess.run(["bash", "installer/build.sh", "--light", "--out", str(out),
                        "--work", str(tmp_path_factory.mktemp("work"))],
                       cwd=ROOT, env={**env, "PYTHON": sys.executable}, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "THROWAWAY" in r.stderr  # said loudly, not silently
    return out


def deb_of(dist: Path) -> Path:
    return next(dist.glob(f"{PKG}_{VERSION}_*.deb"))


def install(deb: Path, root: Path, action: list[str] | None = None) -> subprocess.CompletedProcess:
    admin = root / "var" / "lib" / "dpkg"
    for d in ("info", "updates", "triggers"):
        (admin / d).mkdir(parents=True, exist_ok=True)
    (admin / "status").touch()
    cmd = ["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--force-depends",
           "--log=/dev/null", *(action or ["-i", str(deb)])]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def installed(root: Path, *args: str, home: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "CDSS_PYTHON": sys.executable}
    if home:
        env["CDSS_WORKSTATION_HOME"] = str(home)
    return subprocess.run([str(root / "usr" / "bin" / PKG), *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT)  # from the checkout: the installed code must still win


def test_every_artefact_is_signed_and_listed(dist, capsys):
    throwaway = dist / "THROWAWAY-release-ed25519.pub"
    tarball = next(dist.glob(f"{PKG}-{VERSION}-linux-*.tar.gz"))
    for f in (deb_of(dist), tarball, dist / "release.json", dist / "SHA256SUMS"):
        assert main(["verify", str(f), "--key", str(throwaway)]) == 0, f
        # a dev build is refused by the shipped release key: the throwaway key signed it
        assert main(["verify", str(f)]) == 6, f
    capsys.readouterr()
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=dist).returncode == 0
    release = json.loads((dist / "release.json").read_text())
    assert release["version"] == VERSION and {a["kind"] for a in release["artefacts"]} == {"deb", "tarball"}
    r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(throwaway), "-rawin",
                        "-in", str(deb_of(dist)), "-sigfile", f"{deb_of(dist)}.sig"], capture_output=True, text=True)
    assert "Signature Verified Successfully" in r.stdout, r.stderr


def test_flipped_byte_in_the_package_is_refused(dist, tmp_path, capsys):
    for name in (deb_of(dist).name, deb_of(dist).name + ".sig", "SHA256SUMS", "SHA256SUMS.sig"):
        shutil.copy(dist / name, tmp_path / name)
    deb = tmp_path / deb_of(dist).name
    flip_byte(deb, offset=deb.stat().st_size // 2)
    assert main(["verify", str(deb), "--key", str(dist / "THROWAWAY-release-ed25519.pub")]) == 5
    assert "altered after signing" in capsys.readouterr().err


def test_package_metadata_version_and_build_date(dist):
    deb = deb_of(dist)
    field = lambda name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True).stdout.strip()  # noqa: E731
    assert field("Package") == PKG and field("Version") == VERSION and field("Maintainer")
    assert field("Architecture") == subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                                   text=True).stdout.strip()
    control = subprocess.run(["dpkg-deb", "-I", str(deb), "conffiles"], capture_output=True, text=True).stdout
    assert control.split() == ["/etc/cdss-workstation/site.toml"]
    info = json.loads(subprocess.run(f"dpkg-deb --fsys-tarfile {deb} | tar -xOf - ./opt/{PKG}/build-info.json",
                                     shell=True, capture_output=True, text=True).stdout)
    release = json.loads((dist / "release.json").read_text())
    assert info["version"] == VERSION and info["build_date"] == release["build_date"] and info["mode"] == "light"


def test_install_into_a_clean_root(dist, tmp_path, capsys):
    root = tmp_path / "root"
    install(deb_of(dist), root)
    # resources/ goes in whole: every file of the checkout's resources (demo study, translations, models, ...)
    ours = [p.relative_to(ROOT) for p in (ROOT / "resources").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    assert len(ours) > 10
    missing = [f for f in ours if not (root / "opt" / PKG / "app" / f).is_file()]
    assert not missing
    wrapper = root / "usr" / "bin" / PKG
    assert wrapper.stat().st_mode & stat.S_IXOTH
    assert (root / "opt" / PKG / "share" / "release-ed25519.pub").read_bytes() == \
        (ROOT / "installer" / "keys" / "release-ed25519.pub").read_bytes()
    secrets = root / "etc" / PKG / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700  # made by postinst, inside the root
    from workstation.site_config import load

    assert load([root / "etc" / PKG / "site.toml"]).sources  # the shipped site file is valid (all defaults)
    # desktop entry: starts the wrapper on the PATH, an icon the theme finds, a menu category
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(root / "usr" / "share" / "applications" / f"{PKG}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] and d["Exec"].split()[0] == PKG and d["Terminal"] == "false"
    assert {"Graphics", "Science", "MedicalSoftware"} <= set(d["Categories"].strip(";").split(";"))
    if shutil.which("desktop-file-validate"):  # desktop-file-utils, when installed: errors fail, hints pass
        v = subprocess.run(["desktop-file-validate", str(root / "usr/share/applications" / f"{PKG}.desktop")],
                           capture_output=True, text=True)
        assert v.returncode == 0, v.stdout
    icons = list((root / "usr" / "share" / "icons" / "hicolor").rglob(f"{d['Icon']}.*"))
    assert {p.suffix for p in icons} == {".svg", ".png"}
    # the installed program runs, from its own files, and checks artefacts with the key it ships
    r = installed(root, "verify", str(deb_of(dist)), "--json")
    assert r.returncode == 6 and json.loads(r.stdout)["ok"] is False
    r = installed(root, "verify", str(deb_of(dist)), "--key", str(dist / "THROWAWAY-release-ed25519.pub"))
    assert r.returncode == 0 and r.stdout.startswith("OK:"), r.stderr
    where = subprocess.run([sys.executable, "-P", "-c", "import workstation; print(workstation.__file__)"],
                           env={**os.environ, "PYTHONPATH": str(root / "opt" / PKG / "app")},
                           capture_output=True, text=True).stdout
    assert where.startswith(str(root / "opt" / PKG / "app"))


def test_remove_and_purge_keep_the_users_archive(dist, tmp_path):
    root = tmp_path / "root"
    install(deb_of(dist), root)
    archive = root / "home" / "reader" / ".local" / "share" / PKG / "archive"
    archive.mkdir(parents=True)
    (archive / "archive.sqlite").write_bytes(b"the radiologist's reports")
    site = root / "etc" / PKG / "site.toml"
    site.write_text(site.read_text() + '\nlanguage = "ko"\n')  # IT edited the conffile
    r = install(deb_of(dist), root, ["--remove", PKG])
    assert "archives under their home folders were kept" in r.stderr
    assert not (root / "opt" / PKG).exists() and not (root / "usr" / "bin" / PKG).exists()
    assert 'language = "ko"' in site.read_text()  # remove keeps IT's configuration
    install(deb_of(dist), root, ["--purge", PKG])
    assert not (root / "etc" / PKG).exists()
    assert (archive / "archive.sqlite").read_bytes() == b"the radiologist's reports"


def test_portable_tarball(dist, tmp_path):
    tarball = next(dist.glob(f"{PKG}-{VERSION}-linux-*.tar.gz"))
    with tarfile.open(tarball) as t:
        names = set(t.getnames())
        assert all(n.split("/")[0] == f"{PKG}-{VERSION}" for n in names)
        t.extractall(tmp_path, filter="tar")
    top = tmp_path / f"{PKG}-{VERSION}"
    assert {f"{top.name}/{PKG}", f"{top.name}/build-info.json", f"{top.name}/share/release-ed25519.pub"} <= names
    r = subprocess.run([str(top / PKG), "verify", str(tarball), "--key", str(dist / "THROWAWAY-release-ed25519.pub")],
                       env={**os.environ, "CDSS_PYTHON": sys.executable}, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.gui
def test_installed_program_opens_the_demo_study(dist, tmp_path):
    if not os.environ.get("DISPLAY"):
        pytest.fail("no X display: pytest-xvfb should have started Xvfb")
    root = tmp_path / "root"
    install(deb_of(dist), root)
    home, shot = tmp_path / "home", tmp_path / "installed.png"
    r = installed(root, "run", "--screenshot", str(shot), home=home, timeout=300)
    assert r.returncode == 0 and shot.is_file(), r.stdout + r.stderr
    from PySide6.QtGui import QImage

    img = QImage(str(shot))
    assert img.width() >= 800 and img.height() >= 600
    listing = json.loads(installed(root, "list", "--json", home=home).stdout)
    import pydicom

    from resources import DEMO_DIR

    uids = set()
    for f in DEMO_DIR.rglob("*"):
        try:
            uids.add(str(pydicom.dcmread(f, stop_before_pixels=True, specific_tags=["StudyInstanceUID"]).StudyInstanceUID))
        except Exception:  # noqa: BLE001 - README, JSON, other non-DICOM files of the demo folder
            continue
    assert uids and all(uid in json.dumps(listing) for uid in uids)  # the installed program imported the demo


def test_release_key_from_the_environment(tmp_path, capsys):
    from tests.installer.signing import keypair

    priv, pub = keypair(tmp_path / "key")
    out = tmp_path / "dist"
    cmd = ["bash", "installer/build.sh", "--light", "--out", str(out), "--work", str(tmp_path / "work")]
    env = {**os.environ, "PYTHON": sys.executable, "CDSS_SIGNING_KEY": str(priv)}
    priv.chmod(0o644)  # a private key others can read is not used
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode != 0 and "readable by others" in r.stderr
    priv.chmod(0o600)
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "THROWAWAY" not in r.stderr and not list(out.glob("THROWAWAY*"))
    assert "not the release key in installer/keys" in r.stderr  # a test key: said, not silently shipped
    assert main(["verify", str(deb_of(out)), "--key", str(pub)]) == 0
    assert json.loads((out / "release.json").read_text())["key_fingerprint"] in capsys.readouterr().out
