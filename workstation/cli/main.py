"""Entry point of ``cdss-workstation``: dispatches to sub-command modules.

Each sub-command lives in its own module ``workstation/cli/cmd_<name>.py`` (``-`` in the command name
becomes ``_``) and exposes ``register(subparsers)``; modules are found by that name pattern, so adding a
command touches no other file. ``cmd_run`` is listed first so ``--help`` starts with it.

Start-up stays light (issue 22): a run imports only the module of the command it runs. The command list
of ``--help`` is read from each module's source (its literal ``sub.add_parser("name", help="...")``
call, see CONTRIBUTING.md) without importing it; a module whose call cannot be read that way is imported.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _command_files() -> list[Path]:
    files = sorted(HERE.glob("cmd_*.py"))
    files.sort(key=lambda p: p.stem != "cmd_run")
    return files


def _command_modules() -> list[str]:
    return [f"workstation.cli.{p.stem}" for p in _command_files()]


def _declared(path: Path) -> tuple[str, str] | None:
    """``(command, help)`` from the module's literal ``add_parser("command", help="...")`` call, or None."""
    import ast  # only --help and odd modules get here (a run uses ``_declares``)

    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_parser"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            help_text = next((k.value.value for k in node.keywords if k.arg == "help"
                              and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)), "")
            return node.args[0].value, help_text
    return None


def _new_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = argparse.ArgumentParser(prog="cdss-workstation", description="Brain Tumor CDSS reading workstation")
    return parser, parser.add_subparsers(dest="command", metavar="COMMAND")


def _register(name: str, sub: argparse._SubParsersAction) -> bool:
    try:
        mod = importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - a broken optional part must not kill the CLI
        print(f"warning: {name} unavailable: {exc}", file=sys.stderr)
        return False
    mod.register(sub)
    return True


def build_parser() -> argparse.ArgumentParser:
    """The full parser: every sub-command module imported and registered (tests, documentation)."""
    parser, sub = _new_parser()
    for name in _command_modules():
        _register(name, sub)
    return parser


def _listing_parser() -> argparse.ArgumentParser:
    """A parser whose sub-commands carry only their name and help (for ``--help`` and usage errors)."""
    parser, sub = _new_parser()
    for path in _command_files():
        declared = _declared(path)
        if declared is None:
            _register(f"workstation.cli.{path.stem}", sub)
        else:
            sub.add_parser(declared[0], help=declared[1])
    return parser


def _declares(path: Path, command: str) -> bool:
    """Does the module's first ``add_parser`` call name ``command``? The documented literal form is found
    by a regular expression (no ``ast`` import and parse on every run); anything else asks ``_declared``."""
    try:
        found = re.search(r"""\.add_parser\(\s*(["'])([^"']+)\1""", path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if found:
        return found.group(2) == command
    declared = _declared(path)
    return declared is not None and declared[0] == command


def _command_parser(argv: list[str]) -> argparse.ArgumentParser | None:
    """A parser holding just the sub-command ``argv`` names (its module alone is imported), or None."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None:
        return None
    path = HERE / f"cmd_{command.replace('-', '_')}.py"
    if not (path.is_file() and _declares(path, command)):
        return None
    parser, sub = _new_parser()
    return parser if _register(f"workstation.cli.{path.stem}", sub) else None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("-h", "--help") and argv[0].startswith("-"):
        parser = build_parser()  # options before the command: let the full parser judge them
    else:
        parser = _command_parser(argv[:1]) or (_listing_parser() if argv else None)
    if parser is None:  # no sub-command: open the workstation
        parser = _command_parser(["run"]) or build_parser()
        argv = ["run"]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None) and getattr(args, "command", None):
        args = build_parser().parse_args(argv)  # a module named unlike its command: the full parser
    if not getattr(args, "func", None):
        return main(["run"])
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
