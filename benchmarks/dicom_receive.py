"""How fast can the workstation receive? dcmtk ``storescu`` sends N instances over ONE association to:

(a) our ``StorageSCP`` storing durably into a fresh archive (de-duplication, rows in batches), in both
    durability modes: ``fsync="instance"`` (each file fsynced before the ack) and ``fsync="batch"``
    (files fsynced per batch before their rows commit; acked once in the page cache under their name),
(b) dcmtk ``storescp`` writing files (``-od DIR``),
(c) a bare pynetdicom SCP that discards what it receives (the floor for any pynetdicom receiver).

Instances are the 130 real GE 3D T1 slices (256x256 int16, ~128 KB each) from ../shared/data, copied
with fresh SOP/Series Instance UIDs until N (default 1000). Prints instances/s, MB/s and the ratios
(a)/(c) (goal >= 0.8) and (a)/(b) (goal > 1). (d) times the archive's durable ``ingest_bytes`` alone on
the same bytes (no network); (e1)/(e2) time the receiver's own store path (``ReceiveQueue``: what each
answer waits for, rows committed by its writer thread) alone in each mode.
Usage: ``python benchmarks/dicom_receive.py [-n 1000] [--repeat 1] [--max-pdu 0]``.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pydicom
from pydicom.uid import generate_uid
from pynetdicom import AE, evt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCE = ROOT.parent / "shared" / "data" / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"
AET = "BENCH"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {port}")


def make_instances(n: int, out: Path) -> list[Path]:
    sources = sorted(p for p in SOURCE.iterdir() if p.is_file())
    files = []
    series_uid = generate_uid()
    for i in range(n):
        if i % len(sources) == 0:
            series_uid = generate_uid()
        ds = pydicom.dcmread(sources[i % len(sources)])
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.SeriesInstanceUID = series_uid
        path = out / f"{i:05d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        files.append(path)
    return files


def storescu(port: int, files: list[Path]) -> float:
    t0 = time.perf_counter()
    run = subprocess.run(["storescu", "-aet", "SENDER", "-aec", AET, "127.0.0.1", str(port), *map(str, files)],
                         capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if run.returncode != 0:
        raise RuntimeError(f"storescu failed: {run.stderr[-500:]}")
    return dt


MAX_PDU = [0]


def run_ours(files: list[Path], work: Path, fsync: str) -> tuple[float, int]:
    from workstation.archive import Archive
    from workstation.dicom_net.scp import StorageSCP

    port = free_port()
    with Archive.open(work / "archive") as archive, StorageSCP(archive, AET, port, host="127.0.0.1",
                                                                     max_pdu=MAX_PDU[0], fsync=fsync) as scp:
        wait_port(port)
        dt = storescu(port, files)  # storescu has had every answer: every instance acknowledged
        stored = scp.stats.as_dict().get("stored", 0)
        count = archive.counts()["instances"]  # waits for the last rows (<= one batch window)
    assert stored == count == len(files), (stored, count)
    return dt, count


def run_ours_instance(files: list[Path], work: Path) -> tuple[float, int]:
    return run_ours(files, work, "instance")


def run_ours_batch(files: list[Path], work: Path) -> tuple[float, int]:
    return run_ours(files, work, "batch")


def run_storescp(files: list[Path], work: Path) -> tuple[float, int]:
    port = free_port()
    out = work / "storescp"
    out.mkdir()
    proc = subprocess.Popen(["storescp", "-aet", AET, "-od", str(out), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        dt = storescu(port, files)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return dt, sum(1 for _ in out.iterdir())


def run_discard(files: list[Path], work: Path) -> tuple[float, int]:
    from workstation.dicom_net.contexts import add_storage_scp_contexts

    received = [0]

    def discard(event):
        event.encoded_dataset()
        received[0] += 1
        return 0x0000

    ae = AE(ae_title=AET)
    ae.maximum_pdu_size = MAX_PDU[0]  # same as our SCP
    add_storage_scp_contexts(ae)
    port = free_port()
    server = ae.start_server(("127.0.0.1", port), block=False, evt_handlers=[(evt.EVT_C_STORE, discard)])
    try:
        wait_port(port)
        dt = storescu(port, files)
    finally:
        server.shutdown()
    return dt, received[0]


def run_ingest_only(files: list[Path], work: Path) -> tuple[float, int]:
    """(d) the archive's durable path alone, no network: what (a) cannot go below."""
    from workstation.archive import Archive

    blobs = [p.read_bytes() for p in files]
    with Archive.open(work / "archive") as archive:
        t0 = time.perf_counter()
        stored = sum(archive.ingest_bytes(b, source="bench").status == "stored" for b in blobs)
        return time.perf_counter() - t0, stored


