"""Entry point of ``cdss-workstation``: dispatches to sub-command modules.

Each sub-command lives in its own module ``workstation/cli/cmd_<name>.py`` and exposes
``register(subparsers)``; modules are found by that name pattern, so adding a command touches no
other file. ``cmd_run`` is listed first so ``--help`` starts with it.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

def _command_modules() -> list[str]:
    here = Path(__file__).resolve().parent
    names = sorted(p.stem for p in here.glob("cmd_*.py"))
    names.sort(key=lambda n: n != "cmd_run")
    return [f"workstation.cli.{n}" for n in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdss-workstation",
        description="Brain Tumor CDSS reading workstation",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        try:
            mod = importlib.import_module(name)
        except ImportError as exc:  # pragma: no cover - a broken optional part must not kill the CLI
            print(f"warning: {name} unavailable: {exc}", file=sys.stderr)
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["run"])  # no sub-command: open the workstation
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
