"""``cdss-workstation send (PATH... | --study-uid UID) (--node NAME | --aec/--host/--port | --url) [--web]``.

C-STORE (or STOW-RS with ``--web``) files, folders or an archived study to a remote node. Files that
cannot be read or are refused are listed; the others are still sent.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli.options import add_archive_options
    from workstation.dicom_net.cli_support import add_node_options

    p = sub.add_parser("send", help="send files or an archived study to a remote node (C-STORE or STOW-RS)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="DICOM files or folders")
    p.add_argument("--study-uid", default="", help="send this study from the archive")
    p.add_argument("--web", action="store_true", help="use STOW-RS (the node's DICOMweb URL)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    add_node_options(p)
    add_archive_options(p)
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import run_command

    return run_command(_send, args)


def _files(paths: list[Path]) -> list[Path]:
    from workstation.dicom_net.cli_support import UsageError

    out = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.name != "DICOMDIR"))
        elif p.is_file():
            out.append(p)
        else:
            raise UsageError(f"no such file or folder: {p}")
    return out


def _send(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import (UsageError, emit, open_archive, progress_printer,
                                                   resolve_node, stop_on_signals)
    from workstation.dicom_net.send import send_files, study_files

    if bool(args.paths) == bool(args.study_uid):
        raise UsageError("give files/folders or --study-uid (one of them)")
    archive = open_archive(args) if (args.study_uid or args.node) else None
    try:
        node = resolve_node(args, archive)
        files = study_files(archive, args.study_uid) if args.study_uid else _files(args.paths)
        if not files:
            raise UsageError("nothing to send")
        progress = progress_printer(args.quiet or args.json)
        with stop_on_signals() as cancel:
            if args.web:
                from workstation.dicom_net.dicomweb import stow

                result = stow(node, files, progress=progress, cancel=cancel)
            else:
                result = send_files(node, files, calling_aet=args.aet, progress=progress, cancel=cancel)
        lines = [f"{'cancelled' if result.cancelled else 'done'}: {result.sent} of {len(files)} sent, "
                 f"{len(result.failed)} failed"]
        lines += [f"  failed {p}: {why}" for p, why in result.failed]
        emit(args, {"files": len(files), **result.as_dict()}, "\n".join(lines))
        return 0 if result.ok else 1
    finally:
        if archive is not None:
            archive.close()
