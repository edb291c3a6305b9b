"""``users`` and ``audit`` commands: bootstrap an administrator, add users, export the audit log."""
from __future__ import annotations

import csv
import io
import sys

from workstation.cli.main import main


def run(argv, stdin_text, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_users_and_audit_commands(tmp_path, monkeypatch, capsys):
    arch = ["--archive", str(tmp_path / "arch")]
    rc, _, err = run(["users", "add", "dr.kim", "--role", "RIS", "--password-stdin", *arch], "pw-long-enough\n",
                     monkeypatch, capsys)
    assert rc == 2 and "first user must have --role SYSTEMMANAGER" in err
    rc, out, _ = run(["users", "add", "it.park", "--role", "SYSTEMMANAGER", "--password-stdin", *arch],
                     "admin-password\n", monkeypatch, capsys)
    assert rc == 0 and "created with role SYSTEMMANAGER" in out
    rc, _, err = run(["users", "add", "dr.kim", "--role", "RIS", "--admin", "it.park", "--password-stdin", *arch],
                     "wrong\nx\n", monkeypatch, capsys)
    assert rc == 2 and "wrong user name or password" in err
    rc, out, _ = run(["users", "add", "dr.kim", "--role", "RIS", "--admin", "it.park", "--password-stdin", *arch],
                     "admin-password\nreader-password\n", monkeypatch, capsys)
    assert rc == 0
    rc, out, _ = run(["users", "list", "--admin", "it.park", "--password-stdin", *arch], "admin-password\n",
                     monkeypatch, capsys)
    assert "dr.kim" in out and "RIS" in out
    rc, _, err = run(["audit", "export", str(tmp_path / "a.csv"), "--admin", "dr.kim", "--password-stdin", *arch],
                     "reader-password\n", monkeypatch, capsys)
    assert rc == 2 and "may not export audit" in err
    rc, out, _ = run(["audit", "export", str(tmp_path / "a.csv"), "--admin", "it.park", "--password-stdin", *arch],
                     "admin-password\n", monkeypatch, capsys)
    assert rc == 0
    with (tmp_path / "a.csv").open(encoding="utf-8-sig") as f:
        actions = [(r["username"], r["action"]) for r in csv.DictReader(f)]
    assert ("it.park", "login_failed") in actions and ("cli:first-user", "user_change") in actions
    assert ("dr.kim", "permission_denied") in actions
