"""The web app: upload a contract in the browser, read the review, download the reports.

A thin edge over `ReviewEngine` (run in a worker pool) and the report
renderers; FastAPI with server-rendered Jinja2 pages, SQLite by default.
Needs the `web` extra.
"""
