"""The updater offers a newer release only when it is signed by the release key and every byte verifies; an older,
unsigned, tampered or foreign-signed release is not offered and the check says why. Local folders, file:// URLs
and a real HTTP server are covered."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.installer.signing import flip_byte, keypair, make_release
from workstation.updates import check_for_update, version_key


@pytest.fixture
def keys(tmp_path):
    priv, pub = keypair(tmp_path / "key")
    other, _ = keypair(tmp_path / "other")
    return priv, pub, other


def test_newer_signed_release_is_offered(tmp_path, keys):
    priv, pub, _ = keys
    src = make_release(tmp_path / "updates", priv, "0.2.0")
    check = check_for_update(src, "0.1.0", key_path=pub)
    assert check.offer is not None, check.summary
    assert check.offer.version == "0.2.0" and check.offer.artefact == src / "cdss-workstation_0.2.0_amd64.deb"
    assert check.offer.build_date == "2026-12-02T08:00:00Z"
    tar = check_for_update(f"file://{src}", "0.1.0", key_path=pub, kind="tarball")
    assert tar.offer and tar.offer.artefact.name.endswith(".tar.gz")


def test_newest_valid_of_several_is_offered_and_the_others_explained(tmp_path, keys):
    priv, pub, other = keys
    src = tmp_path / "updates"
    make_release(src / "0.1.0", priv, "0.1.0")
    make_release(src / "0.3.0", priv, "0.3.0")
    make_release(src / "0.9.0", other, "0.9.0")  # newest, but someone else's key
    tampered = make_release(src / "0.5.0", priv, "0.5.0")
    flip_byte(tampered / "cdss-workstation_0.5.0_amd64.deb")
    check = check_for_update(src, "0.2.0", key_path=pub)
    assert check.offer and check.offer.version == "0.3.0"
    text = " | ".join(check.reasons)
    assert "0.1.0 is not newer than the installed 0.2.0" in text
    assert "0.9.0: release.json is not signed by the release key" in text
    assert "0.5.0: cdss-workstation_0.5.0_amd64.deb does not match the signed release.json" in text


def test_older_or_same_is_not_offered(tmp_path, keys):
    priv, pub, _ = keys
    src = make_release(tmp_path / "u", priv, "0.1.0")
    for current in ("0.1.0", "0.1", "0.2.0"):
        check = check_for_update(src, current, key_path=pub)
        assert check.offer is None and "is not newer" in check.summary


def test_unsigned_release_is_not_offered(tmp_path, keys):
    priv, pub, _ = keys
    src = make_release(tmp_path / "u", priv, "0.2.0")
    (src / "release.json.sig").unlink()
    check = check_for_update(src, "0.1.0", key_path=pub)
    assert check.offer is None and "unsigned" in check.summary


def test_unsigned_artefact_in_a_signed_release_is_not_offered(tmp_path, keys):
    priv, pub, _ = keys
    src = make_release(tmp_path / "u", priv, "0.2.0")
    (src / "cdss-workstation_0.2.0_amd64.deb.sig").unlink()
    check = check_for_update(src, "0.1.0", key_path=pub)
    assert check.offer is None and "unsigned" in check.summary


def test_edited_release_json_is_not_offered(tmp_path, keys):
    priv, pub, _ = keys
    src = make_release(tmp_path / "u", priv, "0.2.0")
    rel = src / "release.json"
    rel.write_text(rel.read_text().replace('"0.2.0"', '"9.0.0"'))
    check = check_for_update(src, "0.1.0", key_path=pub)
    assert check.offer is None and "not signed by the release key" in check.summary


def test_missing_source_is_explained(tmp_path, keys):
    _, pub, _ = keys
    check = check_for_update(tmp_path / "nowhere", "0.1.0", key_path=pub)
    assert check.offer is None and "not a folder" in check.summary


@pytest.fixture
def http_source(tmp_path, keys):
    priv, pub, _ = keys
    site = make_release(tmp_path / "www", priv, "0.2.0")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site, pub
    server.shutdown()
    server.server_close()


def test_url_source_downloads_and_verifies(http_source, tmp_path):
    url, site, pub = http_source
    check = check_for_update(url, "0.1.0", key_path=pub, download_dir=tmp_path / "dl")
    assert check.offer and check.offer.artefact.parent == tmp_path / "dl" / "release"
    assert check.offer.artefact.read_bytes() == (site / check.offer.artefact.name).read_bytes()


def test_url_source_tampered_on_the_server_is_not_offered(http_source, tmp_path):
    url, site, pub = http_source
    flip_byte(site / "cdss-workstation_0.2.0_amd64.deb")
    check = check_for_update(url, "0.1.0", key_path=pub, download_dir=tmp_path / "dl")
    assert check.offer is None and "does not match the signed release.json" in check.summary


def test_version_order():
    assert version_key("0.10.0") > version_key("0.9.9") > version_key("0.9")
    assert version_key("1.0") == version_key("1.0.0") == version_key("v1")
    with pytest.raises(ValueError):
        version_key("latest")


def test_update_command_uses_the_site_source(tmp_path, keys, monkeypatch, capsys):
    from workstation.cli.main import main

    priv, pub, other = keys
    src = make_release(tmp_path / "updates", priv, "99.0.0")
    site = tmp_path / "site.toml"
    site.write_text(f'[updates]\nsource = "{src}"\npublic_key = "{pub}"\n')
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(site))
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    assert main(["update"]) == 0
    out = capsys.readouterr().out
    assert "update 99.0.0" in out and f"sudo dpkg -i {src / 'cdss-workstation_99.0.0_amd64.deb'}" in out
    forged = make_release(tmp_path / "forged", other, "99.0.0")
    assert main(["update", "--source", str(forged), "--json"]) == 1
    result = __import__("json").loads(capsys.readouterr().out)
    assert result["offer"] is None and "not signed by the release key" in result["reasons"][0]
    site.write_text("")
    assert main(["update"]) == 2 and "no update source" in capsys.readouterr().err


def test_installed_version_is_the_package_version():
    import tomllib

    from tests.installer.signing import ROOT
    from workstation.updates import installed_version

    assert installed_version() == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
