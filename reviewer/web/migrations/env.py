"""Alembic environment: always called by `reviewer.web.db.upgrade` with an open connection.

The caller holds the transaction (and, on PostgreSQL, a lock against a second
process upgrading at the same time), so this only points Alembic at it.
"""

from __future__ import annotations

from alembic import context

from reviewer.web.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through the reviewer (any `reviewer serve` or `reviewer users` "
        "command upgrades the database), not the alembic command line"
    )
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
