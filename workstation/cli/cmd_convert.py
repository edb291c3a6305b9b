"""``cdss-workstation convert PATH --to nifti --out DIR``: every stack under PATH as a NIfTI file
(RAS affine, values after the modality LUT), for research and the AI pipeline."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def one_blas_thread() -> None:
    """Keep numpy's OpenBLAS from starting a thread per core when it is imported: ``convert`` and
    ``inspect`` do no linear algebra worth threads, and on a busy machine those threads cost tens of
    milliseconds of a whole-process run (issue 22). A value the user set is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def end_of_process(code: int) -> int:
    """``code``; but when this process is the ``cdss-workstation convert`` command itself (not a caller
    running it in process), flush the output and end the process at once: the files are written and closed,
    and tearing the interpreter down (numpy, every module, the volume) would add ~20 ms of CPU to every
    conversion (issue 22)."""
    if Path(sys.argv[0]).name.startswith("cdss-workstation") and sys.argv[1:2] == ["convert"]:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="convert the stacks under a file, folder or zip to NIfTI")
    p.add_argument("paths", nargs="+", metavar="PATH", help="DICOM file, folder or zip archive")
    p.add_argument("--to", choices=["nifti"], default="nifti", help="output format (default: nifti)")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--uncompressed", action="store_true", help="write .nii instead of .nii.gz")
    p.set_defaults(func=lambda args: end_of_process(_run(args)))


def _run(args: argparse.Namespace) -> int:
    one_blas_thread()
    from viewer.io import DecodeError, scan
    from viewer.io.nifti import nifti_name, write_nifti

    out = Path(args.out)
    result = scan(args.paths)
    taken: set[str] = set()
    written = 0
    for st in result.stacks:
        try:
            vol = st.load()
        except DecodeError as exc:
            print(f"skipped stack {st.series_number} {st.description}: {exc}", file=sys.stderr)
            continue
        name = nifti_name(vol, taken)
        if args.uncompressed:
            name = name[:-3]
        try:
            path = write_nifti(vol, out / name)
        except OSError as exc:
            print(f"error: cannot write {out / name}: {exc}", file=sys.stderr)
            return 2
        written += 1
        print(f"{path}  {'x'.join(str(v) for v in vol.shape_ijk)}  {vol.modality}")
        for w in vol.warnings:
            print(f"  warning: {w}")
    for s in result.skipped:
        print(f"skipped: {s.file}: {s.reason}", file=sys.stderr)
    if not written:
        print("no image stacks converted", file=sys.stderr)
        return 1
    return 0
