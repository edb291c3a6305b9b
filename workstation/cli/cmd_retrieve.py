"""``cdss-workstation retrieve --study-uid UID [--series-uid UID] [--method get|move|wado] ...``.

Pulls a study or series from a remote node into the archive with a progress line. Ctrl-C cancels;
running the same command again resumes (instances already in the archive are not fetched again).
``--method move`` starts our SCP (``--aet``, ``--scp-port``) for the time of the transfer: the peer must
know our AE title with that host and port.
"""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli.options import add_archive_options
    from workstation.dicom_net.cli_support import add_node_options

    p = sub.add_parser("retrieve", help="pull a study/series into the archive (C-GET, C-MOVE or WADO-RS)")
    p.add_argument("--study-uid", required=True, help="Study Instance UID")
    p.add_argument("--series-uid", default="", help="only this series")
    p.add_argument("--method", choices=["get", "move", "wado"], default="get",
                   help="get: C-GET (default); move: C-MOVE to our SCP; wado: WADO-RS")
    p.add_argument("--scp-port", type=int, default=11112, help="port of our SCP during a C-MOVE (default 11112)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    add_node_options(p)
    add_archive_options(p)
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import run_command

    return run_command(_retrieve, args)


def _retrieve(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import emit, open_archive, progress_printer, resolve_node, stop_on_signals
    from workstation.dicom_net.query import Query

    level = "SERIES" if args.series_uid else "STUDY"
    q = Query(level=level, study_uid=args.study_uid, series_uid=args.series_uid)
    archive = open_archive(args)
    try:
        node = resolve_node(args, archive)
        progress = progress_printer(args.quiet or args.json)
        with stop_on_signals() as cancel:
            if args.method == "wado":
                from workstation.dicom_net.dicomweb import wado_retrieve

                result = wado_retrieve(node, archive, args.study_uid, args.series_uid,
                                       progress=progress, cancel=cancel)
            elif args.method == "move":
                from workstation.dicom_net.retrieve import move
                from workstation.dicom_net.scp import StorageSCP

                with StorageSCP(archive, args.aet, args.scp_port):
                    result = move(node, q, args.aet, archive=archive, calling_aet=args.aet,
                                  progress=progress, cancel=cancel)
            else:
                from workstation.dicom_net.retrieve import get

                result = get(node, q, archive, calling_aet=args.aet, progress=progress, cancel=cancel)
        data = {"method": args.method, "study_uid": args.study_uid, "series_uid": args.series_uid,
                **result.as_dict()}
        state = "cancelled (run again to resume)" if result.cancelled else "done"
        emit(args, data, f"{state}: {result.completed} retrieved, {result.skipped} already in the archive, "
                         f"{result.failed} failed, {result.total} in all")
        return 0 if result.ok else 1
    finally:
        archive.close()
