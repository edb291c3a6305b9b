"""Command-line access to the archive's patient data: with local users, ``list``, ``export`` (also
``--deidentify``), and ``render``/``inspect`` of archive files need a login (a ``login`` session, or
CDSS_USER with the password on stdin) and a role that may see images; each run is an audit row. Without
users they run as the local reader, still audited. Files outside the archive need no login."""
from __future__ import annotations

import io
import sys

import pytest

from tests.reading.conftest import FAST_HASHER
from tests.security.phi_files import import_folder, phi_marks, write_study
from workstation.cli.main import main
from workstation.db.engine import sqlite_url
from workstation.reading.audit import AuditLog
from workstation.reading.auth import UserStore
from workstation.reading.repository import ReadingRepository

DENIED = 3


@pytest.fixture
def site(tmp_path, monkeypatch):
    """An archive holding one patient's study (imported), and no users yet."""
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CDSS_READING_DEMO", "0")
    monkeypatch.delenv("CDSS_USER", raising=False)
    monkeypatch.delenv("CDSS_PASSWORD_STDIN", raising=False)
    marks = phi_marks(11)
    study = write_study(tmp_path / "in", marks, n=2)
    import_folder(tmp_path / "home" / "archive", tmp_path / "in")
    return tmp_path, marks, study


