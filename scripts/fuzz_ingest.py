"""Longer ingest fuzz than the CI test (``tests/security/test_ingest_fuzz.py``): seeded mutants of the
real test data mixed with good copies, through the import and through the receiver's store path, with
counts printed per mutant kind and outcome.

    .venv/bin/python scripts/fuzz_ingest.py [--seed N] [--mutants 2000] [--good 300] [--keep DIR]

Exit 0 when: no traceback, every good file kept, nothing written outside the archive folder, nothing
stored as valid whose elements pydicom cannot read. Stored files whose compressed pixel stream is
damaged inside its fragments are counted and shown apart (pixels are not decoded at ingest: a known
limit, ``docs/security.md``). Run it with ``nice``; ~2,300 files take a
few minutes on the shared 2-core box.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.hostile import tree_outside  # noqa: E402
from tests.security.mutants import fresh_bytes, mutants, source_files, unreadable_reason  # noqa: E402
from workstation.archive import Archive  # noqa: E402
from workstation.importer import ImportJob  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def _stored(archive: Archive) -> dict[str, Path]:
    return {r.sop_instance_uid: archive.store.absolute(r.stored_path)
            for s in archive.series() for r in archive.instances(s.series_instance_uid)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mutants", type=int, default=2000)
    ap.add_argument("--good", type=int, default=300)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))
    medium = work / "medium"
    medium.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    sources = source_files(DATA, 12, rng)
    kind_of: dict[str, str] = {}
    for i in range(args.good):
        name = f"good_{i:05d}.dcm"
        (medium / name).write_bytes(fresh_bytes(rng.choice(sources)))
        kind_of[name] = "good"
    for i, (kind, data) in enumerate(mutants(sources, args.mutants, rng)):
        name = f"bad_{i:05d}_{kind}.dcm"
        (medium / name).write_bytes(data)
        kind_of[name] = kind
    print(f"{len(kind_of)} files ({args.good} good, {args.mutants} mutants from {len(sources)} real files, "
          f"seed {args.seed}) made in {time.monotonic() - t0:.0f} s")
    import pydicom

    good_uids = {str(pydicom.dcmread(medium / n, stop_before_pixels=True).SOPInstanceUID)
                 for n, k in kind_of.items() if k == "good"}
    failures = 0
    for path_name in ("import", "receive"):
        archive_dir = work / path_name / "archive"
        archive_dir.parent.mkdir(parents=True, exist_ok=True)
        before = tree_outside(work, archive_dir)
        outcome_of: dict[str, str] = {}
        tracebacks = 0
        t1 = time.monotonic()
        with Archive.open(archive_dir) as archive:
            try:
                if path_name == "import":
                    report = ImportJob(archive, [medium]).run()
                    for problem in report.failed:
                        outcome_of[Path(problem.file).name] = "failed"
                    for problem in report.quarantined:
                        outcome_of[Path(problem.file).name] = "quarantined"
                else:
                    queue = archive.open_receive_queue()
                    for name in sorted(kind_of):
                        try:
                            outcome_of[name] = queue.ingest_bytes((medium / name).read_bytes(), name).status
                        except Exception:  # noqa: BLE001 - counted: a traceback on the receive path
                            tracebacks += 1
                            traceback.print_exc()
                    queue.close()
            except Exception:  # noqa: BLE001 - counted: a traceback in the import
                tracebacks += 1
                traceback.print_exc()
            stored = _stored(archive)
            reasons = {u: why for u, p in stored.items() if (why := unreadable_reason(p))}
            unreadable = {u: w for u, w in reasons.items() if w.startswith("header")}
            damaged_pixels = {u: w for u, w in reasons.items() if w.startswith("pixels")}
        outside = tree_outside(work, archive_dir) - before
        missing_good = good_uids - stored.keys()
        table: Counter = Counter((kind_of[n], outcome_of.get(n, "stored/dup/not_dicom")) for n in kind_of)
        print(f"\n== {path_name} ({time.monotonic() - t1:.0f} s): stored {len(stored)}, tracebacks {tracebacks}, "
              f"good kept {len(good_uids) - len(missing_good)}/{len(good_uids)}, unreadable stored "
              f"{len(unreadable)}, new paths outside the archive {len(outside)}")
        for (kind, outcome), n in sorted(table.items()):
            print(f"  {kind:<12} {outcome:<22} {n:5d}")
        for why in list(unreadable.values())[:10]:
            print(f"  UNREADABLE STORED: {why}")
        if damaged_pixels:  # a compressed stream damaged inside its fragments: not decoded at ingest
            print(f"  {len(damaged_pixels)} stored with a pixel stream pydicom cannot decode (known limit, "
                  f"docs/security.md): {list(damaged_pixels.values())[:3]}")
        for p in sorted(outside)[:10]:
            print(f"  OUTSIDE: {p}")
        failures += tracebacks + len(missing_good) + len(unreadable) + len(outside)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'OK' if failures == 0 else 'FAILED'} in {time.monotonic() - t0:.0f} s")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
