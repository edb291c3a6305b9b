"""Longer access fuzz than the CI tests (``tests/sync/test_guard_fuzz.py``,
``tests/security/test_access_deidentify.py``), with counts printed:

1. hostile requests over raw sockets at the sync service (on a temporary SQLite database): forged, missing
   and good tokens × lying/huge/non-numeric lengths, bad or huge chunk sizes, both framings, bodies over the
   cap; counts per answer, the service's peak memory growth, and whether it still answers;
2. de-identified exports of studies whose identifying text sits at random in kept sequences (up to 4 deep),
   private elements and the file meta; counts of instances exported and of leaks (must be 0).

    .venv/bin/python scripts/fuzz_access.py [--seed N] [--requests 2000] [--instances 300]

Exit 0 when no request got a 5xx, the service still answers, its memory grew < 50 MiB, and no identifying
text was found in any exported file. Run it with ``nice``.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sync.sqlite_deploy import deploy_sqlite, peak_rss_kib  # noqa: E402
from tests.sync.test_guard_fuzz import _request, _send  # noqa: E402


def fuzz_requests(n: int, seed: int, folder: Path) -> bool:
    dep = deploy_sqlite(folder)
    try:
        rng, pid = random.Random(seed), dep.service.proc.pid
        before, seen, t0 = peak_rss_kib(pid), Counter(), time.monotonic()
        for _ in range(n):
            raw, _ = _request(rng, dep.tokens["RIS"])
            status = _send(dep.service.port, raw)
            seen[status.split(" ")[1] if status.startswith("HTTP/1.1 ") else "closed"] += 1
        grown = (peak_rss_kib(pid) - before) / 1024
        with dep.http("RIS") as c:
            alive = c.get("/api/auth/me/").status_code == 200
        print(f"requests: {n} in {time.monotonic() - t0:.1f} s; answers {dict(sorted(seen.items()))}; "
              f"peak memory +{grown:.1f} MiB; service answers afterwards: {alive}")
        return alive and grown < 50 and not any(k.startswith("5") for k in seen)
    finally:
        dep.service.stop()
        dep.engine.dispose()


def fuzz_deid(n: int, seed: int, folder: Path) -> bool:
    import pydicom
    from pydicom.sequence import Sequence

    from tests.security.phi_files import import_folder, phi_instance, phi_marks
    from tests.security.test_access_deidentify import KEPT_SEQUENCES, _fuzzed_item, leaks
    from workstation.archive import Archive
    from workstation.export import export

    rng, marks = random.Random(seed), phi_marks(seed)
    src = folder / "in"
    src.mkdir()
    study, series = pydicom.uid.generate_uid(), pydicom.uid.generate_uid()
    for i in range(1, n + 1):
        ds = phi_instance(marks, study, series, i, depth=rng.randint(0, 3), burned_in=rng.random() < 0.05)
        for keyword in rng.sample(KEPT_SEQUENCES, rng.randint(1, 3)):
            setattr(ds, keyword, Sequence([_fuzzed_item(rng, marks, rng.randint(0, 4))]))
        ds.save_as(src / f"f{i}.dcm", enforce_file_format=True)
    import_folder(folder / "arch", src)
    with Archive.open(folder / "arch") as archive:
        report = export(archive, folder / "out", study_uid=study, deidentify_profile=True)
    found = leaks(folder / "out", marks)
    print(f"de-identification: {n} instances, {report.exported} exported, {len(report.refused)} refused "
          f"(burned-in), {len(report.failed)} failed, {len(found)} leaks" + (f": {found[:5]}" if found else ""))
    return not found and not report.failed and report.exported + len(report.refused) == n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--instances", type=int, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cdss-fuzz-access-") as tmp:
        (Path(tmp) / "svc").mkdir()
        (Path(tmp) / "deid").mkdir()
        ok = fuzz_requests(args.requests, args.seed, Path(tmp) / "svc")
        ok = fuzz_deid(args.instances, args.seed, Path(tmp) / "deid") and ok
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
