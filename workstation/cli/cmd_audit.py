"""``cdss-workstation audit``: view or export the append-only audit log (SYSTEMMANAGER only).

    audit list   --admin NAME [--user U] [--action A] [--since YYYY-MM-DD] [--limit N]
    audit export OUT.csv --admin NAME [same filters]
    audit verify [--service URL --token-stdin [--workstation NAME]]
                                      check the hash chain; exit 1 naming the first broken link; with
                                      --service also every head the CDSS service recorded for this
                                      workstation (a SYSTEMMANAGER token of the service, read from stdin)

``verify`` needs no login (it prints row numbers, user names and hashes, no patient data), so a log whose
administrators were tampered with can still be checked.

The administrator's password is prompted for, or read from standard input with ``--password-stdin``.
The export itself is written to the log.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from workstation.reading.admin import login_service, open_admin, read_password
from workstation.reading.errors import ReadingError
from workstation.reading.roles import Action
from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="view or export the audit log (SYSTEMMANAGER)")
    p.add_argument("op", choices=["list", "export", "verify"])
    p.add_argument("out", nargs="?", type=Path, help="CSV file for export")
    p.add_argument("--admin", help="log in as this SYSTEMMANAGER")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--user", help="only this user's entries")
    p.add_argument("--action", help="only this action (e.g. login_failed, report_sign)")
    p.add_argument("--since", type=lambda s: datetime.fromisoformat(s), help="from this date/time (UTC)")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--service", metavar="URL", help="verify: also against the heads this CDSS sync service recorded")
    p.add_argument("--token-stdin", action="store_true", help="verify --service: read its token from stdin")
    p.add_argument("--workstation", help="verify --service: the workstation name the heads were recorded under "
                                         "(default: this host's)")
    add_archive_options(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        ctx = open_admin(args.archive, args.database)
        if args.op == "verify":
            return _verify(ctx, args)
        pw = read_password(f"password of {args.admin}: ", args.password_stdin)
        filters = {"username": args.user, "action": args.action, "since": args.since}
        if args.op == "export":
            if args.out is None:
                raise ReadingError("name the CSV file to write")
            svc = login_service(ctx, args.admin, pw, Action.EXPORT_AUDIT)
            n = svc.export_audit(args.out, **filters)
            print(f"{n} audit entries written to {args.out}")
            return 0
        svc = login_service(ctx, args.admin, pw, Action.VIEW_AUDIT)
        for e in svc.audit_entries(limit=args.limit, **filters):
            print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.username:16} {e.action:20} {e.target:30} {e.patient_number:10} "
                  f"{e.workstation}  {e.detail}")
        return 0
    except (ReadingError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _service_heads(args, workstation: str) -> list[dict]:
    import httpx

    token = sys.stdin.readline().strip() if args.token_stdin else ""
    if not token:
        raise ReadingError("--service needs the service's SYSTEMMANAGER token (--token-stdin)")
    try:
        resp = httpx.get(args.service.rstrip("/") + "/api/audit/heads/", timeout=15,
                         params={"workstation": workstation, "limit": 1000},
                         headers={"Authorization": f"Token {token}"})
    except httpx.HTTPError as exc:
        raise ReadingError(f"cannot reach the service: {exc}") from exc
    if resp.status_code != 200:
        raise ReadingError(f"the service answered {resp.status_code}: {resp.text[:200]}")
    return resp.json()["results"]


def _verify(ctx, args) -> int:
    rep = ctx.audit.verify()
    problems = list(rep.problems)
    if args.service:
        heads = _service_heads(args, args.workstation or ctx.audit.workstation)
        problems += ctx.audit.check_against_heads(heads)
        print(f"{len(heads)} heads recorded by the service checked")
    if not problems:
        print(f"audit log intact: {rep.rows} rows, head row {rep.head_id} {rep.head_hash}")
        return 0
    if rep.first_broken_id is not None:
        print(f"audit log BROKEN at row {rep.first_broken_id}", file=sys.stderr)
    else:
        print("audit log BROKEN", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print(f"{rep.rows} rows checked, head row {rep.head_id}", file=sys.stderr)
    return 1
