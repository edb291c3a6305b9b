"""Start-up skips Alembic when the local database is already at every branch's head, and still migrates a
database that is behind (or new)."""
from __future__ import annotations

import subprocess
import sys

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from workstation.db.engine import make_engine, sqlite_url
from workstation.db.migrate import alembic_config, is_current, script_heads, upgrade


def test_heads_read_from_the_files_are_alembics_heads(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "a.db"))
    assert script_heads() == set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def test_new_and_behind_databases_are_migrated(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "a.db"))
    assert not is_current(engine)  # new: no version table
    upgrade(engine)
    assert is_current(engine) and "reading_orders" in inspect(engine).get_table_names()
    behind = make_engine(sqlite_url(tmp_path / "b.db"))
    command.upgrade(alembic_config(behind), "reading_0001")  # only the reading branch's first step
    assert not is_current(behind)
    upgrade(behind)
    assert is_current(behind)
    assert {"archive_meta", "dicom_net_remote_node"} <= set(inspect(behind).get_table_names())


def test_a_current_database_opens_without_alembic(tmp_path):
    url = sqlite_url(tmp_path / "a.db")
    upgrade(make_engine(url))
    code = ("import sys\nfrom workstation.db.engine import make_engine\nfrom workstation.db.migrate import upgrade\n"
            f"upgrade(make_engine({url!r}))\nprint('alembic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