def run(argv, monkeypatch, capsys, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def store(tmp_path):
    repo = ReadingRepository.open(sqlite_url(tmp_path / "home" / "archive" / "archive.db"))
    audit = AuditLog(repo.session_factory, "ws")
    return repo, audit, UserStore(repo.session_factory, audit, hasher=FAST_HASHER)


def add_users(tmp_path):
    repo, audit, users = store(tmp_path)
    users.create_user("it.park", "admin-password", "SYSTEMMANAGER")
    users.create_user("dr.kim", "reader-password", "RIS")
    users.create_user("nurse.lee", "nurse-password", "NURSE")
    repo.engine.dispose()


def rows(tmp_path, action):
    repo, audit, _ = store(tmp_path)
    out = [(e.username, e.target, e.detail) for e in audit.entries(action=action)]
    repo.engine.dispose()
    return out


def test_without_users_the_local_reader_lists_and_is_audited(site, monkeypatch, capsys):
    tmp_path, marks, _ = site
    rc, out, _ = run(["list"], monkeypatch, capsys)
    assert rc == 0 and marks["name"].split("^")[0] in out
    assert rows(tmp_path, "list_archive") == [("local", "archive", "cli list")]


def test_with_users_nothing_is_shown_without_a_login(site, monkeypatch, capsys):
    tmp_path, marks, study = site
    add_users(tmp_path)
    for argv in (["list"], ["list", "--json"], ["export", "--study", study, "--out", str(tmp_path / "x")],
                 ["export", "--study", study, "--out", str(tmp_path / "y"), "--deidentify"]):
        rc, out, err = run(argv, monkeypatch, capsys)
        assert rc == DENIED, (argv, out, err)
        assert "log in first" in err and marks["name"].split("^")[0] not in out + err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_password_on_stdin_logs_in_and_a_wrong_one_is_refused(site, monkeypatch, capsys):
    tmp_path, marks, _ = site
    add_users(tmp_path)
    monkeypatch.setenv("CDSS_USER", "dr.kim")
    monkeypatch.setenv("CDSS_PASSWORD_STDIN", "1")
    rc, out, err = run(["list"], monkeypatch, capsys, "wrong-password\n")
    assert rc == DENIED and "wrong user name or password" in err and marks["name"].split("^")[0] not in out
    rc, out, _ = run(["list"], monkeypatch, capsys, "reader-password\n")
    assert rc == 0 and marks["name"].split("^")[0] in out
    assert rows(tmp_path, "list_archive") == [("dr.kim", "archive", "cli list")]
    assert [r[0] for r in rows(tmp_path, "login_failed")] == ["dr.kim"]


def test_a_login_session_serves_later_commands_until_it_ends(site, monkeypatch, capsys):
    tmp_path, marks, study = site
    add_users(tmp_path)
    rc, out, err = run(["login", "--user", "dr.kim", "--password-stdin"], monkeypatch, capsys, "reader-password\n")
    assert rc == 0 and "logged in as dr.kim (RIS)" in out, err
    assert run(["list"], monkeypatch, capsys)[0] == 0
    rc, out, err = run(["export", "--study", study, "--out", str(tmp_path / "deid"), "--deidentify"],
                       monkeypatch, capsys)
    assert rc == 0, out + err
    assert rows(tmp_path, "export_images") == [
        ("dr.kim", f"study {study}", f"cli export to {tmp_path / 'deid'} (de-identified)")]
    assert run(["login", "--end"], monkeypatch, capsys)[1] == "session ended\n"
    rc, _, err = run(["list"], monkeypatch, capsys)
    assert rc == DENIED and "log in first" in err


def test_a_role_without_images_is_refused_and_audited(site, monkeypatch, capsys):
    tmp_path, _, study = site
    add_users(tmp_path)
    assert run(["login", "--user", "nurse.lee", "--password-stdin"], monkeypatch, capsys, "nurse-password\n")[0] == 0
    rc, _, err = run(["export", "--study", study, "--out", str(tmp_path / "n"), "--deidentify"], monkeypatch, capsys)
    assert rc == DENIED and "may not view images" in err
    assert rows(tmp_path, "permission_denied")[0][0] == "nurse.lee"


def test_a_role_change_ends_the_session(site, monkeypatch, capsys):
    tmp_path, _, _ = site
    add_users(tmp_path)
    assert run(["login", "--user", "dr.kim", "--password-stdin"], monkeypatch, capsys, "reader-password\n")[0] == 0
    repo, _, users = store(tmp_path)
    users.set_role("dr.kim", "DOCTOR", by="it.park")
    repo.engine.dispose()
    rc, _, err = run(["list"], monkeypatch, capsys)
    assert rc == DENIED and "log in first" in err


def test_archive_files_need_a_login_for_inspect_and_render_outside_files_do_not(site, monkeypatch, capsys):
    tmp_path, _, _ = site
    add_users(tmp_path)
    stored = next((tmp_path / "home" / "archive" / "store").rglob("*.dcm"))
    for argv in (["inspect", str(stored)], ["render", str(stored), "--out", str(tmp_path / "a.png")]):
        rc, _, err = run(argv, monkeypatch, capsys)
        assert rc == DENIED and "log in first" in err, argv
    outside = next((tmp_path / "in").glob("*.dcm"))
    rc, out, err = run(["inspect", str(outside)], monkeypatch, capsys)
    assert rc == 0, err
    assert rows(tmp_path, "open_study") == []  # the user's own file: nothing to audit
    monkeypatch.setenv("CDSS_USER", "dr.kim")
    monkeypatch.setenv("CDSS_PASSWORD_STDIN", "1")
    rc, _, err = run(["inspect", str(stored)], monkeypatch, capsys, "reader-password\n")
    assert rc == 0, err
    assert rows(tmp_path, "open_study") == [("dr.kim", "archive files", f"cli inspect {stored}")]


def test_login_options_on_a_parser_log_in_and_audit(site, monkeypatch):
    """``add_login_options`` gives a gated command ``--user`` and ``--password-stdin``."""
    import argparse

    from workstation.cli.auth_gate import add_login_options, gate
    from workstation.cli.options import add_archive_options
    from workstation.reading.roles import Action

    tmp_path, _, _ = site
    add_users(tmp_path)
    p = argparse.ArgumentParser()
    add_login_options(p)
    add_archive_options(p)
    args = p.parse_args(["--user", "dr.kim", "--password-stdin"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong-password\n"))
    assert gate(args, Action.VIEW_IMAGES, "export_images", "study 1") is None
    monkeypatch.setattr(sys, "stdin", io.StringIO("reader-password\n"))
    access = gate(args, Action.VIEW_IMAGES, "export_images", "study 1")
    assert access is not None and access.user.username == "dr.kim"
    assert rows(tmp_path, "export_images") == [("dr.kim", "study 1", "")]


def test_user_and_password_stdin_flags_log_in_for_one_run(site, monkeypatch, capsys):
    tmp_path, marks, _ = site
    add_users(tmp_path)
    rc, out, err = run(["list", "--user", "dr.kim", "--password-stdin"], monkeypatch, capsys,
                       stdin="wrong-password\n")
    assert rc == DENIED and marks["name"].split("^")[0] not in out
    rc, out, _ = run(["list", "--user", "dr.kim", "--password-stdin"], monkeypatch, capsys,
                     stdin="reader-password\n")
    assert rc == 0 and marks["name"].split("^")[0] in out
    assert ("dr.kim", "archive", "cli list") in rows(tmp_path, "list_archive")
