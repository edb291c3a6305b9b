"""``cdss-workstation export (--study UID | --series UID) --out PATH [--zip] [--deidentify]``.

Writes a folder with a DICOMDIR (or a zip of it), optionally de-identified by the PS3.15 basic
profile (UID mapping kept in the archive database). Exit code 0 when every instance was exported,
1 when some failed, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workstation.cli.cmd_import import open_archive
from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a study or series to a DICOMDIR folder or zip")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--study", metavar="UID", help="Study Instance UID to export")
    what.add_argument("--series", metavar="UID", help="Series Instance UID to export")
    p.add_argument("--out", type=Path, required=True, help="new or empty folder (or .zip file with --zip)")
    p.add_argument("--zip", action="store_true", help="write a zip file instead of a folder")
    p.add_argument("--deidentify", action="store_true",
                   help="apply the DICOM PS3.15 basic de-identification profile (UIDs remapped consistently)")
    p.add_argument("--include-burned-in", action="store_true",
                   help="with --deidentify: also export images flagged with burned-in annotation (refused otherwise)")
    add_archive_options(p)
    from workstation.cli.auth_gate import add_login_options

    add_login_options(p)  # --user / --password-stdin when local users exist
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import warnings

    from workstation.cli.auth_gate import DENIED, gate
    from workstation.export import ExportError, export
    from workstation.reading.roles import Action

    warnings.filterwarnings("ignore", module="pydicom")
    what = f"study {args.study}" if args.study else f"series {args.series}"
    if gate(args, Action.VIEW_IMAGES, "export_images", what[:200], detail=f"cli export to {args.out}"
            + (" (de-identified)" if args.deidentify else " (identified)")) is None:
        return DENIED
    archive = open_archive(args)
    if archive is None:
        return 2
    with archive:
        try:
            report = export(archive, args.out, study_uid=args.study, series_uid=args.series, as_zip=args.zip,
                            deidentify_profile=args.deidentify, include_burned_in=args.include_burned_in)
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    print(f"exported {report.exported} instances to {report.destination}"
          + (" (de-identified)" if report.deidentified else ""))
    for note in report.notes:
        print(f"note: {note}")
    for uid, reason in report.failed:
        print(f"FAILED {uid}: {reason}")
    for uid, reason in report.refused:
        print(f"REFUSED {uid}: {reason} (--include-burned-in exports it anyway)")
    return 0 if report.ok else 1
