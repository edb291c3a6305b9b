"""Site configuration for IT: system file, per-user override, refusal of plain-text secrets, private secret files,
and the Settings defaults the window starts with."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from workstation import site_config
from workstation.site_config import SiteConfigError, load, read_secret

EXAMPLE = Path(__file__).resolve().parents[2] / "installer" / "site.toml.example"

SYSTEM = """
language = "ko"
[archive]
database_url = "mysql+pymysql://cdss@db.hospital.local/cdss_archive"
password_file = "{secret}"
[backend]
url = "https://cdss.hospital.local:8600"
[dicom]
ae_title = "CDSSWS01"
port = 11112
[inference]
broker_url = "redis://infer.hospital.local:6379/0"
[[pacs]]
name = "PACS"
ae_title = "HOSPACS"
host = "pacs.hospital.local"
port = 104
[[pacs]]
name = "WEB"
dicomweb_url = "https://pacs.hospital.local/dicom-web"
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    secret = tmp_path / "secrets" / "db"
    secret.parent.mkdir()
    secret.write_text("s3cr:et@/pw\n")
    secret.chmod(0o600)
    system = tmp_path / "etc" / "site.toml"
    system.parent.mkdir()
    system.write_text(SYSTEM.format(secret=secret))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(system))
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(home))
    return system, home, secret


def test_system_file_is_read(site):
    cfg = load()
    assert cfg.language == "ko" and cfg.ae_title == "CDSSWS01" and cfg.port == 11112
    assert cfg.backend_url == "https://cdss.hospital.local:8600"
    assert cfg.broker_url.startswith("redis://infer")
    assert [n.name for n in cfg.pacs] == ["PACS", "WEB"] and cfg.pacs[0].port == 104
    assert cfg.sources == [site[0]]


def test_password_comes_from_the_secret_file_and_is_quoted(site):
    cfg = load()
    from sqlalchemy.engine import make_url

    url = make_url(cfg.database_url_with_password())
    assert url.password == "s3cr:et@/pw" and url.host == "db.hospital.local" and url.username == "cdss"
    assert "s3cr" not in repr(cfg)


def test_user_file_overrides_system_per_key_and_pacs_by_name(site):
    system, home, _ = site
    (home / "site.toml").write_text('language = "en"\n[dicom]\nport = 4242\n'
                                    '[[pacs]]\nname = "PACS"\nhost = "backup-pacs"\n'
                                    '[[pacs]]\nname = "MINE"\nae_title = "X"\nhost = "h"\nport = 1\n')
    cfg = load()
    assert cfg.language == "en" and cfg.port == 4242 and cfg.ae_title == "CDSSWS01"  # untouched key kept
    nodes = {n.name: n for n in cfg.pacs}
    assert nodes["PACS"].host == "backup-pacs" and nodes["PACS"].ae_title == "HOSPACS"
    assert set(nodes) == {"PACS", "WEB", "MINE"}


@pytest.mark.parametrize("text, words", [
    ('[archive]\npassword = "hunter2"\n', "password_file"),
    ('[backend]\ntoken = "abc"\n', "token_file"),
    ('[archive]\ndatabase_url = "mysql+pymysql://u:hunter2@db/x"\n', "carries a password"),
    ('[[pacs]]\nname = "P"\npassword = "x"\n', "password_file"),
])
def test_plain_text_secrets_are_refused(tmp_path, text, words):
    f = tmp_path / "site.toml"
    f.write_text(text)
    with pytest.raises(SiteConfigError, match=words) as err:
        load([f])
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize("text, words", [
    ("[dicom]\nport = 70000\n", "1-65535"),
    ("[dicom]\nprot = 104\n", "unknown key 'prot'"),
    ("[pacz]\nx = 1\n", "unknown table"),
    ('[dicom]\nport = "104"\n', "wrong type"),
    ("language = 'fr'\n", "language"),
    ("[dicom\n", "not valid TOML"),
])
def test_mistakes_are_named(tmp_path, text, words):
    f = tmp_path / "site.toml"
    f.write_text(text)
    with pytest.raises(SiteConfigError, match=words):
        load([f])


