"""Alembic environment of the sync service: uses the engine handed in by ``sync.service.migrate``."""
from alembic import context

from sync.service.models import metadata

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, version_table="sync_alembic_version")
    with context.begin_transaction():
        context.run_migrations()
