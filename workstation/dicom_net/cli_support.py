"""Shared pieces of the networking sub-commands (``scp``, ``echo``, ``find``, ``retrieve``, ``send``):
archive and node options, node resolution, output (table or ``--json``), Ctrl-C as cancel.

Exit codes of those commands: 0 success, 1 the operation failed (peer error, failures reported),
2 usage error (bad options, unknown node, archive cannot be opened).
"""
from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator

from workstation.db.database import LocalDatabase

from .nodes import NodeStore, RemoteNode
from .peer import DEFAULT_AET
from .redact import register_secret

PASSWORD_ENV = "CDSS_NODE_PASSWORD"


class UsageError(Exception):
    """Bad options: printed as ``error: ...``, exit code 2."""


def add_node_options(p: argparse.ArgumentParser, web: bool = True) -> None:
    g = p.add_argument_group("remote node (a saved --node, or its address)")
    g.add_argument("--node", help="name of a remote node saved in the archive settings")
    g.add_argument("--aec", help="called AE title of the peer")
    g.add_argument("--host", help="peer host name or IP")
    g.add_argument("--port", type=int, help="peer DICOM port")
    if web:
        g.add_argument("--url", help="peer DICOMweb root URL, e.g. http://pacs:8042/dicom-web")
        g.add_argument("--user", help=f"DICOMweb user (password from ${PASSWORD_ENV} or a prompt)")
    p.add_argument("--aet", default=DEFAULT_AET, help=f"our (calling) AE title (default {DEFAULT_AET})")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def open_archive(args: argparse.Namespace):
    from workstation.archive import Archive, ArchiveError

    try:
        return Archive.open(getattr(args, "archive", None), getattr(args, "database", None))
    except ArchiveError as exc:
        raise UsageError(str(exc)) from exc


def resolve_node(args: argparse.Namespace, archive=None) -> RemoteNode:
    """The saved ``--node`` (from ``archive``'s settings) or one made from the address options."""
    if getattr(args, "node", None):
        if archive is None:
            archive = open_archive(args)
        try:
            node = NodeStore(LocalDatabase.of_archive(archive).engine).get(args.node)
        except KeyError as exc:
            raise UsageError(exc.args[0]) from exc
        register_secret(node.password)
        return node
    user = getattr(args, "user", None) or ""
    password = ""
    if user:
        password = os.environ.get(PASSWORD_ENV, "")
        if not password and sys.stdin.isatty():
            password = getpass.getpass(f"password for {user}: ")
        register_secret(password)
    node = RemoteNode("command-line", args.aec or "", args.host or "", args.port or 0,
                      getattr(args, "url", None) or "", user, password)
    try:
        node.validate()
    except ValueError as exc:
        raise UsageError(f"{exc} (give --node NAME, or --aec/--host/--port, or --url)") from exc
    return node


def emit(args: argparse.Namespace, data, text: str) -> None:
    """Print ``data`` as JSON with ``--json``, else the readable ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=1, default=str))
    else:
        print(text)


def table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "(no matches)"
    widths = {c: min(64, max(len(c), *(len(str(r.get(c, ""))) for r in rows))) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(str(r.get(c, ""))[:64].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


def progress_printer(quiet: bool = False):
    """``progress(done, total, what)`` writing one updating line on stderr."""
    tty = sys.stderr.isatty()
    last = [-1]

    def progress(done: int, total: int, what: str) -> None:
        if quiet or done == last[0]:
            return
        last[0] = done
        line = f"{what}: {done}/{total or '?'}"
        if tty:
            sys.stderr.write("\r" + line)
            if total and done >= total:
                sys.stderr.write("\n")
        elif not total or done >= total or done % 50 == 0:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    return progress


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT/SIGTERM while inside the block (previous handlers restored after)."""
    stop = threading.Event()
    previous = {}

    def handler(signum, _frame):
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)
    try:
        yield stop
    finally:
        for sig, h in previous.items():
            signal.signal(sig, h)


def run_command(func, args: argparse.Namespace) -> int:
    """Run ``func(args)``; turn the expected failures into ``error: ...`` and an exit code."""
    from .peer import DicomNetError
    from .redact import install

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install()  # every log line of the command goes through the credential filter
    try:
        return int(func(args) or 0)
    except (UsageError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (DicomNetError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
