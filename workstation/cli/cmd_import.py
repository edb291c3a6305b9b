"""``cdss-workstation import PATH… [--archive DIR | --database URL]``: import folders, zips, CDs.

Shows a progress bar on stderr and ends with a report. Exit code 0 when nothing failed, 1 when some
files failed (corrupt, unreadable, quarantined, or listed in a DICOMDIR but missing), 2 on a usage
error (bad path, unreachable database).
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from workstation.cli.options import add_archive_options


def open_archive(args: argparse.Namespace):
    """The archive named by ``--archive``/``--database``, or ``None`` after printing why not."""
    from workstation.archive import Archive, ArchiveError

    try:
        archive = Archive.open(args.archive, args.database)
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    rec = archive.recovery
    if rec and rec.skipped_in_use:
        print("note: the archive is open in another program; start-up recovery left for later", file=sys.stderr)
    elif rec and rec.changed:
        print(f"archive recovered after an interruption: {rec.files_indexed} files indexed, "
              f"{len(rec.files_quarantined)} moved to quarantine, {len(rec.rows_without_file)} rows "
              f"without file removed, {rec.temp_files_removed} temp files removed", file=sys.stderr)
    return archive


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import DICOM folders, zip files, CD images or CDs (DICOMDIR) into the archive")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folder, zip, DICOMDIR or file")
    add_archive_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--rescan", action="store_true",
                   help="read every file again, even those imported before and unchanged (same path, size, time)")
    p.add_argument("--batch-size", type=int, default=200, metavar="N",
                   help="instances committed per transaction (default 200)")
    p.set_defaults(func=_run)


class ProgressBar:
    """A one-line text progress bar: files done/total, MB/s, ETA."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self._last_line = ""

    def __call__(self, p) -> None:
        if p.phase == "scanning":
            line = "scanning sources…"
        else:
            filled = int(self.width * p.fraction)
            eta = f"{p.eta_s:4.0f}s" if p.eta_s is not None else "   ?"
            line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {p.files_done}/{p.files_total} files "
                    f"{p.mb_per_s:6.1f} MB/s ETA {eta}")
        if self.tty:
            self.stream.write("\r" + line.ljust(len(self._last_line)))
        elif p.phase in ("done", "cancelled", "scanning") or line[:12] != self._last_line[:12]:
            self.stream.write(line + "\n")
        self._last_line = line
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")


def _run(args: argparse.Namespace) -> int:
    import warnings

    from workstation.importer import ImportJob

    warnings.filterwarnings("ignore", module="pydicom")  # broken files are reported once, in the report
    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    archive = open_archive(args)
    if archive is None:
        return 2
    bar = None if args.quiet else ProgressBar()
    cancel = threading.Event()
    result: dict = {}
    finished = threading.Event()

    def work() -> None:
        try:
            result["report"] = ImportJob(archive, args.paths, progress=bar, cancel=cancel,
                                         batch_files=args.batch_size, rescan=args.rescan).run()
        except Exception as exc:  # noqa: BLE001 - reported below, never a traceback
            result["error"] = exc
        finally:
            finished.set()

    def on_ctrl_c(_signum, _frame) -> None:
        if not cancel.is_set():
            print("\ninterrupted: stopping (what was stored stays stored)…",
                  file=sys.stderr)
        cancel.set()

    # Ctrl-C only sets ``cancel``: no KeyboardInterrupt can tear the archive down under the worker
    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        with archive:
            threading.Thread(target=work, name="import", daemon=True).start()
            while not finished.wait(0.2):
                pass
    finally:
        signal.signal(signal.SIGINT, previous)
    if bar:
        bar.finish()
    if "error" in result:
        exc = result["error"]
        print(f"error: import stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    report = result["report"]
    print("\n".join(report.summary_lines()))
    for f in report.failed:
        print(f"FAILED       {f.file}: {f.reason}")
    for f in report.quarantined:
        print(f"QUARANTINED  {f.file}: {f.reason} (SOP Instance UID {f.sop_instance_uid})")
    shown = report.missing[:20]
    for m in shown:
        print(f"MISSING      {m}: listed in the DICOMDIR, not on the medium")
    if len(report.missing) > len(shown):
        print(f"MISSING      … and {len(report.missing) - len(shown)} more listed files not on the medium")
    return 0 if report.ok else 1
