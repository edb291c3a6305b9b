"""``cdss-workstation inference-worker --broker URL [--queues gpu,cpu] [--concurrency N] [--pool solo|prefork]``.

Runs a Celery worker of the inference queue (inference.queue.app) on this host: it takes M1 jobs from
the Redis broker, segments each study on CUDA when torch sees a GPU (else the CPU) and writes the SEGs
where the job says. Prints which device it will use before it starts. Stop with Ctrl-C / SIGTERM (the
running job is finished first on SIGTERM; a second signal or SIGKILL leaves it to another worker).
"""
from __future__ import annotations

import argparse
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inference-worker", help="run an AI inference worker (Celery) on the Redis job queue")
    p.add_argument("--broker", default=None, metavar="URL",
                   help="Redis URL, e.g. redis://gpu-host:6379/0 (default $CDSS_INFERENCE_BROKER)")
    p.add_argument("--queues", default="gpu,cpu", metavar="Q[,Q]", help="queues to take jobs from (gpu, cpu)")
    p.add_argument("--concurrency", type=int, default=1, metavar="N", help="jobs at a time (default 1 per GPU)")
    p.add_argument("--pool", choices=("solo", "prefork", "threads"), default=None,
                   help="Celery pool (default solo for 1 job at a time, else prefork)")
    p.add_argument("--name", default=None, metavar="NAME", help="worker node name (default inference@host)")
    p.add_argument("--loglevel", default="INFO")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    broker = args.broker or os.environ.get("CDSS_INFERENCE_BROKER")
    if not broker:
        print("error: give --broker redis://HOST:PORT/DB (or set CDSS_INFERENCE_BROKER)", file=sys.stderr)
        return 2
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    bad = [q for q in queues if q not in ("gpu", "cpu")]
    if bad or not queues:
        print(f"error: unknown queue(s) {', '.join(bad) or '(none)'}; use gpu and/or cpu", file=sys.stderr)
        return 2
    os.environ["CDSS_INFERENCE_BROKER"] = broker
    import torch

    device = f"CUDA ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else "CPU (torch sees no CUDA GPU)"
    print(f"inference worker: broker {broker}, queues {','.join(queues)}, device {device}", file=sys.stderr,
          flush=True)
    from inference.queue.app import app

    pool = args.pool or ("solo" if args.concurrency == 1 else "prefork")
    argv = ["worker", "-Q", ",".join(queues), "-P", pool, "-c", str(args.concurrency),
            "-n", args.name or "inference@%h", "--loglevel", args.loglevel, "--without-gossip", "--without-mingle"]
    app.worker_main(argv)
    return 0
