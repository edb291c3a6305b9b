"""Sync throughput: the REST service + client against direct SQL on the same MariaDB, in the same run.

(a) pull of N orders (default 10,000) by ``SyncClient.pull_orders`` (HTTP pages of 1000, JSON, writing the
    local SQLite cache) vs (b) ``SELECT`` of the same rows by direct SQL (SQLAlchemy Core, PyMySQL);
(c) push of M reports (default 1,000) through the outbox (``enqueue`` then ``drain``: one HTTP request per
    report, version check, history row, idempotency record, local bookkeeping) vs (d) the same report
    updates by direct SQL (version-checked UPDATE + history INSERT, one transaction per report).

Prints items/s and the ratios (a)/(b), (c)/(d); pulls are the best of ``--repeat`` runs. Starts a throwaway MariaDB (tests/harness) unless
``--database URL`` names an empty one. Usage: ``python benchmarks/sync.py [--orders 10000] [--reports 1000]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from sync.client import SyncClient  # noqa: E402
from sync.service.db import make_engine  # noqa: E402
from sync.service.migrate import upgrade  # noqa: E402
from sync.service.seed import seed_bulk_orders, seed_demo  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def direct_pull(engine) -> list:
    with engine.connect() as c:
        return c.execute(text("SELECT * FROM ocs ORDER BY updated_at, id")).all()


def direct_push(engine, ids: list[int], actor: str = "ris.park") -> None:
    for oid in ids:
        with engine.begin() as c:
            row = c.execute(text("SELECT version, worker_result FROM ocs WHERE id=:i FOR UPDATE"), {"i": oid}).one()
            wr = json.loads(row.worker_result or "{}")
            wr["findings"] = f"direct report {oid}"
            c.execute(text("UPDATE ocs SET worker_result=:w, version=version+1, updated_at=NOW(6) "
                           "WHERE id=:i AND version=:v"), {"w": json.dumps(wr), "i": oid, "v": row.version})
            c.execute(text("INSERT INTO ocs_history (ocs_id, action, from_status, to_status, actor, version, "
                           "created_at) VALUES (:i, 'RESULT', 'IN_PROGRESS', 'IN_PROGRESS', :a, :v, NOW(6))"),
                      {"i": oid, "a": actor, "v": row.version + 1})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=10_000)
    ap.add_argument("--reports", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3, help="pulls: best of this many runs (default 3)")
    ap.add_argument("--database", help="URL of an EMPTY MySQL/MariaDB database (default: a throwaway MariaDB)")
    args = ap.parse_args()
    from tests.sync.service_proc import ServiceProcess

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-sync-")))
        url = args.database
        if not url:
            from tests.harness.mariadb import MariaDBServer

            db = stack.enter_context(MariaDBServer(tmp / "mariadb"))
            url = db.create_database("bench")
        engine = make_engine(url)
        upgrade(engine)
        tokens = seed_demo(engine)
        bulk = args.orders - 54
        seed_bulk_orders(engine, bulk, patient_id=1)
        svc = ServiceProcess(url, tmp / "service.log").start()
        stack.callback(svc.stop)
        client = SyncClient(f"sqlite:///{tmp / 'local.sqlite'}", svc.url, tokens["RIS"])
        stack.callback(client.close)

        t_sql = t_api = float("inf")
        for _ in range(args.repeat):  # best of N: the machine is shared
            (rows_sql, t) = timed(lambda: direct_pull(engine))
            t_sql = min(t_sql, t)
            (rows_api, t) = timed(lambda: client.pull_orders(full=True))
            t_api = min(t_api, t)
        assert len(rows_sql) == len(rows_api) == args.orders, (len(rows_sql), len(rows_api))

        with engine.connect() as c:
            ids = list(c.execute(text("SELECT id FROM ocs WHERE ocs_number LIKE 'OCS-BULK-%' ORDER BY id "
                                      "LIMIT :n"), {"n": 2 * args.reports}).scalars())
        api_ids, sql_ids = ids[:args.reports], ids[args.reports:2 * args.reports]
        (_, t_direct_push) = timed(lambda: direct_push(engine, sql_ids))

        def push():
            for oid in api_ids:
                client.enqueue("report", oid, {"findings": f"report {oid}", "impression": "bench"}, 1)
            return client.drain()

        (report, t_push) = timed(push)
        assert report.applied == args.reports and report.remaining == 0, report
        with engine.connect() as c:
            applied = c.execute(text("SELECT COUNT(*) FROM ocs WHERE version=2 AND ocs_number LIKE 'OCS-BULK-%'")).scalar()
        assert applied == 2 * args.reports

    pull_api, pull_sql = args.orders / t_api, args.orders / t_sql
    push_api, push_sql = args.reports / t_push, args.reports / t_direct_push
    print(f"pull {args.orders} orders:  service+client {pull_api:9.0f} items/s ({t_api:6.2f} s)   "
          f"direct SQL {pull_sql:9.0f} items/s ({t_sql:6.2f} s)   ratio {pull_api / pull_sql:.3f}")
    print(f"push {args.reports} reports: service+client {push_api:9.0f} items/s ({t_push:6.2f} s)   "
          f"direct SQL {push_sql:9.0f} items/s ({t_direct_push:6.2f} s)   ratio {push_api / push_sql:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
