"""Backoff arithmetic, the status machine table, and the Alembic migration matching the models."""
from __future__ import annotations

import random

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sync.client.backoff import Backoff
from sync.schema.vocab import ORDER_STATUSES, TRANSITIONS, IllegalTransition, can_transition, signing_path


def test_backoff_grows_exponentially_and_is_capped():
    b = Backoff(base=0.5, factor=2.0, cap=10.0, jitter=0.0)
    assert [b.delay(n) for n in range(7)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 10.0]
    jittery = Backoff(base=1.0, cap=60.0, jitter=0.2)
    rng = random.Random(1)
    delays = [jittery.delay(4, rng) for _ in range(200)]
    assert 6.4 <= min(delays) < 7.0 and 9.0 < max(delays) <= 9.6 and len(set(delays)) > 100


def test_status_machine_is_forward_only_with_rework_and_cancel():
    assert set(TRANSITIONS) == set(ORDER_STATUSES)
    assert can_transition("ORDERED", "ACCEPTED") and can_transition("RESULT_READY", "CONFIRMED", signing=True)
    assert not can_transition("RESULT_READY", "CONFIRMED")  # an imaging order confirms only by signing
    assert can_transition("RESULT_READY", "CONFIRMED", job_role="LIS")  # a lab result confirms by status
    assert signing_path("ORDERED") == ("ACCEPTED", "IN_PROGRESS", "RESULT_READY", "CONFIRMED")
    assert signing_path("RESULT_READY") == ("CONFIRMED",) and signing_path("CONFIRMED") == ()
    with pytest.raises(IllegalTransition, match="CANCELLED to CONFIRMED"):
        signing_path("CANCELLED")
    assert can_transition("RESULT_READY", "IN_PROGRESS")  # sent back for rework
    assert not can_transition("ORDERED", "CONFIRMED") and not can_transition("CONFIRMED", "CANCELLED")
    assert not TRANSITIONS["CANCELLED"] and not TRANSITIONS["CONFIRMED"]


@pytest.mark.mariadb
def test_migration_builds_exactly_the_models(mariadb):
    from sync.service.db import make_engine
    from sync.service.migrate import upgrade
    from sync.service.models import metadata

    engine = make_engine(mariadb.create_database())
    upgrade(engine)
    upgrade(engine)  # idempotent
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"version_table": "sync_alembic_version"}), metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert set(metadata.tables) | {"sync_alembic_version"} == tables
    engine.dispose()


def test_cli_registers_the_sync_service_command():
    from workstation.cli.main import build_parser

    args = build_parser().parse_args(["sync-service", "--database", "mysql+pymysql://u:p@h/db", "--port", "9000"])
    assert (args.database, args.port, args.host) == ("mysql+pymysql://u:p@h/db", 9000, "127.0.0.1")


def test_cli_bad_database_is_a_clear_error_not_a_traceback():
    import subprocess
    import sys

    for extra in ([], ["--no-migrate"]):
        out = subprocess.run([sys.executable, "-m", "sync.service", "--database", "not-a-url", *extra],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and "cannot prepare the database" in out.stderr
        assert "Traceback" not in out.stderr


@pytest.mark.mariadb
def test_cli_seed_then_serve_prints_working_tokens(mariadb, tmp_path):
    import subprocess
    import sys

    import httpx

    from tests.harness.peers import free_port, stop_process, wait_until

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sync.service", "--database", mariadb.create_database(),
                             "--port", str(port), "--seed"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        tokens = {}
        while len(tokens) < 5:
            line = proc.stdout.readline()
            assert line, "the service exited before printing the tokens"
            role, user, token = line.split()
            tokens[role] = token
        wait_until(lambda: httpx.get(f"http://127.0.0.1:{port}/openapi.json").status_code == 200, timeout=30)
        me = httpx.get(f"http://127.0.0.1:{port}/api/auth/me/", headers={"Authorization": f"Token {tokens['NURSE']}"})
        assert me.json()["role"] == "NURSE" and me.json()["username"] == "nurse.lee"
    finally:
        stop_process(proc)


@pytest.mark.mariadb
def test_old_idempotency_keys_and_applied_outbox_items_are_pruned(mariadb, tmp_path):
    from datetime import timedelta

    from sqlalchemy import func, select

    from sync.client import SyncClient
    from sync.client.local_models import OutboxItem
    from sync.service.db import make_engine, make_sessions, utcnow
    from sync.service.maintenance import prune_idempotency
    from sync.service.migrate import upgrade
    from sync.service.models_access import IdempotencyRecord

    engine = make_engine(mariadb.create_database())
    upgrade(engine)
    with make_sessions(engine).begin() as s:
        for key, age in (("old-key-0001", 40), ("new-key-0001", 1)):
            s.add(IdempotencyRecord(idem_key=key, user_id=1, request_hash="h", status_code=200, response={},
                                    created_at=utcnow() - timedelta(days=age)))
    assert prune_idempotency(engine) == 1
    with engine.connect() as c:
        assert c.execute(select(IdempotencyRecord.idem_key)).scalars().all() == ["new-key-0001"]
    engine.dispose()

    client = SyncClient(f"sqlite:///{tmp_path / 'p.sqlite'}", "http://127.0.0.1:9", "t")
    for _ in range(3):
        client.enqueue("status", 1, {"status": "ACCEPTED"}, 1)
    with client.engine.begin() as c:
        c.execute(OutboxItem.__table__.update().where(OutboxItem.id < 3).values(
            status="done", applied_at=utcnow() - timedelta(days=31)))
        c.execute(OutboxItem.__table__.update().where(OutboxItem.id == 2).values(status="failed"))
    assert client.prune() == 1
    with client.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(OutboxItem)).scalar() == 2