def run_queue_only(files: list[Path], work: Path, fsync: str) -> tuple[float, int]:
    """(e) the receiver's own store path (``ReceiveQueue.ingest_bytes``: what an ack waits for) alone,
    no network, in one durability mode; rows committed before the clock stops."""
    from workstation.archive import Archive

    blobs = [p.read_bytes() for p in files]
    with Archive.open(work / "archive") as archive:
        queue = archive.open_receive_queue(fsync)
        t0 = time.perf_counter()
        stored = sum(queue.ingest_bytes(b, source="bench").status == "stored" for b in blobs)
        queue.close()
        return time.perf_counter() - t0, stored


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="instances to send (default 1000)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; the best of each is kept")
    ap.add_argument("--max-pdu", type=int, default=0,
                    help="max PDU both pynetdicom receivers announce (0 = unlimited, our SCP's default)")
    args = ap.parse_args()
    MAX_PDU[0] = args.max_pdu
    if not shutil.which("storescu") or not shutil.which("storescp"):
        print("dcmtk (storescu, storescp) is needed: apt-get install dcmtk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dicom-receive-") as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        files = make_instances(args.n, tmp / "src")
        mb = sum(p.stat().st_size for p in files) / 1e6
        print(f"{len(files)} instances, {mb:.1f} MB ({mb / len(files) * 1000:.0f} KB each), one association each, "
              f"pynetdicom max PDU {args.max_pdu or 'unlimited'}")
        best: dict[str, float] = {}
        runners = {"(a1) our SCP, fsync=instance": run_ours_instance,
                   "(a2) our SCP, fsync=batch": run_ours_batch, "(b) dcmtk storescp -> files": run_storescp,
                   "(c) pynetdicom SCP, discards": run_discard,
                   "(d) archive.ingest_bytes, no network": run_ingest_only,
                   "(e1) receive path alone, fsync=instance": lambda f, w: run_queue_only(f, w, "instance"),
                   "(e2) receive path alone, fsync=batch": lambda f, w: run_queue_only(f, w, "batch")}
        for r in range(args.repeat):
            for name, runner in runners.items():
                work = tmp / f"{r}-{name[1:3].strip(')')}"
                work.mkdir()
                dt, got = runner(files, work)
                assert got == len(files), f"{name}: received {got} of {len(files)}"
                best[name] = min(best.get(name, dt), dt)
                shutil.rmtree(work, ignore_errors=True)
        for name, dt in best.items():
            print(f"{name:<38} {len(files) / dt:8.1f} instances/s  {mb / dt:7.1f} MB/s  ({dt:.2f} s)")
        a1, a2, b, c, d, e1, e2 = (best[k] for k in runners)
        for label, a in (("fsync=instance", a1), ("fsync=batch   ", a2)):
            print(f"ours ({label}) / discarding pynetdicom floor: {c / a:.2f}x  (goal >= 0.8);"
                  f"  / dcmtk storescp: {b / a:.2f}x  (goal > 1)")
        n = len(files) / 1000
        print(f"per instance: floor {c / n:.2f} ms, archive.ingest_bytes alone {d / n:.2f} ms, receive path "
              f"alone {e1 / n:.2f} ms (instance) / {e2 / n:.2f} ms (batch), ours {a1 / n:.2f} ms (instance) / "
              f"{a2 / n:.2f} ms (batch), storescp {b / n:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
