"""Open a series from the archive: with the headers the archive indexed at import (``series_images``:
geometry from the index, only pixel data read) vs reading every file's header again (``series_files``,
the previous way), taking turns. Prints each median and the ratio.

    .venv/bin/python benchmarks/archive_open.py [SERIES_FOLDER] [--repeat N]

Default: the GE 3D T1 series (130 files) of ../shared/data, imported into a temporary archive.
Both ways include the database query. 'geometry' is the scan alone (what the viewer needs before
the first image); 'open' is scan + load of every pixel.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GE_T1 = ROOT.parent / "shared" / "data" / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=GE_T1)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()

    import numpy as np

    from viewer.io import scan
    from workstation.archive import Archive

    with tempfile.TemporaryDirectory(prefix="archive-open-") as tmp:
        archive = Archive.open(Path(tmp) / "archive")
        files = sorted(p for p in args.folder.rglob("*") if p.is_file())
        for f in files:
            archive.ingest_file(f)
        uid = max(archive.series(), key=lambda s: s.instances).series_instance_uid
        indexed = sum(1 for i in archive.series_images(uid) if i.record)
        print(f"{args.folder}: {len(files)} files, series with {archive.series()[0].instances} instances, "
              f"{indexed} with an indexed header")

        ways = {
            "headers read again (series_files)": lambda: [str(f) for f in archive.series_files(uid)],
            "indexed headers (series_images)": lambda: archive.series_images(uid),
        }
        geometry = {k: [] for k in ways}
        whole = {k: [] for k in ways}
        volumes = {}
        for n in range(args.repeat + 1):  # the first round warms caches and is not counted
            for name, listing in ways.items():
                t = time.perf_counter()
                (stack,) = [s for s in scan(listing()).stacks if s.series_instance_uid == uid]
                t_geom = time.perf_counter()
                volumes[name] = stack.load()
                t_end = time.perf_counter()
                if n:
                    geometry[name].append(t_geom - t)
                    whole[name].append(t_end - t)
        a, b = volumes.values()
        assert np.array_equal(a.affine, b.affine) and np.array_equal(a.voxels, b.voxels), "volumes differ"
        archive.close()

    print(f"median of {args.repeat} rounds taking turns:")
    for name in ways:
        print(f"  {name:36s} geometry {statistics.median(geometry[name]) * 1000:7.1f} ms   "
              f"open (scan + load) {statistics.median(whole[name]) * 1000:7.1f} ms")
    old, new = ways
    g = statistics.median(geometry[new]) / statistics.median(geometry[old])
    w = statistics.median(whole[new]) / statistics.median(whole[old])
    print(f"  indexed / read again: geometry {g:.2f}x, open {w:.2f}x (same affine and voxels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
