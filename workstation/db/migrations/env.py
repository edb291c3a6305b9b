"""Alembic environment: uses the engine handed in by ``workstation.db.migrate``."""
from alembic import context

from workstation.db.base import load_all_models

config = context.config
target_metadata = load_all_models()
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
