"""Import speed: the workstation's archive vs a real Orthanc (Debian ``orthanc``) on the same files.

Builds >= 2,000 instances from the real files in ``../shared/data`` (copied with fresh UIDs), then
1. imports the folder into a fresh archive (``ImportJob``; SQLite, files fsynced before rows commit);
2. POSTs the same files one by one to Orthanc's ``/instances`` (single client, keep-alive session),
   Orthanc started here on loopback with its own temp storage;
3. re-imports the same folder into the archive, first reading every file again (``--rescan``), then
   the default way (files imported before and unchanged are recognised by path, size and time).
Prints instances/s for each and the ratios. Goal: archive >= 3x Orthanc.

Run: ``.venv/bin/python benchmarks/import.py [--instances 2000] [--keep DIR]``
"""
from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.archive.helpers import copy_with_fresh_uids, dicom_files  # noqa: E402
from tests.harness.orthanc import OrthancServer  # noqa: E402
from workstation.archive import Archive  # noqa: E402
from workstation.importer import ImportJob  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def build_corpus(dest: Path, n: int) -> list[Path]:
    uniq: dict[str, Path] = {}
    for f, uid in sorted(dicom_files(SHARED).items()):
        uniq.setdefault(uid, f)
    sources = sorted(uniq.values())
    copies = math.ceil(n / len(sources))
    return copy_with_fresh_uids(sources, dest, copies=copies)


def bench_archive(folder: Path, archive_dir: Path, rescan: bool = False) -> tuple[float, object]:
    with Archive.open(archive_dir) as archive:
        t0 = time.perf_counter()
        report = ImportJob(archive, [folder], rescan=rescan).run()
        dt = time.perf_counter() - t0
    return dt, report


def bench_orthanc(files: list[Path], workdir: Path) -> float:
    import requests

    server = OrthancServer(workdir)
    server.start()
    try:
        session = requests.Session()
        session.auth = server.auth
        url = f"{server.url}/instances"
        t0 = time.perf_counter()
        for f in files:
            r = session.post(url, data=f.read_bytes(), headers={"Content-Type": "application/dicom"}, timeout=60)
            r.raise_for_status()
        dt = time.perf_counter() - t0
        stats = server.get("/statistics")
        assert int(stats["CountInstances"]) == len(files), stats
        return dt
    finally:
        server.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", type=int, default=2000)
    ap.add_argument("--keep", type=Path, help="keep the corpus/archives here instead of a temp folder")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", module="pydicom")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cdss-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        files = build_corpus(work / "corpus", args.instances)
        mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"corpus: {len(files)} instances, {mb:.0f} MB, built in {time.perf_counter() - t0:.1f} s")
        for f in files:  # same page-cache state for both contenders
            f.read_bytes()
        t_arch, report = bench_archive(work / "corpus", work / "archive")
        assert report.imported == len(files) and not report.failed, report.summary_lines()
        t_orth = bench_orthanc(files, work / "orthanc")
        t_scan, scan = bench_archive(work / "corpus", work / "archive", rescan=True)
        assert scan.duplicates == len(files) and scan.imported == 0 and scan.unchanged_skipped == 0
        t_dup, dup = bench_archive(work / "corpus", work / "archive")
        assert dup.duplicates == dup.unchanged_skipped == len(files) and dup.imported == 0
        n = len(files)
        print(f"archive import   : {n / t_arch:8.1f} instances/s  ({t_arch:.2f} s, {mb / t_arch:.1f} MB/s)")
        print(f"orthanc POST     : {n / t_orth:8.1f} instances/s  ({t_orth:.2f} s, {mb / t_orth:.1f} MB/s)")
        print(f"archive re-import --rescan: {n / t_scan:8.1f} instances/s  ({t_scan:.2f} s, every file read again)")
        print(f"archive re-import: {n / t_dup:8.1f} instances/s  ({t_dup:.2f} s, unchanged files: stat + first 4 KiB)")
        ratio = t_orth / t_arch
        print(f"ratio archive/orthanc: {ratio:.2f}x  (goal >= 3x) {'OK' if ratio >= 3 else 'BELOW GOAL'}")
        print(f"ratio re-import --rescan/orthanc: {t_orth / t_scan:.2f}x; re-import/orthanc: {t_orth / t_dup:.2f}x")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
