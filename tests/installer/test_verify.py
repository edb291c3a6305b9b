"""``cdss-workstation verify``: a signed artefact is accepted; a flipped byte, another key's signature and a
missing signature are each refused with their own exit code and a message saying why. The plain-tool way
(openssl + sha256sum) documented in docs/installer.md gives the same answers."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.installer.signing import flip_byte, keypair, make_release
from workstation.cli.main import main


@pytest.fixture
def release(tmp_path):
    priv, pub = keypair(tmp_path / "key")
    rel = make_release(tmp_path / "rel", priv, "0.2.0")
    return rel, rel / "cdss-workstation_0.2.0_amd64.deb", pub


def test_signed_artefact_is_accepted(release, capsys):
    rel, deb, pub = release
    assert main(["verify", str(deb), "--key", str(pub)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK:") and deb.name in out
    assert main(["verify", str(rel / "SHA256SUMS"), "--key", str(pub)]) == 0
    assert main(["verify", str(rel / "release.json"), "--key", str(pub)]) == 0


def test_flipped_byte_is_refused_as_altered(release, capsys):
    rel, deb, pub = release
    flip_byte(deb)
    assert main(["verify", str(deb), "--key", str(pub)]) == 5
    err = capsys.readouterr().err
    assert "REFUSED" in err and "altered after signing" in err


def test_flipped_byte_told_by_release_json_alone(release, capsys):
    rel, deb, pub = release
    (rel / "SHA256SUMS").unlink()
    flip_byte(deb, offset=len(deb.read_bytes()) - 1)
    assert main(["verify", str(deb), "--key", str(pub)]) == 5
    assert "altered after signing" in capsys.readouterr().err


def test_lone_artefact_with_a_flipped_byte_still_refused(release, capsys):
    rel, deb, pub = release
    for name in ("SHA256SUMS", "release.json"):
        (rel / name).unlink()
    flip_byte(deb)
    assert main(["verify", str(deb), "--key", str(pub)]) == 5
    assert "does not match its signature" in capsys.readouterr().err


def test_damaged_signature_file_of_an_intact_artefact(release, capsys):
    rel, deb, pub = release
    flip_byte(rel / (deb.name + ".sig"), offset=3)
    assert main(["verify", str(deb), "--key", str(pub)]) == 5
    assert "fetch the .sig again" in capsys.readouterr().err


def test_signed_with_another_key_is_refused(release, tmp_path, capsys):
    rel, deb, pub = release
    other_priv, _ = keypair(tmp_path / "other")
    forged = make_release(tmp_path / "forged", other_priv, "0.2.0")
    assert main(["verify", str(forged / deb.name), "--key", str(pub)]) == 6
    assert "another key" in capsys.readouterr().err


def test_unsigned_is_refused(release, capsys):
    rel, deb, pub = release
    (rel / (deb.name + ".sig")).unlink()
    assert main(["verify", str(deb), "--key", str(pub)]) == 4
    assert "unsigned" in capsys.readouterr().err


def test_truncated_signature_counts_as_unsigned(release, capsys):
    rel, deb, pub = release
    sig = rel / (deb.name + ".sig")
    sig.write_bytes(sig.read_bytes()[:40])
    assert main(["verify", str(deb), "--key", str(pub)]) == 4


def test_explicit_signature_path_and_missing_inputs(release, tmp_path, capsys):
    rel, deb, pub = release
    moved = tmp_path / "elsewhere.sig"
    shutil.move(rel / (deb.name + ".sig"), moved)
    assert main(["verify", str(deb), "--signature", str(moved), "--key", str(pub)]) == 0
    assert main(["verify", str(tmp_path / "nope.deb"), "--key", str(pub)]) == 3
    not_a_key = tmp_path / "bad.pub"
    not_a_key.write_text("hello")
    assert main(["verify", str(deb), "--signature", str(moved), "--key", str(not_a_key)]) == 7
    assert "not a PEM public key" in capsys.readouterr().err


def test_repository_key_is_the_default(tmp_path, capsys):
    # the shipped release key is found without --key; a throwaway-signed file is refused under it
    priv, _ = keypair(tmp_path / "key")
    rel = make_release(tmp_path / "rel", priv, "0.2.0")
    assert main(["verify", str(rel / "release.json")]) == 6
    assert "release key" in capsys.readouterr().err


@pytest.mark.skipif(not shutil.which("openssl") or not shutil.which("sha256sum"), reason="needs openssl, sha256sum")
def test_plain_tools_agree(release):
    rel, deb, pub = release

    def openssl_ok() -> bool:
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(pub), "-rawin",
                            "-in", str(deb), "-sigfile", str(deb) + ".sig"], capture_output=True, text=True)
        return r.returncode == 0 and "Signature Verified Successfully" in r.stdout

    def sums_ok() -> bool:
        return subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=rel, capture_output=True).returncode == 0

    assert openssl_ok() and sums_ok()
    flip_byte(deb)
    assert not openssl_ok() and not sums_ok()


def test_release_modules_are_qt_free():
    import sys
    code = ("import sys; import workstation.site_config, workstation.updates, workstation.release_verify; "
            "bad = [m for m in ('PySide6', 'vtkmodules') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_verify_command_imports_lightly():
    # `verify` must not pull in Qt, VTK or the archive just to parse its arguments
    code = ("import sys; from workstation.cli import cmd_verify; "
            "bad = [m for m in ('PySide6', 'vtkmodules', 'sqlalchemy', 'cryptography') if m in sys.modules]; "
            "print(bad); sys.exit(bool(bad))")
    import sys
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
