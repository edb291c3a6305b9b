"""Load time of a DICOM series: this project vs SimpleITK's ImageSeriesReader vs dcm2niix, with a
bare read of the same bytes as the floor. Prints each median time and the ratios. Then ``convert`` as
a whole process (what a user runs) against dcm2niix as a whole process, like for like: uncompressed
(``--uncompressed`` vs ``-z n``) and compressed (our .nii.gz vs ``-z y``), taking turns.

    .venv/bin/python benchmarks/load_series.py [SERIES_FOLDER ...] [--repeat N] [--no-process | --process-only]

Default: the largest series in ../shared/data (by bytes) and the 130-slice GE 3D T1 series.
Goals: project / SimpleITK <= 1.0 (in process); convert / dcm2niix <= 3 uncompressed and < 1 compressed
(whole processes). All runs are warm-cache (each is repeated; the median is kept).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
GE_T1 = DATA / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"


def largest_series() -> Path:
    """The folder of the stack with the most bytes among all sets (found by our own scan)."""
    from viewer.io import scan

    best, best_bytes = None, -1
    for folder in sorted(p for p in DATA.rglob("*") if p.is_dir()):
        files = [p for p in folder.iterdir() if p.is_file()]
        if not files:
            continue
        for st in scan(folder).stacks:
            n = sum(Path(f).stat().st_size for f in st.files)
            if n > best_bytes and len({str(Path(f).parent) for f in st.files}) == 1:
                best, best_bytes = Path(st.files[0]).parent, n
    return best


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench(folder: Path, repeat: int) -> None:
    import SimpleITK as sitk

    from viewer.io import scan

    stacks = scan(folder).stacks
    files = sorted({f for st in stacks for f in st.files})
    size = sum(Path(f).stat().st_size for f in files)
    print(f"\n== {folder.relative_to(DATA) if folder.is_relative_to(DATA) else folder}: "
          f"{len(files)} files, {size / 1e6:.1f} MB, stacks {[st.shape for st in stacks]}")

    def bare():
        for f in files:
            with open(f, "rb") as fp:
                fp.read()

    def ours():
        for st in scan(folder).stacks:
            st.load()

    def simpleitk():
        reader = sitk.ImageSeriesReader()
        for uid in reader.GetGDCMSeriesIDs(str(folder)):
            reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(folder), uid))
            reader.Execute()

    results = {"bare read (floor)": timed(bare, repeat), "project (scan + load)": timed(ours, repeat),
               "SimpleITK ImageSeriesReader": timed(simpleitk, repeat)}
    exe = shutil.which("dcm2niix")
    if exe:
        def d2n():
            with tempfile.TemporaryDirectory() as out:
                subprocess.run([exe, "-b", "n", "-z", "n", "-o", out, str(folder)], check=True,
                               capture_output=True)
        results["dcm2niix (to .nii in temp)"] = timed(d2n, repeat)
    sitk_t, floor = results["SimpleITK ImageSeriesReader"], results["bare read (floor)"]
    for name, t in results.items():
        print(f"  {name:30s} {t * 1000:8.1f} ms   {t / sitk_t:5.2f}x SimpleITK   {t / floor:7.1f}x floor")
    ratio = results["project (scan + load)"] / sitk_t
    print(f"  project / SimpleITK = {ratio:.2f} ({'goal met' if ratio <= 1.0 else 'GOAL MISSED'}: <= 1.0)")


def bench_process(folder: Path, repeat: int) -> None:
    """``cdss-workstation convert`` vs ``dcm2niix`` as whole processes, taking turns in each round."""
    exe = shutil.which("dcm2niix")
    if not exe:
        print("  (dcm2niix not installed: whole-process comparison skipped)")
        return
    ours = str(Path(sys.executable).with_name("cdss-workstation"))
    # as installed: Python may cache its bytecode (pip and the installer compile it; a sandbox's
    # PYTHONDONTWRITEBYTECODE would make every run compile the project's modules again)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = {
        "python + numpy (floor)": lambda out: [sys.executable, "-c", "import numpy"],
        "same, 1 BLAS thread": lambda out: [sys.executable, "-c",
                                            "import os; os.environ['OPENBLAS_NUM_THREADS'] = '1'; import numpy"],
        "convert --uncompressed": lambda out: [ours, "convert", str(folder), "--out", out, "--uncompressed"],
        "dcm2niix -z n": lambda out: [exe, "-b", "n", "-z", "n", "-o", out, str(folder)],
        "convert (.nii.gz)": lambda out: [ours, "convert", str(folder), "--out", out],
        "dcm2niix -z y": lambda out: [exe, "-b", "n", "-z", "y", "-o", out, str(folder)],
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}  # user + system time of the process (less load-sensitive)
    sizes: dict[str, int] = {}
    for n in range(repeat + 1):  # the first round warms caches and is not counted
        for name, cmd in runs.items():
            with tempfile.TemporaryDirectory() as out:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run(cmd(out), check=True, capture_output=True, env=env)
                elapsed = time.perf_counter() - t
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if n:
                    times[name].append(elapsed)
                    cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                sizes[name] = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"  whole process, median of {repeat} rounds taking turns (load average {os.getloadavg()[0]:.1f}):")
    for name, t in med.items():
        print(f"    {name:24s} {t * 1000:8.1f} ms   cpu {med_cpu[name] * 1000:7.1f} ms   "
              f"output {sizes[name] / 1e6:6.1f} MB")
    print(f"  cpu time: convert --uncompressed / dcm2niix -z n = "
          f"{med_cpu['convert --uncompressed'] / med_cpu['dcm2niix -z n']:.2f}; python + numpy (1 BLAS thread) = "
          f"{med_cpu['same, 1 BLAS thread'] / med_cpu['dcm2niix -z n']:.2f}")
    plain = med["convert --uncompressed"] / med["dcm2niix -z n"]
    packed = med["convert (.nii.gz)"] / med["dcm2niix -z y"]
    print(f"  convert / dcm2niix uncompressed = {plain:.2f} ({'goal met' if plain <= 3 else 'GOAL MISSED'}: <= 3)")
    print(f"  convert / dcm2niix compressed   = {packed:.2f} ({'goal met' if packed < 1 else 'GOAL MISSED'}: < 1)")
    print(f"  (an interpreter that only imports numpy: {med['python + numpy (floor)'] / med['dcm2niix -z n']:.2f}x "
          f"dcm2niix -z n; with one BLAS thread, as convert runs: "
          f"{med['same, 1 BLAS thread'] / med['dcm2niix -z n']:.2f}x)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-process", action="store_true", help="skip the whole-process convert vs dcm2niix runs")
    ap.add_argument("--process-only", action="store_true", help="only the whole-process convert vs dcm2niix runs")
    args = ap.parse_args()
    folders = args.folders or [f for f in dict.fromkeys([largest_series(), GE_T1]) if f is not None]
    for folder in folders:
        if not args.process_only:
            bench(folder, args.repeat)
        if not args.no_process:
            bench_process(folder, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