def test_secret_file_must_be_private(tmp_path):
    f = tmp_path / "db"
    f.write_text("pw\n")
    f.chmod(0o644)
    with pytest.raises(SiteConfigError, match="chmod 600"):
        read_secret(f)
    f.chmod(0o640)
    assert read_secret(f) == "pw"  # group-readable for a group of workstation users is allowed
    f.chmod(0o660)
    with pytest.raises(SiteConfigError, match="mode 0660"):
        read_secret(f)
    f.chmod(0o600)
    assert read_secret(f) == "pw"
    with pytest.raises(SiteConfigError, match="No such file"):
        read_secret(tmp_path / "missing")
    link = tmp_path / "link"
    link.symlink_to(f)
    with pytest.raises(SiteConfigError, match="not a regular file"):
        read_secret(link)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the file to another owner")
def test_secret_file_owned_by_someone_else_is_refused(tmp_path):
    f = tmp_path / "db"
    f.write_text("pw")
    f.chmod(0o600)
    os.chown(f, 12345, 12345)
    with pytest.raises(SiteConfigError, match="owned by root"):
        read_secret(f)


def test_settings_start_from_the_site_file(site):
    system, home, secret = site
    token = secret.parent / "token"
    token.write_text("tok-123\n")
    token.chmod(0o600)
    system.write_text(system.read_text().replace('[backend]\n', f'[backend]\ntoken_file = "{token}"\n'))
    from workstation.session.settings import Settings

    s = Settings.load()
    assert (s.language, s.dicom_aet, s.dicom_port) == ("ko", "CDSSWS01", 11112)
    assert s.sync_url == "https://cdss.hospital.local:8600" and s.sync_token == "tok-123"
    # the user's own saved settings still win
    s.dicom_port = 5555
    s.save()
    again = Settings.load()
    assert again.dicom_port == 5555 and again.dicom_aet == "CDSSWS01"


def test_broken_site_file_does_not_stop_the_workstation(site, caplog):
    site[0].write_text("[dicom]\nport = 0\n")
    assert site_config.settings_defaults() == {}
    assert "site configuration ignored" in caplog.text


def test_no_files_means_empty_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path))
    cfg = load()
    assert cfg.sources == [] and cfg.pacs == [] and site_config.settings_defaults() == {}


def test_shipped_example_is_valid_and_documents_every_key():
    cfg = load([EXAMPLE])
    assert cfg.sources == [EXAMPLE]
    text = EXAMPLE.read_text()
    for table, keys in site_config.SCHEMA.items():
        for key in keys:
            assert key in text, f"{table}.{key} not documented in {EXAMPLE.name}"
    for key in site_config.PACS_KEYS:
        assert key in text


def test_users_cannot_redirect_updates(site, caplog):
    system, home, _ = site
    system.write_text(system.read_text() + '[updates]\nsource = "/srv/cdss-updates"\n')
    (home / "site.toml").write_text('[updates]\nsource = "/home/me/evil"\npublic_key = "/home/me/my.pub"\n')
    cfg = load()
    assert cfg.update_source == "/srv/cdss-updates" and cfg.update_public_key == ""
    assert "system file only" in caplog.text


def test_the_archive_opens_on_the_site_database_when_no_folder_or_url_is_given(tmp_path, monkeypatch):
    from workstation.archive import Archive

    shared = tmp_path / "shared-archive.db"
    cfg = tmp_path / "site.toml"
    cfg.write_text(f'[archive]\ndatabase_url = "sqlite:///{shared}"\n', encoding="utf-8")
    monkeypatch.setenv("CDSS_SITE_CONFIG", str(cfg))
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    archive = Archive.open()
    try:
        assert shared.exists() and not (tmp_path / "home" / "archive" / "archive.db").exists()
    finally:
        archive.close()
    explicit = Archive.open(tmp_path / "own")  # an explicit folder keeps its own database
    try:
        assert (tmp_path / "own" / "archive.db").exists()
    finally:
        explicit.close()
