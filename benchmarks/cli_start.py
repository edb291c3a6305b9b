"""Cold start of the command line as a user meets it: whole processes, taking turns.

    .venv/bin/python benchmarks/cli_start.py [--rounds N] [FILE]

Measures (median of N rounds; the commands take turns inside each round so load on this shared machine
hits them alike):
- ``cdss-workstation --help`` and ``cdss-workstation inspect --help``;
- ``cdss-workstation inspect FILE`` (one file) against the floor
  ``python -c "import pydicom; pydicom.dcmread(FILE)"`` in the same environment;
- a bare ``python -c pass`` for reference.
Goal (issue 22): one-file inspect <= 1.5x the pydicom floor.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
DEFAULT_FILE = next(iter(sorted((DATA / "mr_ge_signa_3d_t1_axial_oblique" / "dicom").glob("*"))), None)
PY = sys.executable
EXE = str(Path(PY).with_name("cdss-workstation"))


def _once(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    f = str(args.file)
    commands = {
        "python -c pass": [PY, "-c", "pass"],
        "pydicom floor (import + dcmread)": [PY, "-c", "import sys, pydicom; pydicom.dcmread(sys.argv[1])", f],
        "inspect FILE": [EXE, "inspect", f],
        "--help": [EXE, "--help"],
        "inspect --help": [EXE, "inspect", "--help"],
    }
    for cmd in commands.values():  # warm the file cache and .pyc files
        _once(cmd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.rounds):
        for name, cmd in commands.items():
            times[name].append(_once(cmd))
    med = {k: statistics.median(v) for k, v in times.items()}
    floor = med["pydicom floor (import + dcmread)"]
    print(f"file: {f}\nmedian of {args.rounds} rounds (whole processes, taking turns):")
    for name, t in med.items():
        print(f"  {name:34s} {t * 1000:7.0f} ms   {t / floor:5.2f}x the pydicom floor")
    ratio = med["inspect FILE"] / floor
    print(f"inspect / pydicom floor = {ratio:.2f} ({'goal met' if ratio <= 1.5 else 'GOAL MISSED'}: <= 1.5)")
    print(f"--help = {med['--help'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
