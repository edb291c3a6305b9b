"""How fast can the workstation receive? dcmtk ``storescu`` sends N instances over ONE association to:

(a) our ``StorageSCP`` storing durably into a fresh archive (de-duplication, rows in batches), in both
    durability modes: ``fsync="instance"`` (each file fsynced before the ack) and ``fsync="batch"``
    (one syncfs per batch before its rows commit; acked once in the page cache under their name),
(b) dcmtk ``storescp`` writing files (``-od DIR``),
(c) a bare pynetdicom SCP that discards what it receives (the floor for any pynetdicom receiver),
(t) the same floor given our receiver's TCP settings (quick ACK, no Nagle: ``workstation/dicom_net/tcp.py``)
    and GIL switch interval: (a)/(t) is what storing costs, with the transport alike.

Instances are the 130 real GE 3D T1 slices (256x256 int16, ~148 KB each) from ../shared/data, copied
with fresh SOP/Series Instance UIDs until N (default 1000). (a1), (a2), (c) and (t) each run in their own
process with their own ``storescu``, and the sender+receiver pairs take turns every ``--slice`` seconds
(``receive_turns.py``: a neighbour's burst lands on all of them); ``--rounds`` such rounds, the median
of the rounds' ratios (a)/(c) is reported (goal >= 0.8), with each receiver's CPU per instance. (b) runs
alone (goal: (a) faster). (d) times the archive's durable ``ingest_bytes`` alone on the same bytes (no
network); (e1)/(e2) time the receiver's own store path (``ReceiveQueue``: what each answer waits for,
rows committed by its writer thread) alone in each mode. ``--sequential R`` adds the old one-after-the-
other figures of (a1), (a2), (c).
Usage: ``python benchmarks/dicom_receive.py [-n 1000] [--rounds 3] [--slice 0.25] [--sequential 0] [--max-pdu 0]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
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
KINDS = ("a1", "a2", "c", "t")


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


def start_floor(port: int, tuned: bool = False):
    """(c) the floor: a bare pynetdicom SCP (our presentation contexts and PDU size, pynetdicom's
    defaults otherwise) that takes each data set with pynetdicom's ``encoded_dataset()`` and discards it.
    ``tuned``: (t) the same floor given everything our receiver sets around pynetdicom (TCP quick ACK /
    no Nagle, ``tcp.py``; GIL switch interval, ``scp.py``), so that (a)/(t) is the cost of storing alone.
    ``(server, received count)``."""
    from workstation.dicom_net.contexts import add_storage_scp_contexts
    from workstation.dicom_net.scp import RECEIVE_SWITCH_INTERVAL_S
    from workstation.dicom_net.tcp import tune_connection

    received = [0]

    def discard(event):
        event.encoded_dataset()
        received[0] += 1
        return 0x0000

    ae = AE(ae_title=AET)
    ae.maximum_pdu_size = MAX_PDU[0]  # same as our SCP
    add_storage_scp_contexts(ae)
    handlers = [(evt.EVT_C_STORE, discard)]
    if tuned:
        sys.setswitchinterval(RECEIVE_SWITCH_INTERVAL_S)  # what our SCP runs with
        handlers.append((evt.EVT_CONN_OPEN, tune_connection))
    server = ae.start_server(("127.0.0.1", port), block=False, evt_handlers=handlers)
    return server, received


def run_discard(files: list[Path], work: Path) -> tuple[float, int]:
    port = free_port()
    server, received = start_floor(port)
    try:
        wait_port(port)
        dt = storescu(port, files)
    finally:
        server.shutdown()
    return dt, received[0]


def serve(kind: str, port: int, work: Path) -> int:
    """``--serve``: one receiver in this process until SIGTERM, then print how many it kept and the CPU
    seconds (all threads) it used after it was ready."""
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if kind in ("c", "t"):
        server, received = start_floor(port, tuned=kind == "t")
        cpu0 = time.process_time()
        print("READY", flush=True)
        stop.wait()
        server.shutdown()
        print(received[0], time.process_time() - cpu0, flush=True)
        return 0
    from workstation.archive import Archive
    from workstation.dicom_net.scp import StorageSCP

    with Archive.open(work / "archive") as archive:
        with StorageSCP(archive, AET, port, host="127.0.0.1", max_pdu=MAX_PDU[0],
                        fsync="instance" if kind == "a1" else "batch"):
            cpu0 = time.process_time()
            print("READY", flush=True)
            stop.wait()
        cpu = time.process_time() - cpu0  # (rows committed: stop() waited for them)
        print(archive.counts()["instances"], cpu, flush=True)
    return 0


def run_in_turns(files: list[Path], work: Path, slice_s: float) -> tuple[dict[str, float], dict[str, float]]:
    """(a1), (a2), (c) and (t), each in its own process with its own sender, taking turns
    (``receive_turns``): wall seconds each, CPU seconds each."""
    from receive_turns import Sender, start_sender, take_turns

    receivers, senders = {}, []
    try:
        for kind in KINDS:
            port = free_port()
            (work / kind).mkdir()
            receivers[kind] = proc = subprocess.Popen(
                [sys.executable, __file__, "--serve", kind, "--port", str(port), "--work", str(work / kind),
                 "--max-pdu", str(MAX_PDU[0])], stdout=subprocess.PIPE, text=True)
            if proc.stdout.readline().strip() != "READY":
                raise RuntimeError(f"receiver {kind} did not start")
            wait_port(port)
            senders.append(Sender(kind, start_sender(shutil.which("storescu"), port, AET, files), proc))
        for s in senders:  # each receiver runs only in its turns too
            os.kill(s.receiver.pid, signal.SIGSTOP)
        take_turns(senders, slice_s)
    finally:
        for proc in receivers.values():
            os.kill(proc.pid, signal.SIGCONT)
            proc.terminate()
    last = {kind: proc.communicate(timeout=120)[0].strip().splitlines()[-1].split() for kind, proc in receivers.items()}
    kept = {kind: int(v[0]) for kind, v in last.items()}
    assert kept == {k: len(files) for k in receivers}, kept
    return {s.name: s.active_s for s in senders}, {kind: float(v[1]) for kind, v in last.items()}


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
    ap.add_argument("--rounds", type=int, default=3, help="rounds of (a1)/(a2)/(c) taking turns (default 3)")
    ap.add_argument("--slice", type=float, default=0.25, help="seconds a sender runs in one turn (default 0.25)")
    ap.add_argument("--sequential", type=int, default=0, metavar="R",
                    help="also R rounds of (a1), (a2), (c) one after the other (best of each kept), as measured before")
    ap.add_argument("--max-pdu", type=int, default=0,
                    help="max PDU both pynetdicom receivers announce (0 = unlimited, our SCP's default)")
    ap.add_argument("--serve", choices=KINDS, help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    MAX_PDU[0] = args.max_pdu
    if args.serve:
        return serve(args.serve, args.port, args.work)
    if not shutil.which("storescu") or not shutil.which("storescp"):
        print("dcmtk (storescu, storescp) is needed: apt-get install dcmtk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dicom-receive-") as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        files = make_instances(args.n, tmp / "src")
        n = len(files)
        mb = sum(p.stat().st_size for p in files) / 1e6
        print(f"{n} instances, {mb:.1f} MB ({mb / n * 1000:.0f} KB each), one association per receiver, "
              f"pynetdicom max PDU {args.max_pdu or 'unlimited'}")

        def line(name: str, dt: float, extra: str = "") -> None:
            print(f"{name:<40} {n / dt:8.1f} instances/s  {mb / dt:7.1f} MB/s  ({dt / n * 1000:.2f} ms each){extra}")

        names = {"a1": "(a1) our SCP, fsync=instance", "a2": "(a2) our SCP, fsync=batch (default)",
                 "c": "(c) pynetdicom SCP, discards (floor)",
                 "t": "(t) floor + our TCP/GIL settings"}
        rounds, cpus = [], []
        for r in range(args.rounds):
            work = tmp / f"turns-{r}"
            work.mkdir()
            t, cpu = run_in_turns(files, work, args.slice)
            rounds.append(t)
            cpus.append(cpu)
            shutil.rmtree(work, ignore_errors=True)
            print(f"round {r + 1} (pairs taking turns every {args.slice:g} s): "
                  + ", ".join(f"{k} {t[k] / n * 1000:.2f} ms ({cpu[k] / n * 1000:.2f} ms CPU)" for k in KINDS)
                  + f"; ours/floor: instance {t['c'] / t['a1']:.2f}x, batch {t['c'] / t['a2']:.2f}x"
                  + f"; ours/(t): instance {t['t'] / t['a1']:.2f}x, batch {t['t'] / t['a2']:.2f}x")
        med = {k: statistics.median(t[k] for t in rounds) for k in KINDS}
        cpu_med = {k: statistics.median(c[k] for c in cpus) for k in KINDS}
        print(f"--- taking turns, median of {args.rounds} round(s)")
        for k in KINDS:
            line(names[k], med[k], f"  CPU {cpu_med[k] / n * 1000:.2f} ms each")
        ratio = {k: statistics.median(t["c"] / t[k] for t in rounds) for k in ("a1", "a2")}
        like = {k: statistics.median(t["t"] / t[k] for t in rounds) for k in ("a1", "a2")}

        work = tmp / "storescp"
        work.mkdir()
        tb = run_storescp(files, work)[0]
        print("--- one at a time")
        line("(b) dcmtk storescp -> files", tb)
        singles = {"(d) archive.ingest_bytes, no network": run_ingest_only,
                   "(e1) receive path alone, fsync=instance": lambda f, w: run_queue_only(f, w, "instance"),
                   "(e2) receive path alone, fsync=batch": lambda f, w: run_queue_only(f, w, "batch")}
        seq = {"(a1) our SCP, fsync=instance (sequential)": run_ours_instance,
               "(a2) our SCP, fsync=batch (sequential)": run_ours_batch,
               "(c) pynetdicom SCP, discards (sequential)": run_discard}
        timed: dict[str, float] = {}
        for r in range(args.sequential):
            for name, runner in seq.items():
                work = tmp / f"seq-{r}-{len(timed)}"
                work.mkdir()
                dt, got = runner(files, work)
                assert got == n, f"{name}: received {got} of {n}"
                timed[name] = min(timed.get(name, dt), dt)
                shutil.rmtree(work, ignore_errors=True)
        for name, runner in singles.items():
            work = tmp / f"single-{len(timed)}"
            work.mkdir()
            dt, got = runner(files, work)
            assert got == n, f"{name}: stored {got} of {n}"
            timed[name] = dt
            shutil.rmtree(work, ignore_errors=True)
        for name, dt in timed.items():
            line(name, dt)
        for k, label in (("a1", "fsync=instance"), ("a2", "fsync=batch   ")):
            print(f"ours ({label}) / discarding pynetdicom floor: {ratio[k]:.2f}x (median of the rounds' ratios; "
                  f"goal >= 0.8);  / dcmtk storescp: {tb / med[k]:.2f}x  (goal > 1);  / floor with our TCP and "
                  f"GIL settings (t): {like[k]:.2f}x (the cost of storing alone)")
        if args.sequential:
            c = timed["(c) pynetdicom SCP, discards (sequential)"]
            print(f"one after the other (best of {args.sequential}): ours/floor instance "
                  f"{c / timed['(a1) our SCP, fsync=instance (sequential)']:.2f}x, batch "
                  f"{c / timed['(a2) our SCP, fsync=batch (sequential)']:.2f}x")
        per = {k: med[k] / n * 1000 for k in med}
        print(f"per instance: floor {per['c']:.2f} ms, ours {per['a1']:.2f} ms (instance) / {per['a2']:.2f} ms "
              f"(batch), storescp {tb / n * 1000:.2f} ms; receive path alone "
              f"{timed['(e1) receive path alone, fsync=instance'] / n * 1000:.2f} ms (instance) / "
              f"{timed['(e2) receive path alone, fsync=batch'] / n * 1000:.2f} ms (batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
