"""``cdss-workstation login``: start (or ``--end``) a command-line session for the archive's database.

    login --user NAME [--password-stdin] [--hours H] [--archive DIR | --database URL]
    login --end [--archive DIR | --database URL]

While the session lasts, ``list``, ``export``, ``render`` and ``inspect`` of archive files run as that
user without asking again (each still audited). The session is kept in this OS account's data folder
(readable by it alone) and recorded in the audit chain; it ends after ``--hours`` (default 8), with
``--end``, or when the user's role, password or activation changes.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("login", help="start or end a command-line session (when local users exist)")
    p.add_argument("--user", help="user name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--hours", type=float, default=8.0, help="how long the session lasts (default 8)")
    p.add_argument("--end", action="store_true", help="end this account's session")
    add_archive_options(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from workstation.cli.auth_gate import DENIED, database_url, end_session, start_session
    from workstation.reading.errors import ReadingError

    url = database_url(args)
    if args.end:
        print("session ended" if end_session(url) else "no session to end")
        return 0
    if not args.user:
        print("error: name the user with --user", file=sys.stderr)
        return 2
    if not 0 < args.hours <= 24:
        print("error: --hours must be between 0 and 24", file=sys.stderr)
        return 2
    try:
        password = (sys.stdin.readline().rstrip("\n") if args.password_stdin
                    else getpass.getpass(f"password of {args.user}: "))
        user, until = start_session(url, args.user, password, args.hours)
    except (ReadingError, EOFError, KeyboardInterrupt) as exc:
        print(f"error: {exc or 'login cancelled'}", file=sys.stderr)
        return DENIED
    print(f"logged in as {user.username} ({user.role}) until {until:%Y-%m-%d %H:%M} UTC")
    return 0
