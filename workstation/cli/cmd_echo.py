"""``cdss-workstation echo (--node NAME | --aec AET --host H --port N) [--save-as NAME]``: C-ECHO a peer.

``--save-as NAME`` stores the node (and its DICOMweb URL/user, password from ``$CDSS_NODE_PASSWORD``)
in the archive settings once the echo succeeded; ``--list`` shows the saved nodes (never passwords).
"""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli.options import add_archive_options
    from workstation.dicom_net.cli_support import add_node_options

    p = sub.add_parser("echo", help="C-ECHO a remote DICOM node; save or list nodes")
    add_node_options(p)
    add_archive_options(p)
    p.add_argument("--save-as", metavar="NAME", help="save this node under NAME after a successful echo")
    p.add_argument("--list", action="store_true", help="list the saved nodes and exit")
    p.add_argument("--delete", metavar="NAME", help="delete a saved node and exit")
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import run_command

    return run_command(_echo, args)


def _echo(args: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from workstation.dicom_net.cli_support import emit, open_archive, resolve_node
    from workstation.db.database import LocalDatabase
    from workstation.dicom_net.nodes import NodeStore
    from workstation.dicom_net.query import echo

    if args.list or args.delete:
        with open_archive(args) as archive:
            store = NodeStore(LocalDatabase.of_archive(archive).engine)
            if args.delete:
                gone = store.delete(args.delete)
                emit(args, {"deleted": gone}, f"deleted {args.delete}" if gone else f"no node {args.delete}")
                return 0 if gone else 1
            nodes = store.list()
            data = [{k: v for k, v in asdict(n).items() if k != "password"} | {"password_set": bool(n.password)}
                    for n in nodes]
            emit(args, data, "\n".join(n.describe() for n in nodes) or "(no saved nodes)")
            return 0
    archive = open_archive(args) if (args.node or args.save_as) else None
    try:
        node = resolve_node(args, archive)
        result = {"node": node.name, "ae_title": node.ae_title, "host": node.host, "port": node.port}
        if node.ae_title:
            seconds = echo(node, args.aet)
            result["ms"] = round(seconds * 1000, 1)
            text = f"C-ECHO {node.describe()}: success in {seconds * 1000:.0f} ms"
        else:
            text = f"{node.describe()}: DICOMweb only, no C-ECHO"
        if args.save_as:
            NodeStore(LocalDatabase.of_archive(archive).engine).save(replace(node, name=args.save_as))
            result["saved_as"] = args.save_as
            text += f"; saved as {args.save_as!r}"
        emit(args, result, text)
        return 0
    finally:
        if archive is not None:
            archive.close()
