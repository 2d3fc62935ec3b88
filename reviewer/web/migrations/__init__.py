"""Alembic migrations of the web app's database (run by `reviewer.web.db.upgrade`)."""
