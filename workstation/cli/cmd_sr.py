"""``cdss-workstation sr dump FILE [--json]`` prints a DICOM SR's measurements (any TID 1500 report, ours or
a third party's): ``{"measurements": [{"name", "value", "unit", "references": [SOPInstanceUID…]}]}``.
``sr export --study UID --out DIR`` writes a study's stored measurements as a TID 1500 SR and its key images
as a Key Object Selection document; ``sr import FILE`` stores an SR's measurements in the archive.
Exit 0 done, 1 nothing to do / not an SR, 2 usage error, 3 login refused."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sr", help="DICOM SR measurements: dump a file, export a study's measurements, import an SR")
    verbs = p.add_subparsers(dest="sr_command", required=True)
    d = verbs.add_parser("dump", help="print the measurements of an SR file")
    d.add_argument("file", type=Path)
    d.add_argument("--json", action="store_true", help="print JSON")
    d.set_defaults(func=_dump)
    e = verbs.add_parser("export", help="write a study's measurements as SR and its key images as KOS")
    e.add_argument("--study", required=True, help="StudyInstanceUID")
    e.add_argument("--out", required=True, type=Path, help="output folder")
    add_archive_options(e)
    e.set_defaults(func=_export)
    i = verbs.add_parser("import", help="store the measurements of an SR file in the archive")
    i.add_argument("file", type=Path)
    add_archive_options(i)
    i.set_defaults(func=_import)


def _dump(args: argparse.Namespace) -> int:
    from workstation.measurements.sr_import import dump

    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    try:
        values = dump(args.file)
    except Exception as exc:  # noqa: BLE001 - unreadable or not an SR: one clear line
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump({"measurements": [v.to_dict() for v in values]}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for v in values:
            refs = f"  ({len(v.references)} referenced)" if v.references else ""
            print(f"{v.name}: {v.value:g} {v.unit}{refs}")
        if not values:
            print("no measurements")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workstation.cli.auth_gate import DENIED, gate
    from workstation.cli.cmd_import import open_archive
    from workstation.measurements.exchange import ExportError, export_study
    from workstation.measurements.store import MeasurementStore
    from workstation.reading.roles import Action

    access = gate(args, Action.VIEW_IMAGES, "export_measurements", args.study[:200], detail=f"cli sr export to {args.out}")
    if access is None:
        return DENIED
    archive = open_archive(args)
    if archive is None:
        return 2
    with archive:
        try:
            result = export_study(archive, MeasurementStore.of(archive), args.study, args.out,
                                  author=access.user.display_name or access.user.username)
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    for line in result.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if result.sr:
        print(f"{result.measurements} measurements -> {result.sr}")
    if result.kos:
        print(f"{result.key_images} key images -> {result.kos}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from workstation.cli.auth_gate import DENIED, gate
    from workstation.cli.cmd_import import open_archive
    from workstation.measurements.exchange import import_sr
    from workstation.measurements.store import MeasurementStore
    from workstation.reading.roles import Action

    if gate(args, Action.WRITE_REPORT, "import_measurements", str(args.file)[:200], detail="cli sr import") is None:
        return DENIED
    archive = open_archive(args)
    if archive is None:
        return 2
    with archive:
        try:
            n = import_sr(args.file, MeasurementStore.of(archive), archive)
        except Exception as exc:  # noqa: BLE001 - unreadable or not a TID 1500 SR: one clear line
            print(f"error: {args.file}: {exc}", file=sys.stderr)
            return 1
    print(f"{n} measurements stored")
    return 0 if n else 1
