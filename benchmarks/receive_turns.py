"""Receivers measured in turns: each receiver in its own process with its own dcmtk ``storescu``
(ONE association, all N instances); every sender+receiver pair is paused (SIGSTOP) but the one whose
turn it is (SIGCONT for ``slice_s``).

Why: on a shared 2-core machine the floor itself swings from ~3 to ~9 ms per instance within seconds,
so receivers measured one after the other compare different machines. Taking turns every ~0.25 s puts a
neighbour's burst on every receiver alike. Each receiver's figure is N / (wall time its pair ran).
The receivers are whole processes stopped with their sender: an idle pynetdicom association polls
(two threads waking every millisecond), and idle receivers left running would tax every turn alike
and pull all ratios towards 1. Used by ``dicom_receive.py``.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Sender:
    name: str
    proc: subprocess.Popen
    receiver: subprocess.Popen | None = None  # stopped and continued with the sender
    active_s: float = 0.0
    turns: int = 0

    @property
    def done(self) -> bool:
        return self.proc.poll() is not None


def start_sender(storescu: str, port: int, called_aet: str, files) -> subprocess.Popen:
    """``storescu`` of ``files`` over one association, stopped at once (it runs only in its turns)."""
    proc = subprocess.Popen([storescu, "-aet", "SENDER", "-aec", called_aet, "127.0.0.1", str(port),
                             *map(str, files)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.kill(proc.pid, signal.SIGSTOP)
    return proc


def take_turns(senders: list[Sender], slice_s: float = 0.25, timeout_s: float = 900.0) -> None:
    """Run the senders in turns until each has exited; fills ``active_s``. Raises if one failed."""
    deadline = time.monotonic() + timeout_s
    try:
        while not all(s.done for s in senders):
            if time.monotonic() > deadline:
                raise TimeoutError("senders did not finish")
            for s in senders:
                if s.done:
                    continue
                t0 = time.perf_counter()
                if s.receiver is not None:
                    os.kill(s.receiver.pid, signal.SIGCONT)
                os.kill(s.proc.pid, signal.SIGCONT)
                try:
                    s.proc.wait(timeout=slice_s)
                except subprocess.TimeoutExpired:
                    os.kill(s.proc.pid, signal.SIGSTOP)
                s.active_s += time.perf_counter() - t0
                if s.receiver is not None and not s.done:
                    os.kill(s.receiver.pid, signal.SIGSTOP)
                s.turns += 1
    finally:
        for s in senders:
            if s.receiver is not None and s.receiver.poll() is None:
                os.kill(s.receiver.pid, signal.SIGCONT)
            if not s.done:
                os.kill(s.proc.pid, signal.SIGCONT)
                s.proc.kill()
                s.proc.wait()
    for s in senders:
        if s.proc.returncode != 0:
            raise RuntimeError(f"{s.name}: storescu failed: {s.proc.stderr.read().decode()[-500:]}")
