"""``cdss-workstation inspect PATH [--json]``: the stacks found under PATH (file, folder or zip),
with their geometry, and the files skipped with the reason."""
from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="list the image stacks (series) under a file, folder or zip")
    p.add_argument("paths", nargs="+", metavar="PATH", help="DICOM file, folder or zip archive")
    p.add_argument("--json", action="store_true", help="print a JSON list (one object per stack)")
    from workstation.cli.auth_gate import add_login_options

    add_login_options(p)  # --user / --password-stdin when local users exist
    p.set_defaults(func=_run)


def stack_record(stack, skipped) -> dict:
    """The JSON object for one stack (see docs/geometry.md)."""
    from viewer.io import skipped_for

    return {
        "series_instance_uid": stack.series_instance_uid,
        "study_instance_uid": stack.study_instance_uid,
        "series_number": stack.series_number,
        "series_description": stack.description,
        "modality": stack.modality,
        "shape": list(stack.shape),
        "spacing": [round(float(v), 6) for v in stack.spacing],
        "affine_lps": [[round(float(v), 6) for v in row] for row in stack.affine],
        "file_affine_lps": [[round(float(v), 6) for v in row] for row in stack.file_affine],
        "plane": stack.plane,
        "n_files": stack.n_files,
        "is_4d": stack.is_4d,
        "resampled": stack.resampled,
        "warnings": list(stack.warnings),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skipped_for(stack, skipped)],
    }


def _run(args: argparse.Namespace) -> int:
    from workstation.cli.cmd_convert import one_blas_thread

    one_blas_thread()
    from viewer.io import scan, skipped_for
    from workstation.cli.auth_gate import DENIED, gate, inside_archive
    from workstation.reading.roles import Action

    if inside_archive(args.paths) and gate(args, Action.VIEW_IMAGES, "open_study", "archive files",
                                           detail="cli inspect " + " ".join(map(str, args.paths))) is None:
        return DENIED

    result = scan(args.paths)
    if args.json:
        records = [stack_record(st, result.skipped) for st in result.stacks]
        print(json.dumps(records, indent=2))
        attributed = {(s.file, s.reason) for st in result.stacks for s in skipped_for(st, result.skipped)}
        for s in result.skipped:
            if (s.file, s.reason) not in attributed:
                print(f"skipped: {s.file}: {s.reason}", file=sys.stderr)
    else:
        _table(result)
    return 0 if result.stacks else 1


def _table(result) -> None:
    rows = [("#", "modality", "plane", "shape (i,j,k[,t])", "spacing mm", "files", "series")]
    for n, st in enumerate(result.stacks, 1):
        rows.append((str(n), st.modality, st.plane, "x".join(str(v) for v in st.shape),
                     "x".join(f"{v:.3g}" for v in st.spacing), str(st.n_files),
                     f"{st.series_number} {st.description}".strip()))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
    for n, st in enumerate(result.stacks, 1):
        for w in st.warnings:
            print(f"warning (stack {n}): {w}")
    if result.skipped:
        print(f"\n{len(result.skipped)} file(s) skipped:")
        for s in result.skipped:
            print(f"  {s.file}: {s.reason}")
    if not result.stacks:
        print("no image stacks found")
