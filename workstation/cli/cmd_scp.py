"""``cdss-workstation scp --aet AET --port N [--archive DIR | --database URL]``: receive images.

Serves C-ECHO and C-STORE into the archive until SIGTERM or SIGINT (Ctrl-C), then stops cleanly and
prints what it received. ``--json``: one JSON line per received instance and a JSON summary.
``--fsync instance|batch``: when received files are forced to disk (see docs/archive.md, "Durability").
"""
from __future__ import annotations

import argparse
import json
import sys
import threading


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli.options import add_archive_options

    p = sub.add_parser("scp", help="receive DICOM (C-STORE/C-ECHO SCP) into the archive until stopped")
    p.add_argument("--aet", default="CDSSWS", help="our AE title (default CDSSWS)")
    p.add_argument("--port", type=int, default=11112, help="DICOM port to listen on (default 11112)")
    p.add_argument("--bind", default="0.0.0.0", help="address to listen on (default all; 127.0.0.1 for local only)")
    p.add_argument("--any-called-aet", action="store_true", help="accept associations addressed to any AE title")
    p.add_argument("--quiet", action="store_true", help="no line per received instance")
    p.add_argument("--json", action="store_true", help="JSON lines instead of text")
    p.add_argument("--fsync", choices=("instance", "batch"), default="batch",
                   help="batch (default): acknowledged once written under its final name, fsynced with its "
                        "batch (<= 50 ms) before its database row - a killed process loses nothing, a power "
                        "cut at most the last batch; instance: each file fsynced before it is acknowledged")
    p.add_argument("--max-associations", type=int, default=32, metavar="N",
                   help="associations open at once (default 32)")
    p.add_argument("--max-per-peer", type=int, default=8, metavar="N",
                   help="associations open at once from one address (default 8)")
    p.add_argument("--idle-timeout", type=float, default=60.0, metavar="S",
                   help="drop an association idle this many seconds (default 60); a connection must "
                        "associate within 10 s")
    add_archive_options(p)
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import run_command

    return run_command(_serve, args)


def _serve(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import open_archive, stop_on_signals
    from workstation.dicom_net.guard import ReceiveLimits
    from workstation.dicom_net.scp import StorageSCP

    archive = open_archive(args)
    lock = threading.Lock()

    def report(outcome, calling_aet):
        if args.quiet:
            return
        with lock:
            if args.json:
                print(json.dumps({"event": "instance", "status": outcome.status, "from": calling_aet,
                                  "sop_instance_uid": outcome.sop_instance_uid, "reason": outcome.reason}),
                      flush=True)
            else:
                extra = f" ({outcome.reason})" if outcome.reason else ""
                print(f"{outcome.status:<11} {outcome.sop_instance_uid} from {calling_aet}{extra}", flush=True)

    try:
        limits = ReceiveLimits(idle_timeout_s=args.idle_timeout, max_associations=args.max_associations,
                               max_per_peer=args.max_per_peer)
        scp = StorageSCP(archive, args.aet, args.port, host=args.bind,
                         require_called_aet=not args.any_called_aet, on_outcome=report, fsync=args.fsync,
                         limits=limits)
        with stop_on_signals() as stop:
            scp.start()
            where = f"{args.aet} on {args.bind}:{args.port} -> {archive.archive_dir}"
            if args.json:
                print(json.dumps({"event": "listening", "aet": args.aet, "port": args.port,
                                  "archive": str(archive.archive_dir), "fsync": args.fsync}), flush=True)
            else:
                print(f"listening as {where}, fsync per {args.fsync} (Ctrl-C or SIGTERM to stop)", flush=True)
            scp.serve_until(stop)
        summary = scp.stats.as_dict()
        if args.json:
            print(json.dumps({"event": "stopped", **summary}), flush=True)
        else:
            print("stopped: " + ", ".join(f"{k} {v}" for k, v in summary.items()), flush=True)
        return 0
    finally:
        archive.close()
        sys.stdout.flush()
