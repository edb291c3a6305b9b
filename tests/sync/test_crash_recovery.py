"""The service is SIGKILLed while the client pushes 200 outbox items; after a restart every item is applied
exactly once (checked in MySQL: history rows, measurements, versions, idempotency keys)."""
from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import text

from sync.client import Backoff, SyncClient

pytestmark = [pytest.mark.mariadb, pytest.mark.slow]

N_ITEMS = 200


def count_changes(engine) -> int:
    with engine.connect() as c:
        return c.execute(text("SELECT COUNT(*) FROM ocs_history WHERE action IN ('RESULT', 'MEASUREMENT')")).scalar()


def test_sigkill_mid_push_every_item_applied_exactly_once(deployment, tmp_path):
    client = SyncClient(f"sqlite:///{tmp_path / 'local.sqlite'}", deployment.url, deployment.tokens["RIS"],
                        backoff=Backoff(base=0.01, cap=0.05))
    open_orders = [o for o in client.pull_orders(full=True)
                   if o.job_role == "RIS" and o.status in ("ACCEPTED", "IN_PROGRESS", "RESULT_READY")]
    assert len(open_orders) >= 10
    start_versions = {o.id: o.version for o in open_orders}
    per_order: Counter[int] = Counter()
    measurement_ids = []
    for k in range(N_ITEMS):
        o = open_orders[k % len(open_orders)]
        per_order[o.id] += 1
        if k % 5 == 0:  # a report edit, made on top of the version the user saw
            client.enqueue("report", o.id, {"findings": f"edit {k}"}, start_versions[o.id])
        else:
            mid = uuid.uuid4().hex
            measurement_ids.append(mid)
            client.enqueue("measurement", o.id, {"uuid": mid, "kind": "length", "value": float(k), "unit": "mm"})
    baseline = count_changes(deployment.engine)

    reports = []
    pusher = threading.Thread(target=lambda: reports.append(client.drain()))
    pusher.start()
    deadline = time.monotonic() + 60
    while count_changes(deployment.engine) - baseline < 40 and time.monotonic() < deadline:
        time.sleep(0.005)
    deployment.service.kill()
    pusher.join(timeout=60)
    killed_at = count_changes(deployment.engine) - baseline
    assert 0 < killed_at < N_ITEMS, "the kill must land mid-push"
    assert reports[0].error and reports[0].remaining > 0
    assert client.state().pending == reports[0].remaining and not client.state().online
    print(f"killed after {killed_at} applied; client saw {reports[0].applied}: {reports[0].error}")

    deployment.service.start()
    for _ in range(20):
        report = client.drain(ignore_backoff=True)
        if report.remaining == 0:
            break
    st = client.state()
    assert (st.pending, st.conflicts, st.failed) == (0, 0, 0)

    assert count_changes(deployment.engine) - baseline == N_ITEMS
    with deployment.engine.connect() as c:
        rows = {}
        for oid in start_versions:
            r = c.execute(text("SELECT version, worker_result FROM ocs WHERE id=:i"), {"i": oid}).one()
            rows[oid] = (r.version, json.loads(r.worker_result))
        keys = set(c.execute(text("SELECT idem_key FROM sync_idempotency")).scalars())
    with client.engine.connect() as c:
        local_keys = set(c.execute(text("SELECT idem_key FROM sync_outbox")).scalars())
    assert local_keys <= keys and len(local_keys) == N_ITEMS
    seen = Counter(m["uuid"] for _, wr in rows.values() for m in wr.get("measurements", []))
    assert set(seen) == set(measurement_ids) and set(seen.values()) == {1}
    for oid, (version, _) in rows.items():
        assert version == start_versions[oid] + per_order[oid], f"order {oid}"
