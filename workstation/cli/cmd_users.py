"""``cdss-workstation users``: local users and their roles (for IT).

    users list  --admin NAME                       users and roles
    users add NAME --role ROLE [--display-name T]  (the very first user needs no --admin and must be a
                                                   SYSTEMMANAGER)
    users set-role NAME ROLE --admin NAME
    users disable NAME --admin NAME / users enable NAME --admin NAME
    users passwd NAME --admin NAME

Passwords are prompted for (twice), or read one per line from standard input with ``--password-stdin``
(the administrator's first, then the new user's). Roles: RIS, DOCTOR, NURSE, SYSTEMMANAGER.
"""
from __future__ import annotations

import argparse
import sys

from workstation.reading import audit as A
from workstation.reading.admin import login_service, open_admin, read_password
from workstation.reading.errors import ReadingError
from workstation.reading.roles import Action, Role
from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="manage local users and roles (reading workflow)")
    p.add_argument("op", choices=["list", "add", "set-role", "disable", "enable", "passwd"])
    p.add_argument("name", nargs="?", help="user name")
    p.add_argument("role_arg", nargs="?", metavar="ROLE", help="role for set-role")
    p.add_argument("--role", choices=[r.value for r in Role], help="role of a new user")
    p.add_argument("--display-name", default="")
    p.add_argument("--admin", help="log in as this SYSTEMMANAGER")
    p.add_argument("--password-stdin", action="store_true", help="read passwords from standard input")
    add_archive_options(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        return _do(args)
    except (ReadingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _do(args: argparse.Namespace) -> int:
    ctx = open_admin(args.archive, args.database)
    first = args.op == "add" and not ctx.users.has_users()
    if first:
        if args.role != Role.SYSTEMMANAGER.value:
            raise ReadingError("no users exist yet: the first user must have --role SYSTEMMANAGER")
        actor = "cli:first-user"
    else:
        admin_pw = read_password(f"password of {args.admin}: ", args.password_stdin)
        svc = login_service(ctx, args.admin, admin_pw, Action.MANAGE_USERS)
        actor = svc.user.username
    if args.op == "list":
        for u in ctx.users.users():
            print(f"{u.username:20} {u.role:14} {'active' if u.active else 'disabled':9} {u.display_name}")
        return 0
    if not args.name:
        raise ReadingError("a user name is required")
    if args.op == "add":
        if not args.role:
            raise ReadingError("--role is required")
        pw = read_password(f"password for {args.name}: ", args.password_stdin, confirm=True)
        u = ctx.users.create_user(args.name, pw, args.role, args.display_name, by=actor)
        detail = f"created with role {u.role}"
    elif args.op == "set-role":
        u = ctx.users.set_role(args.name, args.role_arg or args.role or "", by=actor)
        detail = f"role {u.role}"
    elif args.op in ("disable", "enable"):
        u = ctx.users.set_active(args.name, args.op == "enable", by=actor)
        detail = args.op + "d"
    else:
        ctx.users.set_password(args.name, read_password(f"new password for {args.name}: ", args.password_stdin,
                                                        confirm=True), by=actor)
        detail = "password changed"
    ctx.audit.append(actor, A.USER_CHANGE, f"user {args.name}", detail=detail,
                     workstation=ctx.audit.workstation + " (cli)")
    print(f"user {args.name}: {detail}")
    return 0
